# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""Issues per unit × rung × status, and how many of them are possible recurrences of an earlier issue (same
category and sub-district, still open or recently resolved), read through frappe.get_list (unit-scoped)."""

import frappe
from frappe import _

from stronger_together.ladder.rungs import RUNGS
from stronger_together.ladder.transitions import STATES
from stronger_together.reporting.filters import GROUP_LEVELS, date_filters, unit_filters


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	level = filters.get("group_by") or "Station"
	if level not in GROUP_LEVELS:
		frappe.throw(_("Cannot group by {0}.").format(level))
	field = GROUP_LEVELS[level]
	return get_columns(level), get_data(filters, field)


def get_columns(level: str) -> list[dict]:
	options = "Police Unit" if level in ("Station", "Division", "Bureau") else level
	columns = [
		{"fieldname": "unit", "label": _(level), "fieldtype": "Link", "options": options, "width": 180},
		{"fieldname": "rung", "label": _("Rung"), "fieldtype": "Data", "width": 120},
	]
	columns += [
		{"fieldname": frappe.scrub(state), "label": _(state), "fieldtype": "Int", "width": 110}
		for state in STATES
	]
	columns.append({"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 90})
	columns.append(
		{"fieldname": "recurrences", "label": _("Possible Recurrences"), "fieldtype": "Int", "width": 120}
	)
	return columns


def get_data(filters: dict, field: str) -> list[dict]:
	conditions = unit_filters(filters.get("police_unit")) + date_filters(filters)
	if filters.get("category"):
		conditions.append(["Community Issue", "category", "=", filters["category"]])
	rows = frappe.get_list(
		"Community Issue",
		filters=conditions,
		fields=[f"{field} as unit", "current_rung", "workflow_state", "count(name) as n"],
		group_by=f"{field}, current_rung, workflow_state",
		order_by="",
	)
	recurrences = frappe.get_list(
		"Community Issue",
		filters=[*conditions, ["Community Issue", "possible_recurrence_of", "is", "set"]],
		fields=[f"{field} as unit", "current_rung", "count(name) as n"],
		group_by=f"{field}, current_rung",
		order_by="",
	)
	table: dict[tuple[str, str], dict] = {}

	def line_for(unit, rung):
		key = (unit or "", rung or "")
		return table.setdefault(
			key,
			{
				"unit": key[0],
				"rung": _(key[1]),
				"_rung": key[1],
				"total": 0,
				"recurrences": 0,
				**{frappe.scrub(s): 0 for s in STATES},
			},
		)

	for row in rows:
		line = line_for(row.unit, row.current_rung)
		state_field = frappe.scrub(row.workflow_state or "")
		if state_field in line:
			line[state_field] += row.n
		line["total"] += row.n
	for row in recurrences:
		line_for(row.unit, row.current_rung)["recurrences"] += row.n
	order = {rung: i for i, rung in enumerate(RUNGS)}
	return sorted(table.values(), key=lambda r: (r["unit"], order.get(r["_rung"], 99)))
