# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""Units whose monthly report is missing, still a draft, or submitted late."""

import frappe
from frappe import _

from stronger_together.reporting.monthly import outstanding
from stronger_together.utils.thai import format_be_month


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not (filters.get("year") and filters.get("month")):
		return get_columns(), []
	year, month = int(filters["year"]), int(filters["month"])
	rows = outstanding(year, month, filters.get("police_unit"), visible_to=frappe.session.user)
	for row in rows:
		row["month_be"] = format_be_month(year, month)
		row["unit_type"] = _(row["unit_type"])
		row["status"] = _(row["status"])
	return get_columns(), rows


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "police_unit",
			"label": _("Police Unit"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 180,
		},
		{"fieldname": "unit_type", "label": _("Unit Type"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "parent_unit",
			"label": _("Parent Unit"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 150,
		},
		{"fieldname": "month_be", "label": _("Month (B.E.)"), "fieldtype": "Data", "width": 100},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "report",
			"label": _("Monthly Unit Report"),
			"fieldtype": "Link",
			"options": "Monthly Unit Report",
			"width": 190,
		},
	]
