"""Frappe's own read endpoints that skip its permission checks, replaced by ones that apply them
(hooks: override_whitelisted_methods). These change Frappe's behaviour for every DocType of the site: the
README says so.

- `frappe.client.get_count` counts with `frappe.db.count`, which applies no permission at all: any logged-in
user could count every Network Member and, filtering on a hidden field, rebuild a national ID digit by digit.
Here it counts through `frappe.get_list`, like the desk's own count (`frappe.desk.reportview.get_count`):
role permissions, the permissions package's scope and the personal-data guard all apply.
- `frappe.desk.search.get_link_title` reads any record's title by name, with no permission check; here the
title comes only with read (or select) permission on that record.
"""

import frappe
from frappe.utils import get_safe_filters


@frappe.whitelist()
def get_count(
	doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False
) -> int:
	"""The number of `doctype` records matching `filters` that the session user may read."""
	frappe.has_permission(doctype, "read", throw=True)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=["count(*) as total"],
		order_by=None,
		limit_page_length=0,
	)
	return rows[0].total if rows else 0


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
