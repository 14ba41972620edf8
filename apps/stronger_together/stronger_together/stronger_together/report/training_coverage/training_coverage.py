# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt
"""Training results by bureau, division and station: officers trained, and members trained against
the quota (members per station x stations). The seed's "training results of บช.น. and ภ.1–9".

Everything is read through frappe.get_list, so each user sees only the units and people their
permissions allow; national ID and phone are never read.
"""

import frappe
from frappe import _

from stronger_together import settings
from stronger_together.people import queries as people_db
from stronger_together.people import rules as people

DEPTHS = ("National HQ", "Bureau", "Division", "Station")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(), data, None, None, get_summary(data)


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "police_unit",
			"label": _("Police Unit"),
			"fieldtype": "Link",
			"options": "Police Unit",
			"width": 170,
		},
		{"fieldname": "unit_name", "label": _("Unit Name (Thai)"), "fieldtype": "Data", "width": 220},
		{"fieldname": "unit_type", "label": _("Unit Type"), "fieldtype": "Data", "width": 100},
		{"fieldname": "stations", "label": _("Stations"), "fieldtype": "Int", "width": 90},
		{"fieldname": "officers", "label": _("Coordinator Officers"), "fieldtype": "Int", "width": 110},
		{"fieldname": "officers_trained", "label": _("Officers Trained"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "officer_training",
			"label": _("Officers Trained (%)"),
			"fieldtype": "Percent",
			"width": 110,
		},
		{"fieldname": "member_quota", "label": _("Member Quota"), "fieldtype": "Int", "width": 110},
		{"fieldname": "members", "label": _("Members"), "fieldtype": "Int", "width": 100},
		{"fieldname": "members_trained", "label": _("Members Trained"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "training_coverage",
			"label": _("Members Trained vs Quota (%)"),
			"fieldtype": "Percent",
			"width": 150,
		},
		{"fieldname": "member_coverage", "label": _("Member Coverage"), "fieldtype": "Percent", "width": 120},
	]


def get_units(filters) -> list[dict]:
	unit_filters = [["unit_type", "in", DEPTHS]]
	if filters.get("police_unit"):
		unit_filters += people_db.subtree_filter(filters.police_unit)
	return frappe.get_list(
		"Police Unit",
		filters=unit_filters,
		fields=["name", "unit_name_th", "unit_type", "parent_police_unit", "lft"],
		order_by="lft asc",
		limit_page_length=0,
	)


def own_counts() -> dict[str, dict[str, int]]:
	"""Counts that belong to one unit: a station's members, a unit's coordinator officers."""
	own: dict[str, dict[str, int]] = {}
	by_station: dict[str, dict[str, int]] = {}
	for row in frappe.get_list(
		"Network Member",
		fields=["station", "status", "count(name) as n"],
		group_by="station, status",
		limit_page_length=0,
	):
		by_station.setdefault(row.station, {})[row.status] = int(row.n)
	for station, statuses in by_station.items():
		figures = people.member_figures(statuses)
		own.setdefault(station, {}).update(
			members=figures["members"], members_trained=figures["members_trained"]
		)
	for row in frappe.get_list(
		"Coordinator Officer",
		fields=["police_unit", "training_status", "count(name) as n"],
		group_by="police_unit, training_status",
		limit_page_length=0,
	):
		counts = own.setdefault(row.police_unit, {})
		counts["officers"] = counts.get("officers", 0) + int(row.n)
		if row.training_status == "Trained":
			counts["officers_trained"] = counts.get("officers_trained", 0) + int(row.n)
	return own


def get_data(filters) -> list[dict]:
	depth = filters.get("depth") or "Division"
	max_level = DEPTHS.index(depth) if depth in DEPTHS else 2
	units = get_units(filters)
	if not units:
		return []
	parents = {u.name: u.parent_police_unit for u in units}
	in_tree = set(parents)
	parents = {name: (parent if parent in in_tree else None) for name, parent in parents.items()}
	own = own_counts()
	for u in units:
		if u.unit_type == "Station":
			own.setdefault(u.name, {})["stations"] = 1
	totals = people.rollup_counts(parents, own)
	quota, _mode = settings.quota()
	top_level = min(DEPTHS.index(u.unit_type) for u in units)
	data = []
	for u in units:
		level = DEPTHS.index(u.unit_type)
		if level > max_level:
			continue
		t = totals.get(u.name, {})
		member_quota = people.rollup_quota(t.get("stations", 0), quota)
		data.append(
			{
				"police_unit": u.name,
				"parent_unit": parents.get(u.name),
				"unit_name": u.unit_name_th,
				"unit_type": _(u.unit_type),
				"indent": level - top_level,
				"stations": t.get("stations", 0),
				"officers": t.get("officers", 0),
				"officers_trained": t.get("officers_trained", 0),
				"officer_training": people.coverage(t.get("officers_trained", 0), t.get("officers", 0)),
				"member_quota": member_quota,
				"members": t.get("members", 0),
				"members_trained": t.get("members_trained", 0),
				"training_coverage": people.coverage(t.get("members_trained", 0), member_quota),
				"member_coverage": people.coverage(t.get("members", 0), member_quota),
			}
		)
	return data


def get_summary(data: list[dict]) -> list[dict]:
	if not data:
		return []
	top = [row for row in data if row["indent"] == 0]
	total = {
		key: sum(row[key] for row in top)
		for key in ("stations", "officers_trained", "members_trained", "member_quota")
	}
	return [
		{"label": _("Stations"), "value": total["stations"], "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Officers Trained"),
			"value": total["officers_trained"],
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"label": _("Members Trained"),
			"value": total["members_trained"],
			"datatype": "Int",
			"indicator": "Green",
		},
		{
			"label": _("Members Trained vs Quota (%)"),
			"value": people.coverage(total["members_trained"], total["member_quota"]),
			"datatype": "Percent",
			"indicator": "Orange",
		},
	]
