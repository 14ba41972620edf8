"""Frappe's own client endpoints, where they must answer as the user's list does.

`get_count` replaces frappe.client.get_count (hooks: override_whitelisted_methods). Frappe 15 counts there
with `frappe.db.count`, which applies no permission at all: any logged-in user could count members by
national ID or phone and so confirm a registration, whatever their role or area. Here the count is the
length of the list the user may read: their read permission, the area conditions and the personal-data
guard (`permissions/`), as `frappe.desk.reportview.get_count` does.
"""

import frappe
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
