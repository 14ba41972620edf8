"""Roles of the programme, seeded idempotently.

A committee role exists for each rung that has a committee of its own (station to bureau);
national HQ acts through the National HQ Officer role.
"""

import frappe

from stronger_together.ladder.rungs import COMMITTEE_RUNGS

ADMIN = "Stronger Together Admin"
NATIONAL_HQ = "National HQ Officer"
COORDINATOR = "Coordinator Officer"
# Network members' portal users: a website role (no desk) with no DocType permissions at all
MEMBER = "Network Member"


def chair_role(rung: str) -> str:
	return f"{rung} Committee Chair"


def member_role(rung: str) -> str:
	return f"{rung} Committee Member"


def all_roles() -> list[str]:
	roles = [ADMIN, NATIONAL_HQ, COORDINATOR]
	for rung in COMMITTEE_RUNGS:
		roles += [chair_role(rung), member_role(rung)]
	return roles


def sync_roles():
	existing = set(frappe.get_all("Role", filters={"name": ("in", all_roles())}, pluck="name"))
	for role in all_roles():
		if role not in existing:
			frappe.get_doc({"doctype": "Role", "role_name": role, "desk_access": 1}).insert(
				ignore_permissions=True
			)
	sync_member_role()


def sync_member_role():
	"""The members' website role: no desk access, and the member portal as home page (after Frappe's own
	login a member lands there). Kept so on every migrate."""
	values = {"desk_access": 0, "home_page": "/member"}
	if not frappe.db.exists("Role", MEMBER):
		frappe.get_doc({"doctype": "Role", "role_name": MEMBER, **values}).insert(ignore_permissions=True)
	elif frappe.db.get_value("Role", MEMBER, list(values), as_dict=True) != values:
		frappe.db.set_value("Role", MEMBER, values)
