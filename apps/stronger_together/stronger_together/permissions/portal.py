"""The members' portal: who is a portal member, what they may see, and who manages their accounts.

A network member's portal user is a Website User with the "Network Member" role, which has no DocType
permissions: the desk, REST, reports and search give it nothing (the list conditions and document checks
would let it read only its own member record and the issues it reported, but no role opens the door). The
portal pages and endpoints serve a member server-side, and only through these checks.
"""

import frappe

from stronger_together.permissions.scope import get_scope
from stronger_together.setup.roles import ADMIN, COORDINATOR

ACCOUNT_ADMIN_ROLES = frozenset({"System Manager", ADMIN})
MEMBER_FIELDS = ["name", "full_name", "first_name", "station", "subdistrict", "status", "mobile", "user"]


def portal_member(user: str | None = None) -> frappe._dict | None:
	"""The ACTIVE Network Member whose enabled portal user `user` is (default: the session user), or None."""
	user = user or frappe.session.user
	if not user or user in ("Guest", "Administrator"):
		return None
	member = frappe.db.get_value("Network Member", {"user": user}, MEMBER_FIELDS, as_dict=True)
	if not member or member.status != "Active":
		return None
	if not frappe.db.get_value("User", user, "enabled"):
		return None
	return member


def own_issue(member: str, issue: str) -> bool:
	"""Is `issue` one that `member` reported? (The only issues a member's pages show.)"""
	return bool(member and issue) and frappe.db.get_value("Community Issue", issue, "reporter") == member


def may_manage_member_accounts(station: str, user: str | None = None) -> bool:
	"""Admins create portal accounts for any station; a coordinator officer only for stations in their
	own unit's subtree (their scope's visible units)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	roles = set(frappe.get_roles(user))
	if roles & ACCOUNT_ADMIN_ROLES:
		return True
	return COORDINATOR in roles and station in get_scope(user).visible_units
