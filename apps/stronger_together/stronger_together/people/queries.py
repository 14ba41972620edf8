"""Database side of the people rules: quota settings, member counts, station coverage, PII access.

The rules themselves live in `stronger_together.people` (pure, unit-tested); this module only fetches
what they need and writes the computed coverage back.

Personal data policy: a member's national ID and mobile phone are permlevel-1 fields. Only Stronger
Together Admin, System Manager and Coordinator Officer (who register members: read and write) and Station
Committee Chair (who contacts them: read) have permlevel 1. Everyone else never receives them: Frappe strips
permlevel-1 fields from forms, REST, frappe.get_list (list view, report view, exports) and reports; the
form timeline (Version) keeps only "***" for them (`mask_pii_in_version`). A duplicate ID names the holding
member and station only to users with permlevel 1.

Members counted against the quota (and in coverage): every status but Inactive.
"""

import frappe

from stronger_together.people.rules import COUNTED_STATUSES, coverage

SETTINGS = "Stronger Together Settings"
PII_FIELDS = ("national_id", "mobile")


def quota_settings() -> tuple[int, str]:
	"""(members per station, quota mode) from Stronger Together Settings."""
	quota = frappe.db.get_single_value(SETTINGS, "members_per_station", cache=False)
	mode = frappe.db.get_single_value(SETTINGS, "quota_mode", cache=False) or "Soft"
	return int(quota if quota is not None else 50), mode


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

	Plain SQL on purpose: coverage is derived data, so it must not bump `modified` or fire hooks.
	"""
	quota, _mode = quota_settings()
	condition, member_condition = "", ""
	values = {"quota": quota, "statuses": COUNTED_STATUSES}
	if stations is not None:
		stations = [s for s in set(stations) if s]
		if not stations:
			return
		values["stations"] = tuple(stations)
		condition, member_condition = "and pu.name in %(stations)s", "and station in %(stations)s"
	frappe.db.sql(
		f"""
		update `tabPolice Unit` pu
		left join (
			select station, count(*) as n from `tabNetwork Member`
			where status in %(statuses)s {member_condition} group by station
		) m on m.station = pu.name
		set pu.member_count = coalesce(m.n, 0),
			pu.member_coverage = if(%(quota)s > 0, round(100 * coalesce(m.n, 0) / %(quota)s, 2), 0)
		where pu.unit_type = 'Station' {condition}
		""",
		values,
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


def can_read_pii(user: str | None = None) -> bool:
	"""May the user read the personal data (permlevel 1) of network members?"""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	meta = frappe.get_meta("Network Member")
	roles = set(frappe.get_roles(user))
	return any(p.permlevel == 1 and p.read and p.role in roles for p in meta.permissions)


def refresh_all_coverage(doc=None, method=None) -> None:
	"""doc_event on Stronger Together Settings: a new quota changes every station's coverage."""
	refresh_station_coverage()


MASK = "***"


def mask_pii_in_version(doc, method=None) -> None:
	"""doc_event Version.before_insert: the form timeline shows a Version's old and new values to anyone
	who can read the member, so keep personal data out of it (the change itself stays recorded)."""
	if doc.ref_doctype != "Network Member" or not doc.data:
		return
	data = frappe.parse_json(doc.data)
	for change in data.get("changed") or []:
		if change and change[0] in PII_FIELDS:
			change[1:] = [MASK if value else value for value in change[1:]]
	doc.data = frappe.as_json(data)
