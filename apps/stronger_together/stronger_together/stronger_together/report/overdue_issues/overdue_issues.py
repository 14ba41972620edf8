# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""Open issues past their rung's due date, read through frappe.get_list (unit-scoped)."""

import frappe
from frappe import _
from frappe.utils import date_diff, getdate, nowdate

from stronger_together.reporting.filters import be, unit_filters
from stronger_together.reporting.rollup import OPEN_STATES


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(), data, None, None, get_summary(data)


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Issue"),
			"fieldtype": "Link",
			"options": "Community Issue",
			"width": 150,
		},
		{"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 220},
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 120},
		{
			"fieldname": "station",
			"label": _("Station"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 150,
		},
		{
			"fieldname": "division",
			"label": _("Division"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 120,
		},
		{
			"fieldname": "bureau",
			"label": _("Bureau"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 90,
		},
		{"fieldname": "rung", "label": _("Rung"), "fieldtype": "Data", "width": 110},
		{"fieldname": "raised_on_be", "label": _("Raised On"), "fieldtype": "Data", "width": 100},
		{"fieldname": "due_be", "label": _("Due Date"), "fieldtype": "Data", "width": 100},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 110},
		{"fieldname": "priority", "label": _("Priority"), "fieldtype": "Data", "width": 90},
	]


def get_data(filters: dict) -> list[dict]:
	conditions = [
		["Community Issue", "is_overdue", "=", 1],
		["Community Issue", "workflow_state", "in", sorted(OPEN_STATES)],
		*unit_filters(filters.get("police_unit")),
	]
	if filters.get("rung"):
		conditions.append(["Community Issue", "current_rung", "=", filters["rung"]])
	rows = frappe.get_list(
		"Community Issue",
		filters=conditions,
		fields=[
			"name",
			"title",
			"category",
			"station",
			"division",
			"bureau",
			"current_rung",
			"raised_on",
			"rung_due_date",
			"priority",
		],
		order_by="rung_due_date asc",
	)
	today = getdate(nowdate())
	for row in rows:
		row.category = _(row.category) if row.category else ""
		row.rung = _(row.current_rung) if row.current_rung else ""
		row.priority = _(row.priority) if row.priority else ""
		row.raised_on_be = be(row.raised_on)
		row.due_be = be(row.rung_due_date)
		row.days_overdue = date_diff(today, row.rung_due_date) if row.rung_due_date else None
	return rows


def get_summary(data: list[dict]) -> list[dict]:
	return [{"value": len(data), "label": _("Overdue Issues"), "datatype": "Int", "indicator": "Red"}]
