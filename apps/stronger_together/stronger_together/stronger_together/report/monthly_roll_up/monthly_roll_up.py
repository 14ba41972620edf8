# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""A unit's monthly roll-up: its own submitted report and those of the units directly below it.

Reads only the precomputed Monthly Unit Reports (never raw issues), through frappe.get_list (unit-scoped).
"""

import frappe
from frappe import _

from stronger_together.reporting import rollup

FIGURE_LABELS = {
	"issues_received": "Issues Received",
	"issues_solved_at_station": "Solved at Station",
	"issues_solved_above_station": "Solved Above Station",
	"issues_escalated": "Escalated",
	"issues_pending": "Pending",
	"issues_overdue": "Overdue",
	"issues_reported_to_government": "Reported to Government",
	"members_active": "Active Members",
	"members_trained": "Trained Members",
	"members_quota": "Member Quota",
	"meetings_held": "Committee Meetings Held",
	"resolutions_made": "Resolutions Made",
}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if not (filters.get("police_unit") and filters.get("year") and filters.get("month")):
		return get_columns(), []
	data = get_data(filters)
	return get_columns(), data, None, None, get_summary(data)


def get_columns() -> list[dict]:
	columns = [
		{
			"fieldname": "police_unit",
			"label": _("Police Unit"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 170,
		},
		{
			"fieldname": "report",
			"label": _("Monthly Unit Report"),
			"fieldtype": "Link",
			"options": "Monthly Unit Report",
			"width": 190,
		},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
	]
	columns += [
		{"fieldname": f, "label": _(label), "fieldtype": "Int", "width": 110}
		for f, label in FIGURE_LABELS.items()
	]
	columns.append(
		{
			"fieldname": "training_coverage",
			"label": _("Training Coverage"),
			"fieldtype": "Percent",
			"width": 110,
		}
	)
	return columns


def get_data(filters: dict) -> list[dict]:
	unit = filters["police_unit"]
	year, month = int(filters["year"]), int(filters["month"])
	fields = ["name", "police_unit", "docstatus", "training_coverage", *rollup.ALL_FIGURES]
	own = frappe.get_list(
		"Monthly Unit Report",
		filters={"police_unit": unit, "year": year, "month": month, "docstatus": 1},
		fields=fields,
		limit=1,
	)
	children = frappe.get_list(
		"Monthly Unit Report",
		filters={"parent_unit": unit, "year": year, "month": month, "docstatus": 1},
		fields=fields,
		order_by="police_unit asc",
	)
	rows = []
	for report, indent in [(r, 0) for r in own] + [(r, 1) for r in children]:
		row = {f: report.get(f) for f in (*rollup.ALL_FIGURES, "training_coverage")}
		row.update(
			{
				"police_unit": report.police_unit,
				"report": report.name,
				"status": _("Submitted"),
				"indent": indent,
			}
		)
		rows.append(row)
	return rows


def get_summary(data: list[dict]) -> list[dict]:
	if not data or data[0].get("indent"):
		return []
	top = data[0]
	return [
		{"value": top["issues_received"], "label": _("Issues Received"), "datatype": "Int"},
		{
			"value": top["issues_solved_at_station"],
			"label": _("Solved at Station"),
			"datatype": "Int",
			"indicator": "Green",
		},
		{"value": top["issues_pending"], "label": _("Pending"), "datatype": "Int", "indicator": "Orange"},
		{"value": top["issues_overdue"], "label": _("Overdue"), "datatype": "Int", "indicator": "Red"},
		{"value": top["training_coverage"], "label": _("Training Coverage"), "datatype": "Percent"},
	]
