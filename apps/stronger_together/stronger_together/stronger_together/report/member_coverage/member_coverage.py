# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""Member coverage per station: members against the quota, by status, with the coordinator officer.

Read through frappe.get_list (permission-aware); national ID and phone are never read.
"""

import frappe
from frappe import _
from frappe.utils import flt

from stronger_together import settings
from stronger_together.people import queries as people_db
from stronger_together.people import rules as people


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(), data, None, None, get_summary(data)


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "station",
			"label": _("Station"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 170,
		},
		{"fieldname": "station_name", "label": _("Unit Name (Thai)"), "fieldtype": "Data", "width": 200},
		{
			"fieldname": "division",
			"label": _("Division"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 130,
		},
		{
			"fieldname": "bureau",
			"label": _("Bureau"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 90,
		},
		{
			"fieldname": "province",
			"label": _("Province"),
			"fieldtype": "Link",
			"options": "Province",
			"width": 110,
		},
		{
			"fieldname": "coordinator_officer",
			"label": _("Coordinator Officer"),
			"fieldtype": "Link",
			"options": "Coordinator Officer",
			"width": 160,
		},
		{"fieldname": "quota", "label": _("Member Quota"), "fieldtype": "Int", "width": 100},
		{"fieldname": "members", "label": _("Members"), "fieldtype": "Int", "width": 90},
		{"fieldname": "candidates", "label": _("Candidate"), "fieldtype": "Int", "width": 90},
		{"fieldname": "trained", "label": _("Trained"), "fieldtype": "Int", "width": 90},
		{"fieldname": "active", "label": _("Active"), "fieldtype": "Int", "width": 90},
		{"fieldname": "inactive", "label": _("Inactive"), "fieldtype": "Int", "width": 90},
		{"fieldname": "member_coverage", "label": _("Member Coverage"), "fieldtype": "Percent", "width": 120},
		{"fieldname": "places_left", "label": _("Places Left"), "fieldtype": "Int", "width": 100},
	]


def get_data(filters) -> list[dict]:
	station_filters = [["unit_type", "=", "Station"]]
	if filters.get("police_unit"):
		station_filters += people_db.subtree_filter(filters.police_unit)
	if filters.get("province"):
		station_filters.append(["province", "=", filters.province])
	stations = frappe.get_list(
		"Police Unit",
		filters=station_filters,
		fields=["name", "unit_name_th", "parent_police_unit", "province", "coordinator_officer"],
		order_by="lft asc",
		limit_page_length=0,
	)
	if not stations:
		return []
	division_bureau = dict(
		frappe.get_all(
			"Police Unit",
			filters={
				"name": ("in", sorted({s.parent_police_unit for s in stations if s.parent_police_unit}))
			},
			fields=["name", "parent_police_unit"],
			as_list=True,
		)
	)
	by_station: dict[str, dict[str, int]] = {}
	for row in frappe.get_list(
		"Network Member",
		filters={"station": ("in", [s.name for s in stations])},
		fields=["station", "status", "count(name) as n"],
		group_by="station, status",
		limit_page_length=0,
	):
		by_station.setdefault(row.station, {})[row.status] = int(row.n)
	quota, mode = settings.quota()
	below = flt(filters.get("below_coverage")) if filters.get("below_coverage") not in (None, "") else None
	data = []
	for s in stations:
		figures = people.member_figures(by_station.get(s.name, {}))
		coverage = people.coverage(figures["members"], quota)
		if below is not None and coverage >= below:
			continue
		data.append(
			{
				"station": s.name,
				"station_name": s.unit_name_th,
				"division": s.parent_police_unit,
				"bureau": division_bureau.get(s.parent_police_unit),
				"province": s.province,
				"coordinator_officer": s.coordinator_officer,
				"quota": quota,
				"members": figures["members"],
				"candidates": figures["candidates"],
				"trained": figures["trained"],
				"active": figures["active"],
				"inactive": figures["inactive"],
				"member_coverage": coverage,
				"places_left": people.places_left(figures["members"], quota, mode),
			}
		)
	return data


def get_summary(data: list[dict]) -> list[dict]:
	if not data:
		return []
	members = sum(row["members"] for row in data)
	quota = sum(row["quota"] for row in data)
	full = sum(1 for row in data if row["member_coverage"] >= 100)
	return [
		{"label": _("Stations"), "value": len(data), "datatype": "Int", "indicator": "Blue"},
		{"label": _("Members"), "value": members, "datatype": "Int", "indicator": "Green"},
		{
			"label": _("Member Coverage"),
			"value": people.coverage(members, quota),
			"datatype": "Percent",
			"indicator": "Orange",
		},
		{"label": _("Stations at Quota"), "value": full, "datatype": "Int", "indicator": "Green"},
	]
