"""Frappe's own read endpoints that skip its permission checks, replaced by ones that apply them
(hooks: override_whitelisted_methods). These change Frappe's behaviour for every DocType of the site: the
README says so.

- `frappe.client.get_count` counts with `frappe.db.count`, which applies no permission at all: any logged-in
  user could count every Network Member and, filtering on a hidden field, confirm a national ID digit by
  digit. Here the count is the length of the list the user may read: their read permission, the area
  conditions and the personal-data guard (`permissions/`), as `frappe.desk.reportview.get_count` does.
- `frappe.desk.search.get_link_title` reads any record's title by name, with no permission check; here the
  title comes only with read (or select) permission on that record.
- Frappe's SMS endpoints `send_sms` and `get_contact_number` are whitelisted for every logged-in user: a
  network member's portal user could send SMS through the programme's gateway to any number, and read a
  contact's number by name. Here they are kept for desk users (and the number for those who may read the
  contact).
"""

import json
import re

import frappe
from frappe import _
from frappe.core.doctype.sms_settings import sms_settings
from frappe.model.db_query import check_parent_permission
from frappe.utils import get_safe_filters


@frappe.whitelist()
def get_count(
	doctype: str, filters=None, debug: bool = False, cache: bool = False, parent: str | None = None
) -> int:
	"""The number of `doctype` records matching `filters` that the user may read (`debug` and `cache` of
	Frappe's signature are accepted and ignored)."""
	if frappe.is_table(doctype):
		check_parent_permission(parent, doctype)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(`tab{doctype}`.`name`) as total_count"],
		parent_doctype=parent,
		order_by=None,
		limit_page_length=0,
	)
	return rows[0].total_count if rows else 0


@frappe.whitelist()
def get_link_title(doctype: str, docname: str) -> str | None:
	"""The title the desk shows for a link, for records the session user may see; else just the name."""
	meta = frappe.get_meta(doctype)
	if not meta.show_title_field_in_link or not meta.title_field:
		return docname
	if not (
		frappe.has_permission(doctype, "select", docname) or frappe.has_permission(doctype, "read", docname)
	):
		return docname
	return frappe.db.get_value(doctype, docname, meta.title_field)


def _desk_user_only():
	if frappe.session.user == "Guest" or frappe.get_cached_value(
		"User", frappe.session.user, "user_type"
	) != ("System User"):
		frappe.throw(_("Not permitted"), frappe.PermissionError)


@frappe.whitelist()
def send_sms(receiver_list, msg, sender_name="", success_msg=True):
	"""hooks: override of frappe.core.doctype.sms_settings.sms_settings.send_sms (desk users only). The
	receivers come as a list, a JSON list or numbers separated by commas or new lines; anything else is a
	clear refusal, not Frappe's JSON error."""
	_desk_user_only()
	receivers = _receivers(receiver_list)
	if not isinstance(msg, str) or not msg.strip():
		frappe.throw(_("Enter the message to send."), frappe.ValidationError, title=_("SMS"))
	return sms_settings.send_sms(receivers, msg, sender_name, success_msg)


def _receivers(receiver_list) -> list[str]:
	value = receiver_list
	if isinstance(value, str):
		try:
			value = json.loads(value)
		except ValueError:
			value = [part for part in re.split(r"[,\n]", value) if part.strip()]
	if isinstance(value, str | int):
		value = [value]
	if (
		not isinstance(value, list)
		or not value
		or not all(
			isinstance(number, str | int)
			and not isinstance(number, bool)
			and re.fullmatch(r"\+?[\d\s()-]{3,20}", str(number).strip())
			for number in value
		)
	):
		frappe.throw(
			_("Enter the receivers as mobile numbers separated by commas."),
			frappe.ValidationError,
			title=_("SMS"),
		)
	return [str(number).strip() for number in value]


@frappe.whitelist()
def get_contact_number(contact_name, ref_doctype, ref_name):
	"""hooks: override of frappe.core.doctype.sms_settings.sms_settings.get_contact_number: a contact's
	number, for a desk user who may read that contact."""
	_desk_user_only()
	frappe.has_permission("Contact", "read", contact_name, throw=True)
	return sms_settings.get_contact_number(contact_name, ref_doctype, ref_name)
