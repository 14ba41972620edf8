# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""Was it really solved? Per unit: the resolutions whose reporter was asked, how many said yes, how many
reopened the issue, how many never answered (closed by the system) and how many are still waiting; read
through frappe.get_list (unit-scoped)."""

import frappe
from frappe import _

from stronger_together.ladder import transitions as T
from stronger_together.reporting import rollup
from stronger_together.reporting.filters import GROUP_LEVELS, date_filters, unit_filters


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	level = filters.get("group_by") or "Station"
	if level not in GROUP_LEVELS:
		frappe.throw(_("Cannot group by {0}.").format(level))
	return get_columns(level), get_data(filters, GROUP_LEVELS[level])


def get_columns(level: str) -> list[dict]:
	options = "Police Unit" if level in ("Station", "Division", "Bureau") else level
	return [
		{"fieldname": "unit", "label": _(level), "fieldtype": "Link", "options": options, "width": 180},
		{"fieldname": "asked", "label": _("Reporters Asked"), "fieldtype": "Int", "width": 120},
		{"fieldname": "solved", "label": _("Answered Solved"), "fieldtype": "Int", "width": 120},
		{"fieldname": "reopened", "label": _("Reopened by the Reporter"), "fieldtype": "Int", "width": 140},
		{
			"fieldname": "no_answer",
			"label": _("No Answer (Closed Automatically)"),
			"fieldtype": "Int",
			"width": 160,
		},
		{"fieldname": "waiting", "label": _("Waiting for an Answer"), "fieldtype": "Int", "width": 140},
		{
			"fieldname": "solved_share",
			"label": _("Share Answered Solved"),
			"fieldtype": "Percent",
			"width": 140,
		},
		{"fieldname": "reopened_share", "label": _("Share Reopened"), "fieldtype": "Percent", "width": 120},
	]


def get_data(filters: dict, field: str) -> list[dict]:
	base = [
		*unit_filters(filters.get("police_unit")),
		*date_filters(filters),
		["Community Issue", "reporter", "is", "set"],
	]
	if filters.get("category"):
		base.append(["Community Issue", "category", "=", filters["category"]])
	asked_or = [
		["Community Issue", "workflow_state", "=", T.RESOLVED],
		["Community Issue", "reporter_answer", "is", "set"],
		["Community Issue", "reporter_reopened", "=", 1],
	]
	# one grouped read of the issues whose reporter was asked; the tally is rollup.reporter_answers
	groups = frappe.get_list(
		"Community Issue",
		filters=base,
		or_filters=asked_or,
		fields=[
			f"{field} as unit",
			"workflow_state",
			"reporter_answer",
			"reporter_reopened",
			"count(name) as n",
		],
		group_by=f"{field}, workflow_state, reporter_answer, reporter_reopened",
		order_by="",
	)
	counts = rollup.reporter_answers(groups)
	rows = []
	for unit in sorted(counts):
		row = {"unit": unit, **counts[unit]}
		row["solved_share"] = share(row["solved"], row["asked"])
		row["reopened_share"] = share(row["reopened"], row["asked"])
		rows.append(row)
	return rows


def share(part: int, whole: int) -> float:
	return round(100.0 * part / whole, 1) if whole else 0.0
