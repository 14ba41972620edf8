# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""Median and mean days an issue spends on each rung, per bureau, from Community Issue Log.

Only moves the user may read count: the log comes from frappe.get_list (unit-scoped by the permissions
package, as the issues are).
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from stronger_together.ladder.rungs import RUNGS
from stronger_together.ladder.service import bureau_by_station
from stronger_together.reporting.filters import log_unit_filters
from stronger_together.reporting.rollup import rung_time_summary

# A stay on a rung ends when the issue leaves a rung state ("At ...") by any action but Accept
# (Escalate, Return, Resolve, Reject); Raise, Reopen and Close do not end one.
NOT_LEAVING = ("Raise", "Accept")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "bureau",
			"label": _("Bureau"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 120,
		},
		{"fieldname": "rung", "label": _("Rung"), "fieldtype": "Data", "width": 130},
		{"fieldname": "transitions", "label": _("Transitions"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "median_days",
			"label": _("Median Days"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
		{
			"fieldname": "mean_days",
			"label": _("Mean Days"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
		{
			"fieldname": "max_days",
			"label": _("Longest (Days)"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
	]


def get_rows(filters: dict) -> list[dict]:
	"""The moves off a rung in the date range, read from the log alone (its acted_at index; the
	permissions package scopes the log by the same area as the issues), each with its station's bureau."""
	conditions = [
		["Community Issue Log", "action", "not in", NOT_LEAVING],
		["Community Issue Log", "from_state", "like", "At %"],
		*log_unit_filters(filters.get("police_unit")),
	]
	if filters.get("from_date"):
		conditions.append(["Community Issue Log", "acted_at", ">=", getdate(filters["from_date"])])
	if filters.get("to_date"):
		conditions.append(["Community Issue Log", "acted_at", "<", add_days(getdate(filters["to_date"]), 1)])
	rows = frappe.get_list(
		"Community Issue Log",
		filters=conditions,
		fields=["station", "from_rung", "days_on_rung"],
		order_by="",
		limit_page_length=0,
	)
	bureau_of = bureau_by_station()
	for row in rows:
		row["bureau"] = bureau_of.get(row.station) or ""
	return rows


def get_data(filters: dict) -> list[dict]:
	order = {rung: i for i, rung in enumerate(RUNGS)}
	summary = sorted(
		rung_time_summary(get_rows(filters)), key=lambda r: (r["bureau"], order.get(r["rung"], 99))
	)
	for row in summary:
		row["rung"] = _(row["rung"])
	return summary
