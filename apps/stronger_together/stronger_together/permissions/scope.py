"""The one permissions module: unit-scoped access, wired in hooks.py.

A user's scope comes from what admins already record, never from User Permission rows:
- the areas of the ACTIVE committees the user sits on today (a Police Unit subtree for station,
  division, bureau and national committees; a District; a Province), and
- the Police Unit of a Coordinator Officer record linked to the user (that unit's subtree).
National HQ Officer, Stronger Together Admin and System Manager see everything.

`permission_query_conditions` filters every list query (desk list, report view, REST /api/resource,
frappe.client.get_list, frappe.get_list in reports, link search, exports); `has_permission` checks
single documents (form, REST GET/PUT, frappe.client.get). Both use the same scope.
"""

import frappe

from stronger_together.ladder import committees
from stronger_together.setup.roles import ADMIN, NATIONAL_HQ

SEE_ALL_ROLES = frozenset({"System Manager", ADMIN, NATIONAL_HQ})
NOTHING = "1=0"


class Scope:
	"""Units (lft, rgt ranges of the Police Unit tree), districts, provinces and committees a user covers."""

	def __init__(self):
		self.all = False
		self.units: list[tuple[int, int]] = []
		self.districts: set[str] = set()
		self.provinces: set[str] = set()
		self.committees: set[str] = set()
		self.chaired: set[str] = set()  # committees the user chairs or acts as chair of today

	@property
	def empty(self) -> bool:
		return not (self.all or self.units or self.districts or self.provinces or self.committees)


def get_scope(user: str | None = None) -> Scope:
	user = user or frappe.session.user
	cache = getattr(frappe.local, "st_scope_cache", None)
	if cache is None:
		cache = frappe.local.st_scope_cache = {}
	if user not in cache:
		cache[user] = _build_scope(user)
	return cache[user]


def clear_scope_cache():
	frappe.local.st_scope_cache = {}


def _build_scope(user: str) -> Scope:
	scope = Scope()
	if user == "Administrator" or SEE_ALL_ROLES & set(frappe.get_roles(user)):
		scope.all = True
		return scope
	units = []
	for m in committees.memberships(user):
		scope.committees.add(m.committee)
		if committees.is_chair_row(m):
			scope.chaired.add(m.committee)
		if m.committee_level == "National HQ":
			scope.all = True
		elif m.committee_level == "District":
			scope.districts.add(m.district)
		elif m.committee_level == "Province":
			scope.provinces.add(m.province)
		elif m.police_unit:
			units.append(m.police_unit)
	units += frappe.get_all(
		"Coordinator Officer", filters={"user": user, "police_unit": ("is", "set")}, pluck="police_unit"
	)
	if units:
		scope.units = [
			(r.lft, r.rgt)
			for r in frappe.get_all("Police Unit", filters={"name": ("in", units)}, fields=["lft", "rgt"])
		]
	return scope


# ---- SQL conditions -----------------------------------------------------------------------------


def _in(values) -> str:
	return ", ".join(frappe.db.escape(v) for v in sorted(values))


def _units_subquery(scope: Scope) -> str:
	ranges = " or ".join(f"(pu.lft >= {int(lft)} and pu.rgt <= {int(rgt)})" for lft, rgt in scope.units)
	return f"(select pu.name from `tabPolice Unit` pu where {ranges})"


def _any_of(scope: Scope, **tests: str) -> str:
	"""The OR of the scope's areas. `tests` maps an area kind (units, districts, provinces, committees) to a
	condition with `{}` where that kind's values go; kinds left out, or that the scope lacks, add nothing."""
	if scope.all:
		return ""
	values = {
		"units": lambda: _units_subquery(scope),
		"districts": lambda: f"({_in(scope.districts)})",
		"provinces": lambda: f"({_in(scope.provinces)})",
		"committees": lambda: f"({_in(scope.committees)})",
	}
	parts = [test.format(values[kind]()) for kind, test in tests.items() if getattr(scope, kind)]
	return "(" + " or ".join(parts) + ")" if parts else NOTHING


def issue_condition(scope: Scope, table: str = "`tabCommunity Issue`") -> str:
	return _any_of(
		scope,
		units=f"{table}.station in {{}}",
		districts=f"{table}.district in {{}}",
		provinces=f"{table}.province in {{}}",
		committees=f"{table}.current_committee in {{}}",
	)


def unit_condition(scope: Scope, column: str) -> str:
	"""For records that belong to one Police Unit (`column`): the unit lies in the user's areas."""
	return _any_of(
		scope,
		units=f"{column} in {{}}",
		districts=f"{column} in (select j.parent from `tabPolice Unit Jurisdiction` j "
		"where j.parenttype = 'Police Unit' and j.district in {})",
		provinces=f"{column} in (select p.name from `tabPolice Unit` p where p.province in {{}})",
	)


def _user_scope(user):
	return get_scope(user or frappe.session.user)


def community_issue_query(user: str | None = None, doctype: str | None = None) -> str:
	return issue_condition(_user_scope(user))


def community_issue_log_query(user: str | None = None, doctype: str | None = None) -> str:
	scope = _user_scope(user)
	if scope.all:
		return ""
	inner = issue_condition(scope, "ci")
	if inner == NOTHING:
		return NOTHING
	return (
		"`tabCommunity Issue Log`.community_issue in "
		f"(select ci.name from `tabCommunity Issue` ci where {inner})"
	)


def committee_query(user: str | None = None, doctype: str | None = None) -> str:
	return _any_of(
		_user_scope(user),
		committees="`tabCommittee`.name in {}",
		units="`tabCommittee`.police_unit in {}",
		districts="`tabCommittee`.district in {}",
		provinces="`tabCommittee`.province in {}",
	)


# Fields of Network Member at permlevel 1: Frappe strips them from the results of a user who may not
# read them, but still lets that user filter or sort on them, which would confirm that an ID is registered.
PERSONAL_FIELDS = ("national_id", "mobile")
QUERY_PARAMS = ("filters", "or_filters", "order_by", "group_by", "sort_by")


def queries_unreadable_personal_data(user: str | None = None) -> bool:
	form = getattr(frappe.local, "form_dict", None)
	if not form or 1 in frappe.get_meta("Network Member").get_permlevel_access("read", user=user):
		return False
	asked = " ".join(str(form.get(key) or "") for key in QUERY_PARAMS)
	return any(field in asked for field in PERSONAL_FIELDS)


def network_member_query(user: str | None = None, doctype: str | None = None) -> str:
	if queries_unreadable_personal_data(user):
		return NOTHING
	return _any_of(
		_user_scope(user),
		units="`tabNetwork Member`.station in {}",
		districts="`tabNetwork Member`.district in {}",
		provinces="`tabNetwork Member`.station in (select p.name from `tabPolice Unit` p where p.province in {})",
	)


def workflow_action_query(user: str | None = None, doctype: str | None = None) -> str:
	"""Frappe lists a Workflow Action to every holder of the next role; for an issue only its chairs see it."""
	scope = _user_scope(user)
	if scope.all:
		return ""
	chaired = f"({_in(scope.chaired)})" if scope.chaired else "('')"
	return (
		"(`tabWorkflow Action`.reference_doctype != 'Community Issue' or `tabWorkflow Action`.reference_name in "
		f"(select ci.name from `tabCommunity Issue` ci where ci.current_committee in {chaired}))"
	)


def monthly_unit_report_query(user: str | None = None, doctype: str | None = None) -> str:
	return unit_condition(_user_scope(user), "`tabMonthly Unit Report`.police_unit")


# ---- single documents ---------------------------------------------------------------------------


def _unit_in_scope(scope: Scope, unit: str | None) -> bool:
	if not unit or not scope.units:
		return False
	lft_rgt = frappe.db.get_value("Police Unit", unit, ["lft", "rgt"])
	if not lft_rgt:
		return False
	lft, rgt = lft_rgt
	return any(a <= lft and rgt <= b for a, b in scope.units)


def _unit_in_civil_scope(scope: Scope, unit: str | None) -> bool:
	if not unit:
		return False
	if scope.provinces and frappe.db.get_value("Police Unit", unit, "province") in scope.provinces:
		return True
	if scope.districts:
		served = frappe.get_all(
			"Police Unit Jurisdiction",
			filters={"parent": unit, "parenttype": "Police Unit"},
			pluck="district",
		)
		return bool(scope.districts & set(served))
	return False


def _decide(allowed: bool):
	# Controllers can only deny (frappe.permissions.has_controller_permissions); None lets roles decide
	return None if allowed else False


def community_issue_permission(doc, ptype=None, user=None, debug=False):
	scope = _user_scope(user)
	if scope.all:
		return None
	if not doc.get("district") and doc.get("subdistrict") and (scope.districts or scope.provinces):
		# a new issue is checked before validate fills in its district and province
		district, province = frappe.db.get_value(
			"Subdistrict", doc.get("subdistrict"), ["district", "province"]
		) or (
			None,
			None,
		)
		doc = (
			{**doc.as_dict(), "district": district, "province": province} if hasattr(doc, "as_dict") else doc
		)
	return _decide(
		_unit_in_scope(scope, doc.get("station"))
		or doc.get("district") in scope.districts
		or doc.get("province") in scope.provinces
		or (doc.get("current_committee") in scope.committees if doc.get("current_committee") else False)
	)


def community_issue_log_permission(doc, ptype=None, user=None, debug=False):
	scope = _user_scope(user)
	if scope.all:
		return None
	issue = frappe.db.get_value(
		"Community Issue",
		doc.get("community_issue"),
		["station", "district", "province", "current_committee"],
		as_dict=True,
	)
	return _decide(bool(issue) and community_issue_permission(issue, ptype, user) is None)


def committee_permission(doc, ptype=None, user=None, debug=False):
	scope = _user_scope(user)
	if scope.all:
		return None
	return _decide(
		doc.get("name") in scope.committees
		or _unit_in_scope(scope, doc.get("police_unit"))
		or (doc.get("district") in scope.districts if doc.get("district") else False)
		or (doc.get("province") in scope.provinces if doc.get("province") else False)
	)


def network_member_permission(doc, ptype=None, user=None, debug=False):
	scope = _user_scope(user)
	if scope.all:
		return None
	return _decide(
		_unit_in_scope(scope, doc.get("station"))
		or (doc.get("district") in scope.districts if doc.get("district") else False)
		or (
			bool(scope.provinces)
			and frappe.db.get_value("Police Unit", doc.get("station"), "province") in scope.provinces
		)
	)


def monthly_unit_report_permission(doc, ptype=None, user=None, debug=False):
	scope = _user_scope(user)
	if scope.all:
		return None
	unit = doc.get("police_unit")
	return _decide(_unit_in_scope(scope, unit) or _unit_in_civil_scope(scope, unit))


def on_scope_change(doc=None, method=None):
	"""A Coordinator Officer record changed: its user's role and scope follow (doc_events in hooks.py)."""
	clear_scope_cache()
	if doc is not None:
		users = {doc.get("user")}
		before = doc.get_doc_before_save() if method == "on_update" else None
		if before:
			users.add(before.get("user"))
		for user in users - {None, ""}:
			committees.sync_coordinator_role(user, exclude=doc.name if method == "on_trash" else None)
