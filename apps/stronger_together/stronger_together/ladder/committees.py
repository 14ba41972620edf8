"""Committee membership: who sits where, who chairs today, and the roles that follow from it.

Admins only put people on committees; roles and scope follow from here (no User Permission rows).
"""

import frappe
from frappe.utils import getdate, nowdate

from stronger_together.ladder.routing import AREA_KIND
from stronger_together.ladder.rungs import COMMITTEE_RUNGS
from stronger_together.permissions.scope import clear_scope_cache
from stronger_together.setup.roles import COORDINATOR, NATIONAL_HQ, chair_role, member_role

# Roles this module owns: added and removed by membership. NATIONAL_HQ is only ever added here.
MANAGED_ROLES: frozenset[str] = frozenset(
	[chair_role(r) for r in COMMITTEE_RUNGS] + [member_role(r) for r in COMMITTEE_RUNGS]
)


def is_current(row, on_date=None) -> bool:
	"""Whether a Committee Member row is in force on `on_date` (open-ended dates count as in force)."""
	day = getdate(on_date or nowdate())
	if row.get("from_date") and getdate(row.get("from_date")) > day:
		return False
	if row.get("to_date") and getdate(row.get("to_date")) < day:
		return False
	return True


def is_chair_row(row) -> bool:
	"""A chair, or a member appointed acting chair for a period."""
	return row.get("position") == "Chair" or bool(row.get("is_acting_chair"))


def area_of(committee) -> str | None:
	"""The area value a committee serves (a Police Unit, District or Province name)."""
	kind = AREA_KIND.get(committee.get("committee_level"))
	return {
		"Police Unit": committee.get("police_unit"),
		"District": committee.get("district"),
		"Province": committee.get("province"),
	}.get(kind)


def memberships(user: str, on_date=None) -> list[frappe._dict]:
	"""The user's rows on active committees, in force on `on_date`, with the committee's level and area."""
	rows = frappe.db.sql(
		"""select c.name as committee, c.committee_level, c.police_unit, c.district, c.province,
			m.position, m.is_acting_chair, m.from_date, m.to_date
		from `tabCommittee Member` m join `tabCommittee` c on c.name = m.parent
		where m.parenttype = 'Committee' and m.user = %s and c.is_active = 1""",
		user,
		as_dict=True,
	)
	return [r for r in rows if is_current(r, on_date)]


def chairs_of(committee: str, on_date=None) -> list[str]:
	"""Users who chair (or act as chair of) `committee` on `on_date`."""
	rows = frappe.get_all(
		"Committee Member",
		filters={"parent": committee, "parenttype": "Committee"},
		fields=["user", "position", "is_acting_chair", "from_date", "to_date"],
	)
	return sorted({r.user for r in rows if is_chair_row(r) and is_current(r, on_date)})


def is_chair(user: str, committee: str, on_date=None) -> bool:
	return bool(committee) and user in chairs_of(committee, on_date)


def members_on(committee: str, on_date=None) -> list[frappe._dict]:
	"""The committee's rows in force on `on_date` (user, full_name, position, is_acting_chair), in the order
	minutes list them: chair, vice-chairs, members, secretary."""
	rows = frappe.get_all(
		"Committee Member",
		filters={"parent": committee, "parenttype": "Committee"},
		fields=["user", "full_name", "position", "is_acting_chair", "from_date", "to_date", "idx"],
		order_by="idx asc",
	)
	order = {"Chair": 0, "Vice-Chair": 1, "Member": 2, "Secretary": 3}
	current = [r for r in rows if r.user and is_current(r, on_date)]
	return sorted(current, key=lambda r: (0 if is_chair_row(r) else 1 + order.get(r.position, 2), r.idx))


def is_officer(user: str, committee: str, on_date=None) -> bool:
	"""The committee's chair, acting chair or secretary on `on_date`: who keeps its meetings."""
	return bool(committee) and any(
		r.user == user and (is_chair_row(r) or r.position == "Secretary")
		for r in members_on(committee, on_date)
	)


def roles_for(rows) -> set[str]:
	"""The roles a user's in-force memberships give."""
	roles = set()
	for r in rows:
		level = r.committee_level
		if level == "National HQ":
			roles.add(NATIONAL_HQ)
		elif level in COMMITTEE_RUNGS:
			roles.add(chair_role(level) if is_chair_row(r) else member_role(level))
	return roles


def sync_user_roles(user: str) -> None:
	"""Give `user` exactly the committee roles their memberships call for (NATIONAL_HQ is only added)."""
	if not user or user in ("Administrator", "Guest") or not frappe.db.exists("User", user):
		return
	clear_scope_cache()
	wanted = roles_for(memberships(user))
	doc = frappe.get_doc("User", user)
	have = {r.role for r in doc.roles}
	to_add = wanted - have
	to_remove = (have & MANAGED_ROLES) - wanted
	if not to_add and not to_remove:
		return
	doc.set("roles", [r for r in doc.roles if r.role not in to_remove])
	for role in sorted(to_add):
		doc.append("roles", {"role": role})
	doc.flags.ignore_permissions = True
	doc.save()
	clear_scope_cache()


def sync_roles_for_changed_periods() -> None:
	"""Daily: re-sync users whose membership period started today or ended yesterday."""
	today = getdate(nowdate())
	users = frappe.db.sql(
		"""select distinct user from `tabCommittee Member`
		where parenttype = 'Committee' and (from_date = %s or to_date = date_sub(%s, interval 1 day))""",
		(today, today),
		pluck=True,
	)
	for user in users:
		sync_user_roles(user)
	clear_scope_cache()


def sync_coordinator_role(user: str, exclude: str | None = None) -> None:
	"""A user linked to a Coordinator Officer record holds the Coordinator Officer role, and only then."""
	if not user or user in ("Administrator", "Guest") or not frappe.db.exists("User", user):
		return
	filters = {"user": user}
	if exclude:
		filters["name"] = ("!=", exclude)
	wanted = bool(frappe.db.exists("Coordinator Officer", filters))
	doc = frappe.get_doc("User", user)
	has = any(r.role == COORDINATOR for r in doc.roles)
	if wanted == has:
		return
	if wanted:
		doc.append("roles", {"role": COORDINATOR})
	else:
		doc.set("roles", [r for r in doc.roles if r.role != COORDINATOR])
	doc.flags.ignore_permissions = True
	doc.save()
	clear_scope_cache()


def on_coordinator_change(doc, method=None):
	"""doc_event on Coordinator Officer: its user (and a user it was unlinked from) holds the role only while linked."""
	users = {doc.get("user")}
	before = doc.get_doc_before_save() if method == "on_update" else None
	if before:
		users.add(before.get("user"))
	for user in users - {None, ""}:
		sync_coordinator_role(user, exclude=doc.name if method == "on_trash" else None)
