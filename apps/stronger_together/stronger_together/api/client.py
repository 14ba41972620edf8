"""Frappe's generic client endpoints that skip the permission check, replaced by checked ones
(hooks: override_whitelisted_methods).

`frappe.client.get_count` (Frappe 15) counts with `frappe.db.count`: no role check, no list conditions. Any
logged-in user, a network member's portal user too, could count any DocType and, with filters, confirm a
member's national ID or phone digit by digit. The replacement counts through `frappe.get_list`, as the
desk's own list count (`frappe.desk.reportview.get_count`) does: the user's roles, the scope and the
personal-data guard of `permissions/` apply.

Frappe's SMS endpoints `send_sms` and `get_contact_number` are whitelisted for every logged-in user: a
member's portal user could send SMS through the programme's gateway to any number, and read a contact's
number by name. The replacements keep them for desk users (and the contact for those who may read it).
"""

import frappe
from frappe import _
from frappe.client import get_safe_filters
from frappe.core.doctype.sms_settings import sms_settings


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""hooks: override of frappe.client.get_count (same arguments; `debug` and `cache` are ignored)."""
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(distinct `tab{doctype}`.name) as total_count"],
		order_by="",
		limit_page_length=0,
	)
	return rows[0].get("total_count") if rows else 0


def _desk_user_only():
	if frappe.session.user == "Guest" or frappe.get_cached_value(
		"User", frappe.session.user, "user_type"
	) != ("System User"):
		frappe.throw(_("Not permitted"), frappe.PermissionError)


@frappe.whitelist()
def send_sms(receiver_list, msg, sender_name="", success_msg=True):
	"""hooks: override of frappe.core.doctype.sms_settings.sms_settings.send_sms (desk users only)."""
	_desk_user_only()
	return sms_settings.send_sms(receiver_list, msg, sender_name, success_msg)


@frappe.whitelist()
def get_contact_number(contact_name, ref_doctype, ref_name):
	"""hooks: override of frappe.core.doctype.sms_settings.sms_settings.get_contact_number: a contact's
	number, for a desk user who may read that contact."""
	_desk_user_only()
	frappe.has_permission("Contact", "read", contact_name, throw=True)
	return sms_settings.get_contact_number(contact_name, ref_doctype, ref_name)
