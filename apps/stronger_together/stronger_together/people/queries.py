"""Database side of the people rules: member counts, station coverage, jurisdictions, unit subtrees.

The rules themselves live in `stronger_together.people.rules` (pure, unit-tested); this module only fetches
what they need and writes the computed coverage back. Members counted against the quota (and in coverage):
every status but Inactive. Who may read members' personal data: `stronger_together.permissions.personal_data`.
"""

import frappe

from stronger_together import settings
from stronger_together.people.rules import COUNTED_STATUSES, coverage


def counted_members(station: str, exclude: str | None = None) -> int:
	"""Members of `station` that count against its quota (everyone not inactive)."""
	filters = {"station": station, "status": ("in", COUNTED_STATUSES)}
	if exclude:
		filters["name"] = ("!=", exclude)
	return frappe.db.count("Network Member", filters)


def counted_members_by_station(stations: list[str] | None = None) -> dict[str, int]:
	filters = {"status": ("in", COUNTED_STATUSES)}
	if stations is not None:
		if not stations:
			return {}
		filters["station"] = ("in", stations)
	rows = frappe.get_all(
		"Network Member", filters=filters, fields=["station", "count(name) as n"], group_by="station"
	)
	return {r.station: int(r.n) for r in rows}


def refresh_station_coverage(stations: list[str] | None = None) -> None:
	"""Recompute member_count and member_coverage on stations (all of them when `stations` is None).

	Derived data: written without touching `modified` or firing hooks."""
	quota, _mode = settings.quota()
	if stations is not None:
		stations = sorted({s for s in stations if s})
		if not stations:
			return
	else:
		stations = frappe.get_all("Police Unit", filters={"unit_type": "Station"}, pluck="name")
	counts = counted_members_by_station(stations)
	frappe.db.bulk_update(
		"Police Unit",
		{
			s: {"member_count": counts.get(s, 0), "member_coverage": coverage(counts.get(s, 0), quota)}
			for s in stations
		},
		update_modified=False,
	)


def jurisdiction_rows(station: str) -> list[tuple[str | None, str | None]]:
	return [
		tuple(r)
		for r in frappe.get_all(
			"Police Unit Jurisdiction",
			filters={"parent": station, "parenttype": "Police Unit"},
			fields=["district", "subdistrict"],
			as_list=True,
		)
	]


def jurisdiction_by_station() -> dict[str, list[tuple[str | None, str | None]]]:
	out: dict[str, list[tuple[str | None, str | None]]] = {}
	for parent, district, subdistrict in frappe.get_all(
		"Police Unit Jurisdiction",
		filters={"parenttype": "Police Unit"},
		fields=["parent", "district", "subdistrict"],
		as_list=True,
	):
		out.setdefault(parent, []).append((district, subdistrict))
	return out


def refresh_all_coverage(doc=None, method=None) -> None:
	"""doc_event on Stronger Together Settings: a new quota changes every station's coverage."""
	refresh_station_coverage()


def subtree_filter(unit: str, field: str = "name") -> list:
	"""A filter on a Police Unit link (or the unit itself) for `unit` and every unit below it."""
	return [[field, "descendants of (inclusive)", unit]]
