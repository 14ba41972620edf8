# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""Issues that reached national HQ or were reported to the government, grouped, with counts.

The same data prints as a Thai PDF and exports as XLSX (stronger_together.reporting.compilation).
"""

import frappe
from frappe import _

from stronger_together.reporting import compilation as nc


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	grouping = filters.get("group_by") or "Category"
	if grouping not in nc.GROUPINGS:
		frappe.throw(_("Cannot group by {0}.").format(grouping))
	rows = nc.get_issues(filters)
	counts = nc.count_by(rows, grouping)
	data = []
	for line in counts:
		data.append(
			{
				"group": line["group"] or "-",
				"title": _("{0} issues").format(line["total"]),
				"total": line["total"],
				"at_national_hq": line["at_national_hq"],
				"reported": line["reported"],
				"indent": 0,
			}
		)
		for row in rows:
			if nc.group_key(row, grouping) != line["group"]:
				continue
			data.append(
				{
					"group": row.name,
					"title": row.title,
					"category": row.category_label,
					"station": row.station,
					"bureau": row.bureau,
					"province": row.province_name,
					"status": row.state_label,
					"raised_on": row.raised_on_be,
					"reported_on": row.reported_on_be,
					"indent": 1,
				}
			)
	return get_columns(grouping), data, None, get_chart(counts), get_summary(rows)


def get_columns(grouping: str) -> list[dict]:
	return [
		{"fieldname": "group", "label": _(grouping) + " / " + _("Issue"), "fieldtype": "Data", "width": 200},
		{"fieldname": "title", "label": _("Title"), "fieldtype": "Data", "width": 240},
		{"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 80},
		{"fieldname": "at_national_hq", "label": _("At National HQ"), "fieldtype": "Int", "width": 110},
		{"fieldname": "reported", "label": _("Reported to Government"), "fieldtype": "Int", "width": 130},
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 120},
		{"fieldname": "station", "label": _("Station"), "fieldtype": "Data", "width": 140},
		{"fieldname": "bureau", "label": _("Bureau"), "fieldtype": "Data", "width": 80},
		{"fieldname": "province", "label": _("Province"), "fieldtype": "Data", "width": 120},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 140},
		{"fieldname": "raised_on", "label": _("Raised On"), "fieldtype": "Data", "width": 100},
		{
			"fieldname": "reported_on",
			"label": _("Reported to Government On"),
			"fieldtype": "Data",
			"width": 120,
		},
	]


def get_chart(counts: list[dict]) -> dict:
	return {
		"data": {
			"labels": [c["group"] or "-" for c in counts],
			"datasets": [
				{"name": _("At National HQ"), "values": [c["at_national_hq"] for c in counts]},
				{"name": _("Reported to Government"), "values": [c["reported"] for c in counts]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
	}


def get_summary(rows: list[dict]) -> list[dict]:
	reported = sum(r.reported for r in rows)
	return [
		{"value": len(rows), "label": _("Issues in This Compilation"), "datatype": "Int"},
		{
			"value": len(rows) - reported,
			"label": _("Not Yet Reported"),
			"datatype": "Int",
			"indicator": "Orange",
		},
		{"value": reported, "label": _("Reported to Government"), "datatype": "Int", "indicator": "Blue"},
	]
