# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""Median and mean days an issue spends on each rung, per bureau, from Community Issue Log.

Only transitions of issues the user may read count: the issues come from frappe.get_list (unit-scoped).
"""

import frappe
from frappe import _

from stronger_together.ladder.rungs import RUNGS
from stronger_together.reporting.filters import date_filters, scoped_issue_query, unit_filters
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
	issues = scoped_issue_query(unit_filters(filters.get("police_unit")))
	date_sql, values = "", {}
	if filters.get("from_date"):
		date_sql += " and log.acted_at >= %(from_date)s"
		values["from_date"] = filters["from_date"]
	if filters.get("to_date"):
		date_sql += " and log.acted_at < date_add(%(to_date)s, interval 1 day)"
		values["to_date"] = filters["to_date"]
	return frappe.db.sql(
		f"""
		select issue.bureau as bureau, log.from_rung as from_rung, log.days_on_rung as days_on_rung
		from `tabCommunity Issue Log` log
		join `tabCommunity Issue` issue on issue.name = log.community_issue
		where ifnull(log.from_rung, '') != '' and log.days_on_rung is not null
			and log.action not in {tuple(NOT_LEAVING)} and log.from_state like 'At %%'
			and log.community_issue in ({issues}) {date_sql}
		""",
		values,
		as_dict=True,
	)


def get_data(filters: dict) -> list[dict]:
	order = {rung: i for i, rung in enumerate(RUNGS)}
	summary = sorted(
		rung_time_summary(get_rows(filters)), key=lambda r: (r["bureau"], order.get(r["rung"], 99))
	)
	for row in summary:
		row["rung"] = _(row["rung"])
	return summary
