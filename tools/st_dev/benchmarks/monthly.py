"""Benchmark: a national month of monthly reporting.

    bench --site SITE execute stronger_together.benchmarks.monthly.run [--kwargs "{'issues': 80000}"]

On a BENCHMARK site (it replaces the Monthly Unit Reports of the chosen month): makes sure the ~1,484
national stations exist (the demo generator's station stage, derived from the real districts),
bulk-inserts ~80,000 Community Issues raised in the month (frappe.db.bulk_insert), then times
1. drafting every unit's report (stations from the issues; divisions, bureaus and national HQ from
   their children's submitted reports) and submitting them bottom-up, and
2. rendering the national roll-up, which reads only the precomputed reports, never the raw issues.
Prints the figures and returns them.
"""

import datetime
import random
import time

import frappe

from stronger_together.reporting import monthly as monthly_reports
from stronger_together.reporting import rollup

PREFIX = "BM-ISS-"
OUTCOMES = (
	# (weight, workflow_state, current_rung, resolved_at_rung)
	(30, "At Station", "Station", None),
	(35, "Resolved", "Station", "Station"),
	(8, "At District", "District", None),
	(6, "Resolved", "District", "District"),
	(5, "At Division", "Division", None),
	(3, "Resolved", "Division", "Division"),
	(3, "At Province", "Province", None),
	(2, "At Bureau", "Bureau", None),
	(2, "At National HQ", "National HQ", None),
	(2, "Reported to Government", "National HQ", None),
	(4, "Rejected", "Station", None),
)


def _timed(label: str, fn, *args, **kwargs):
	started = time.perf_counter()
	result = fn(*args, **kwargs)
	seconds = time.perf_counter() - started
	print(f"{label:<48} {seconds:>9.3f} s", flush=True)
	return result, seconds


def ensure_stations() -> list[str]:
	from st_dev.demo import stages

	stations = frappe.get_all("Police Unit", filters={"unit_type": "Station", "disabled": 0}, pluck="name")
	if len(stations) < 1400:
		print(stages.stations(stages.Context(scale="national")), flush=True)
		frappe.db.commit()
		stations = frappe.get_all(
			"Police Unit", filters={"unit_type": "Station", "disabled": 0}, pluck="name"
		)
	return stations


def station_areas(stations: list[str]) -> dict[str, dict]:
	"""Station -> division, bureau and the (sub-district, district, province) it serves."""
	units = {
		u.name: u
		for u in frappe.get_all("Police Unit", fields=["name", "parent_police_unit", "unit_type", "province"])
	}
	whole: dict[str, list[str]] = {}
	subs: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Police Unit Jurisdiction",
		filters={"parenttype": "Police Unit", "parent": ("in", stations)},
		fields=["parent", "district", "subdistrict"],
	):
		if row.subdistrict:
			subs.setdefault(row.parent, []).append(row.subdistrict)
		else:
			whole.setdefault(row.parent, []).append(row.district)
	sub_info = {
		s.name: (s.district, s.province)
		for s in frappe.get_all("Subdistrict", fields=["name", "district", "province"])
	}
	by_district: dict[str, list[str]] = {}
	for name, (district, _province) in sub_info.items():
		by_district.setdefault(district, []).append(name)
	out = {}
	for station in stations:
		served = subs.get(station, []) + [s for d in whole.get(station, []) for s in by_district.get(d, [])]
		if not served:
			continue
		division = units[station].parent_police_unit
		out[station] = {
			"division": division,
			"bureau": units[division].parent_police_unit if division in units else None,
			"areas": [(s, *sub_info[s]) for s in served if s in sub_info],
		}
	return out


def generate_issues(year: int, month: int, total: int, seed: int = 2565) -> int:
	"""Bulk-insert `total` issues raised in (year, month), spread over the stations (no controllers)."""
	from st_dev.demo import bulk

	start, end = rollup.period_of(year, month)
	frappe.db.delete("Community Issue", {"name": ("like", f"{PREFIX}%")})
	stations = ensure_stations()
	areas = station_areas(stations)
	names = sorted(areas)
	rng = random.Random(seed)
	categories = frappe.get_meta("Community Issue").get_options("category").split("\n")
	weights = [o[0] for o in OUTCOMES]
	days = (end - start).days + 1
	rows = []
	for i in range(total):
		station = names[i % len(names)]
		area = areas[station]
		subdistrict, district, province = rng.choice(area["areas"])
		raised = start + datetime.timedelta(days=rng.randrange(days))
		_w, state, rung, solved_at = rng.choices(OUTCOMES, weights)[0]
		resolved = state == "Resolved"
		open_state = state.startswith("At ")
		rows.append(
			{
				"name": f"{PREFIX}{year}{month:02d}-{i + 1:06d}",
				"title": f"ประเด็นปัญหาทดสอบสมรรถนะ {i + 1}",
				"category": rng.choice(categories),
				"priority": "Medium",
				"raised_on": raised,
				"workflow_state": state,
				"current_rung": rung,
				"rung_due_date": raised + datetime.timedelta(days=7),
				"is_overdue": 1 if open_state and rng.random() < 0.3 else 0,
				"station": station,
				"subdistrict": subdistrict,
				"district": district,
				"province": province,
				"division": area["division"],
				"bureau": area["bureau"],
				"resolved_on": min(end, raised + datetime.timedelta(days=rng.randrange(1, 10)))
				if resolved
				else None,
				"resolved_at_rung": solved_at if resolved else None,
				"reported_to_government_on": end if state == "Reported to Government" else None,
			}
		)
	bulk.insert("Community Issue", rows)
	frappe.db.commit()
	return len(rows)


def clear_reports(year: int, month: int) -> None:
	names = frappe.get_all("Monthly Unit Report", filters={"year": year, "month": month}, pluck="name")
	if names:
		frappe.db.delete("Monthly Unit Report Category", {"parent": ("in", names)})
		frappe.db.delete("Monthly Unit Report", {"name": ("in", names)})
	frappe.db.commit()


def submit_level(year: int, month: int, unit_type: str) -> int:
	"""Submit every draft report of `unit_type` for the month (bottom-up, so roll-ups see their children)."""
	names = frappe.get_all(
		"Monthly Unit Report",
		filters={"year": year, "month": month, "unit_type": unit_type, "docstatus": 0},
		pluck="name",
	)
	figures = {}
	if unit_type == "Station":
		figures = monthly_reports.station_figures_bulk(year, month)
		members = monthly_reports.member_counts()
	for name in names:
		doc = frappe.get_doc("Monthly Unit Report", name)
		if unit_type == "Station":
			doc.flags.precomputed = monthly_reports.compute(
				doc, figures.get(doc.police_unit), members.get(doc.police_unit, {})
			)
		doc.submit()
	frappe.db.commit()
	return len(names)


def national_rollup(year: int, month: int) -> list[dict]:
	"""The national roll-up as people see it: the Monthly Roll-up report for national HQ."""
	from frappe.desk.query_report import run as run_report

	national = frappe.get_all("Police Unit", filters={"unit_type": "National HQ"}, pluck="name")[0]
	return run_report(
		"Monthly Roll-up",
		filters={"police_unit": national, "year": year, "month": month},
		ignore_prepared_report=True,
	)["result"]


def count_issue_queries(fn, *args, **kwargs):
	"""Run fn and count the SQL statements it sends that read the Community Issue table."""
	sql = frappe.db.sql
	seen = []

	def recording(query, *a, **kw):
		seen.append(str(query))
		return sql(query, *a, **kw)

	frappe.db.sql = recording
	try:
		result = fn(*args, **kwargs)
	finally:
		frappe.db.sql = sql
	return result, sum("tabCommunity Issue`" in q for q in seen), len(seen)


def run(issues: int = 80_000, year: int = 2022, month: int = 3) -> dict:
	frappe.flags.mute_emails = True
	year, month = int(year), int(month)
	clear_reports(year, month)
	n, _gen_s = _timed(f"generate {issues:,} issues (bulk insert)", generate_issues, year, month, int(issues))
	stations = frappe.db.count("Police Unit", {"unit_type": "Station", "disabled": 0})
	print(f"{stations:,} stations, {n:,} issues raised in {month:02d}/{year + 543}", flush=True)

	counts, draft_s = _timed(
		"draft every station's report", monthly_reports.draft_reports, year, month, ("Station",)
	)
	submitted, submit_s = _timed("submit the station reports", submit_level, year, month, "Station")
	rollup_s = 0.0
	for level in ("Division", "Bureau", "National HQ"):
		_c, s1 = _timed(f"draft {level} roll-ups", monthly_reports.draft_reports, year, month, (level,))
		_n, s2 = _timed(f"submit {level} roll-ups", submit_level, year, month, level)
		rollup_s += s1 + s2

	(rows, issue_queries, queries), render_s = _timed(
		"render the national roll-up (Monthly Roll-up)", count_issue_queries, national_rollup, year, month
	)
	print(f"  {queries} SQL statements, {issue_queries} of them on Community Issue", flush=True)
	national = rows[0] if rows else {}
	_pdf, pdf_s = _timed(
		"national report as a Thai PDF (wkhtmltopdf)", monthly_reports.report_pdf, national["report"]
	)
	raw = frappe.db.count("Community Issue", {"raised_on": ("between", list(rollup.period_of(year, month)))})
	print(
		f"national report: received {national.get('issues_received')}, raw issues in the month {raw}; "
		f"bureaus listed: {len(rows) - 1}",
		flush=True,
	)
	result = {
		"stations": stations,
		"issues": n,
		"draft_station_reports_s": round(draft_s, 2),
		"submit_station_reports_s": round(submit_s, 2),
		"draft_and_submit_rollups_s": round(rollup_s, 2),
		"drafting_all_reports_s": round(draft_s + submit_s + rollup_s, 2),
		"render_national_rollup_s": round(render_s, 3),
		"national_rollup_issue_queries": issue_queries,
		"national_report_pdf_s": round(pdf_s, 2),
		"national_received": national.get("issues_received"),
		"raw_received": raw,
		"station_reports_created": counts["created"],
		"station_reports_submitted": submitted,
	}
	print(result, flush=True)
	return result
