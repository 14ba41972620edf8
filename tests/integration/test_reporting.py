"""Tier 2: monthly unit reports, the roll-up, the national compilation and unit-scoped reports."""

import datetime
import io

import frappe
import pytest

from stronger_together.reporting import compilation as national_compilation
from stronger_together.reporting import monthly as monthly_reports
from stronger_together.stronger_together.doctype.community_issue_log.community_issue_log import (
	CommunityIssueLog,
)
from tests.integration.helpers import make_station, make_user, refused

YEAR, MONTH = 2019, 7  # July 2562: a month no other test or demo uses
DIV_A, DIV_B = "ภ.จว.ขอนแก่น", "ภ.จว.อุดรธานี"
ST_A1, ST_A2, ST_B1 = "สภ.ทดสอบรายงานเมืองขอนแก่น", "สภ.ทดสอบรายงานบ้านฝาง", "สภ.ทดสอบรายงานเมืองอุดร"


def subdistrict_of(district: str) -> str:
	return frappe.get_all(
		"Subdistrict", filters={"district": district}, pluck="name", order_by="name", limit=1
	)[0]


def station_committee(station: str) -> str:
	"""Issues are raised to the station's committee: an active one, as an admin would set it up."""
	name = frappe.db.get_value("Committee", {"area_key": f"Station:{station}"})
	if name:
		return name
	return (
		frappe.get_doc(
			{"doctype": "Committee", "committee_level": "Station", "police_unit": station, "is_active": 1}
		)
		.insert()
		.name
	)


def stations():
	for code, division, district in ((ST_A1, DIV_A, "4001"), (ST_A2, DIV_A, "4002"), (ST_B1, DIV_B, "4101")):
		make_station(code, division, district)
		station_committee(code)
	return {
		ST_A1: (make_station(ST_A1, DIV_A, "4001"), subdistrict_of("4001")),
		ST_A2: (make_station(ST_A2, DIV_A, "4002"), subdistrict_of("4002")),
		ST_B1: (make_station(ST_B1, DIV_B, "4101"), subdistrict_of("4101")),
	}


def raise_issue(
	station: str, subdistrict: str, raised_on: str, category: str = "Crime", title: str | None = None, **state
):
	doc = frappe.get_doc(
		{
			"doctype": "Community Issue",
			"title": title or f"ปัญหาทดสอบ {category} {raised_on}",
			"category": category,
			"station": station,
			"subdistrict": subdistrict,
			"raised_on": raised_on,
			"description": "รายละเอียดปัญหาเพื่อการทดสอบ",
		}
	).insert()
	if state:
		frappe.db.set_value("Community Issue", doc.name, state, update_modified=False)
	return doc.name


def generate_month() -> dict[str, list[str]]:
	"""A month of varied issues at three stations in two divisions (plus some before and after it)."""
	st = stations()
	made: dict[str, list[str]] = {}
	plan = [
		# (raised_on, category, state)
		("2019-07-02", "Crime", {}),
		("2019-07-03", "Drugs", {"is_overdue": 1}),
		(
			"2019-07-05",
			"Traffic and Road Safety",
			{"workflow_state": "Resolved", "resolved_on": "2019-07-09", "resolved_at_rung": "Station"},
		),
		(
			"2019-07-06",
			"Crime",
			{"workflow_state": "At Division", "current_rung": "Division", "is_overdue": 1},
		),
		(
			"2019-07-07",
			"Drugs",
			{
				"workflow_state": "Resolved",
				"current_rung": "District",
				"resolved_on": "2019-07-20",
				"resolved_at_rung": "District",
			},
		),
		("2019-07-31", "Livelihood", {"workflow_state": "Rejected"}),
		("2019-06-10", "Crime", {"workflow_state": "At Province", "current_rung": "Province"}),
		(
			"2019-06-11",
			"Tourism",
			{"workflow_state": "Resolved", "resolved_on": "2019-07-01", "resolved_at_rung": "Station"},
		),
		(
			"2019-06-12",
			"Environment",
			{"workflow_state": "Resolved", "resolved_on": "2019-08-02", "resolved_at_rung": "Station"},
		),
		(
			"2019-05-15",
			"Public Order",
			{
				"workflow_state": "Reported to Government",
				"current_rung": "National HQ",
				"reported_to_government_on": "2019-07-25",
			},
		),
		("2019-08-01", "Crime", {}),
		(
			"2019-04-01",
			"Culture",
			{"workflow_state": "Closed", "resolved_on": "2019-04-10", "resolved_at_rung": "Station"},
		),
	]
	for i, (station, (code, sub)) in enumerate(st.items()):
		made[station] = [
			raise_issue(code, sub, raised_on, category, **state)
			for raised_on, category, state in plan[: len(plan) - i]
		]
	return made


def expected_from_raw(division: str) -> dict[str, int]:
	"""The month's figures counted straight from the issues table, independently of rollup.classify."""
	start, end = "2019-07-01", "2019-07-31"
	open_states = ("At Station", "At District", "At Division", "At Province", "At Bureau", "At National HQ")

	def count(where: str) -> int:
		return frappe.db.sql(
			f"select count(*) from `tabCommunity Issue` where division = %(d)s and {where}",
			{"d": division, "s": start, "e": end, "open": open_states},
		)[0][0]

	return {
		"issues_received": count("raised_on between %(s)s and %(e)s"),
		"issues_solved_at_station": count(
			"resolved_on between %(s)s and %(e)s and resolved_at_rung = 'Station'"
		),
		"issues_solved_above_station": count(
			"resolved_on between %(s)s and %(e)s and resolved_at_rung != 'Station'"
		),
		"issues_escalated": count(
			"raised_on between %(s)s and %(e)s and (current_rung != 'Station' or ifnull(resolved_at_rung, 'Station') != 'Station')"
		),
		"issues_pending": count(
			"raised_on <= %(e)s and (workflow_state in %(open)s or resolved_on > %(e)s or reported_to_government_on > %(e)s)"
		),
		"issues_overdue": count("raised_on <= %(e)s and workflow_state in %(open)s and is_overdue = 1"),
		"issues_reported_to_government": count("reported_to_government_on between %(s)s and %(e)s"),
	}


def stations_of(division: str) -> set[str]:
	"""Every station of the division (the test's own, and any others the site holds)."""
	return set(
		frappe.get_all("Police Unit", filters={"parent_police_unit": division, "disabled": 0}, pluck="name")
	)


def report_of(unit: str):
	name = frappe.db.get_value(
		"Monthly Unit Report", {"police_unit": unit, "year": YEAR, "month": MONTH, "docstatus": ("<", 2)}
	)
	return frappe.get_doc("Monthly Unit Report", name) if name else None


def draft_and_submit(division: str):
	monthly_reports.draft_reports(YEAR, MONTH, under=division, commit=False)
	for station in frappe.get_all("Police Unit", filters={"parent_police_unit": division}, pluck="name"):
		report_of(station).submit()
	division_report = report_of(division)
	division_report.save()
	division_report.submit()
	return division_report


def test_report_name_shows_buddhist_era_month():
	stations()
	monthly_reports.draft_reports(YEAR, MONTH, under=DIV_A, commit=False)
	report = report_of(ST_A1)
	assert report.name == f"{ST_A1} 07/2562"
	assert report.period_label == "07/2562"
	assert str(report.period_start) == "2019-07-01" and str(report.period_end) == "2019-07-31"
	assert report.unit_type == "Station" and report.parent_unit == DIV_A


def test_rollup_totals_equal_sums_over_raw_issues():
	generate_month()
	division_report = draft_and_submit(DIV_A)
	expected = expected_from_raw(DIV_A)
	assert expected["issues_received"] > 0 and expected["issues_pending"] > 0
	for field, value in expected.items():
		assert division_report.get(field) == value, field
	# each station on its own, too
	for station in (ST_A1, ST_A2):
		report = report_of(station)
		assert report.issues_received == frappe.db.count(
			"Community Issue", {"station": station, "raised_on": ("between", ["2019-07-01", "2019-07-31"])}
		)
	# the category rows add up to the totals
	assert sum(r.issues_received for r in division_report.by_category) == expected["issues_received"]
	drugs = next(r for r in division_report.by_category if r.category == "Drugs")
	assert drugs.issues_received == frappe.db.count(
		"Community Issue",
		{"division": DIV_A, "category": "Drugs", "raised_on": ("between", ["2019-07-01", "2019-07-31"])},
	)
	assert division_report.units_expected == len(stations_of(DIV_A)) == division_report.units_reported
	assert not division_report.units_missing


def test_rollup_starts_from_the_units_problems_and_needs():
	stations()
	monthly_reports.draft_reports(YEAR, MONTH, under=DIV_A, commit=False)
	station_report = report_of(ST_A1)
	station_report.problems_and_obstacles = "ขาดงบประมาณติดตั้งกล้องวงจรปิด"
	station_report.area_needs = "ไฟส่องสว่างถนนสายหลัก"
	station_report.save()
	station_report.submit()
	division_report = report_of(DIV_A)
	division_report.save()
	assert division_report.problems_and_obstacles == f"{ST_A1}: ขาดงบประมาณติดตั้งกล้องวงจรปิด"
	assert division_report.area_needs == f"{ST_A1}: ไฟส่องสว่างถนนสายหลัก"
	# what the division writes is kept
	division_report.area_needs = "สรุปโดยกองบังคับการ"
	division_report.save()
	assert division_report.area_needs == "สรุปโดยกองบังคับการ"


def test_rollup_counts_only_submitted_children_and_lists_missing():
	generate_month()
	monthly_reports.draft_reports(YEAR, MONTH, under=DIV_A, commit=False)
	report_of(ST_A1).submit()
	division_report = report_of(DIV_A)
	division_report.save()
	assert division_report.issues_received == report_of(ST_A1).issues_received
	assert division_report.units_reported == 1
	assert ST_A2 in division_report.units_missing.split("\n")
	assert ST_A1 not in division_report.units_missing.split("\n")
	# the roll-up reads the submitted reports, never the raw issues: new issues do not move it
	for station in (ST_A1, ST_A2):
		code, sub = stations()[station]
		raise_issue(code, sub, f"{YEAR}-{MONTH:02d}-20", "Crime")
	division_report.save()
	assert division_report.issues_received == report_of(ST_A1).issues_received
	outstanding = {
		r["police_unit"]: r["status"]
		for r in monthly_reports.outstanding(YEAR, MONTH, DIV_A, today="2019-08-10")
	}
	assert outstanding[ST_A2] == "Late"
	assert outstanding[DIV_A] == "Late"
	assert outstanding[ST_A1] == "Submitted Late"  # submitted today, years after the due date
	missing = {
		r["police_unit"]: r["status"]
		for r in monthly_reports.outstanding(YEAR, MONTH, DIV_B, today="2019-08-02")
	}
	assert missing[ST_B1] == "Missing"


def test_drafting_again_changes_nothing():
	generate_month()
	first = monthly_reports.draft_reports(YEAR, MONTH, under=DIV_A, commit=False)
	units = len(stations_of(DIV_A)) + 1
	assert first["created"] == units
	before = {
		r.name: r.modified
		for r in frappe.get_all(
			"Monthly Unit Report", filters={"year": YEAR, "month": MONTH}, fields=["name", "modified"]
		)
	}
	second = monthly_reports.draft_reports(YEAR, MONTH, under=DIV_A, commit=False)
	assert second == {"created": 0, "updated": 0, "unchanged": units, "frozen": 0}
	after = {
		r.name: r.modified
		for r in frappe.get_all(
			"Monthly Unit Report", filters={"year": YEAR, "month": MONTH}, fields=["name", "modified"]
		)
	}
	assert before == after


def test_one_report_per_unit_and_month():
	stations()
	monthly_reports.draft_reports(YEAR, MONTH, under=DIV_A, commit=False)
	dup = frappe.get_doc(
		{"doctype": "Monthly Unit Report", "police_unit": ST_A1, "year": YEAR, "month": MONTH}
	)
	with refused(
		frappe.ValidationError, f"{ST_A1} already has a monthly report for 07/2562: {ST_A1} 07/2562"
	):
		dup.insert()


def test_month_must_be_a_month():
	stations()
	with refused(frappe.ValidationError, "Month must be between 1 and 12, not 13"):
		frappe.get_doc(
			{"doctype": "Monthly Unit Report", "police_unit": ST_A1, "year": YEAR, "month": 13}
		).insert()


def test_submitted_report_stays_frozen_and_amend_corrects_it():
	made = generate_month()
	draft_and_submit(DIV_A)
	station_report = report_of(ST_A1)
	frozen = {f: station_report.get(f) for f in ("issues_received", "issues_pending", "issues_overdue")}
	# issues change after submission: a new issue in the month, and one more overdue
	code, sub = stations()[ST_A1]
	raise_issue(code, sub, "2019-07-15", "Drugs")
	frappe.db.set_value("Community Issue", made[ST_A1][0], "is_overdue", 1)
	counts = monthly_reports.draft_reports(YEAR, MONTH, under=DIV_A, commit=False)
	assert counts["frozen"] == len(stations_of(DIV_A)) + 1 and counts["created"] == 0
	station_report = frappe.get_doc("Monthly Unit Report", station_report.name)
	assert {f: station_report.get(f) for f in frozen} == frozen
	# a submitted report cannot be edited or refreshed
	from stronger_together.api.reporting import refresh_report as refresh

	with refused(
		frappe.ValidationError, f"Report {station_report.name} is submitted: its figures are frozen"
	):
		refresh(station_report.name)
	# the division's submitted roll-up includes it: it is cancelled from the top down
	with refused(
		frappe.ValidationError, f"Cancel {DIV_A} 07/2562 first: its submitted figures include this report"
	):
		station_report.cancel()
	report_of(DIV_A).cancel()
	# amending gives a corrected copy with the new figures
	station_report = frappe.get_doc("Monthly Unit Report", station_report.name)
	station_report.cancel()
	amended = frappe.copy_doc(station_report)
	amended.docstatus = 0
	amended.amended_from = station_report.name
	amended.insert()
	assert amended.name == f"{ST_A1} 07/2562-1"
	assert amended.issues_received == frozen["issues_received"] + 1
	assert amended.issues_overdue == frozen["issues_overdue"] + 1


def _division_user() -> str:
	from stronger_together.permissions.scope import clear_scope_cache

	email = make_user("report.division@example.com", ["Coordinator Officer"])
	if not frappe.db.exists("Coordinator Officer", {"user": email}):
		frappe.get_doc(
			{
				"doctype": "Coordinator Officer",
				"rank": "พ.ต.อ.",
				"officer_name": "ทดสอบ รายงาน",
				"police_unit": DIV_A,
				"user": email,
				"training_status": "Trained",
			}
		).insert(ignore_permissions=True)
	clear_scope_cache()
	return email


def _run(report: str, filters: dict):
	from frappe.desk.query_report import run

	return run(report, filters=filters, ignore_prepared_report=True)["result"]


def test_division_user_sees_only_own_stations_in_every_report():
	made = generate_month()
	# some transitions to time, at both divisions
	for names in made.values():
		for name in names[:3]:
			CommunityIssueLog.append(
				frappe.get_doc("Community Issue", name),
				{
					"action": "Escalate",
					"from_state": "At Station",
					"to_state": "At District",
					"from_rung": "Station",
					"to_rung": "District",
					"acted_at": "2019-07-20 10:00:00",
					"days_on_rung": 4,
				},
			)
	# some issues at national HQ at both divisions
	for station in (ST_A1, ST_B1):
		frappe.db.set_value(
			"Community Issue",
			made[station][1],
			{"workflow_state": "At National HQ", "current_rung": "National HQ"},
		)
	draft_and_submit(DIV_A)
	draft_and_submit(DIV_B)
	bureau = (
		report_of("ภ.4")
		or frappe.get_doc(
			{"doctype": "Monthly Unit Report", "police_unit": "ภ.4", "year": YEAR, "month": MONTH}
		).insert()
	)
	bureau.save()
	bureau.submit()
	own = stations_of(DIV_A)
	assert {ST_A1, ST_A2} <= own and ST_B1 not in own
	foreign_issues = set(made[ST_B1])
	user = _division_user()
	frappe.set_user(user)

	ladder = _run(
		"Issue Ladder Summary", {"group_by": "Station", "from_date": "2019-04-01", "to_date": "2019-08-31"}
	)
	assert {r["unit"] for r in ladder} == {ST_A1, ST_A2}
	assert sum(r["total"] for r in ladder) == len(made[ST_A1]) + len(made[ST_A2])
	assert {r["unit"] for r in _run("Issue Ladder Summary", {"group_by": "Station"})} <= own
	assert {r["unit"] for r in _run("Issue Ladder Summary", {"group_by": "Division"})} <= {DIV_A}

	overdue = _run("Overdue Issues", {})
	assert overdue and {r["station"] for r in overdue} <= own

	timing = _run("Time on Each Rung", {"from_date": "2019-07-01", "to_date": "2019-07-31"})
	station_rows = [r for r in timing if r["bureau"] == "ภ.4"]
	assert sum(r["transitions"] for r in station_rows) == 6  # 3 each at the two own stations, none from DIV_B
	one = _run(
		"Time on Each Rung", {"from_date": "2019-07-01", "to_date": "2019-07-31", "police_unit": ST_A1}
	)
	assert [(r["bureau"], r["transitions"]) for r in one if r["transitions"]] == [("ภ.4", 3)]

	compilation = _run(
		"National Compilation for Government",
		{"group_by": "Bureau", "from_date": "2019-04-01", "to_date": "2019-08-31"},
	)
	issue_rows = [r for r in compilation if r.get("indent") == 1]
	assert {r["station"] for r in issue_rows} == {ST_A1, ST_A2}
	assert not foreign_issues & {r["group"] for r in issue_rows}

	rollup_rows = _run("Monthly Roll-up", {"police_unit": "ภ.4", "year": YEAR, "month": MONTH})
	assert {r["police_unit"] for r in rollup_rows} == {DIV_A}
	division_rows = _run("Monthly Roll-up", {"police_unit": DIV_A, "year": YEAR, "month": MONTH})
	assert {r["police_unit"] for r in division_rows} == {DIV_A, *own}

	late = _run("Monthly Reports Outstanding", {"year": YEAR, "month": MONTH})
	assert late and {r["police_unit"] for r in late} <= {DIV_A, *own}

	visible = set(
		frappe.get_list("Monthly Unit Report", filters={"year": YEAR, "month": MONTH}, pluck="police_unit")
	)
	assert visible == {DIV_A, *own}


# Thai fonts such as Laksaman draw shifted tone marks and vowels with Private Use Area glyphs; text
# extraction returns those code points, so map them back to the Thai characters they stand for.
THAI_PUA = {
	0xF700: "\u0e10",
	0xF70F: "\u0e0d",
	0xF701: "\u0e34",
	0xF702: "\u0e35",
	0xF703: "\u0e36",
	0xF704: "\u0e37",
	0xF705: "\u0e48",
	0xF706: "\u0e49",
	0xF707: "\u0e4a",
	0xF708: "\u0e4b",
	0xF709: "\u0e4c",
	0xF70A: "\u0e48",
	0xF70B: "\u0e49",
	0xF70C: "\u0e4a",
	0xF70D: "\u0e4b",
	0xF70E: "\u0e4c",
	0xF710: "\u0e31",
	0xF711: "\u0e4d",
	0xF712: "\u0e47",
	0xF713: "\u0e48",
	0xF714: "\u0e49",
	0xF715: "\u0e4a",
	0xF716: "\u0e4b",
	0xF717: "\u0e4c",
	0xF718: "\u0e38",
	0xF719: "\u0e39",
	0xF71A: "\u0e3a",
}


def pdf_text(pdf: bytes) -> str:
	from pypdf import PdfReader

	text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
	text = text.translate(THAI_PUA).replace(
		"\u0e4d\u0e32", "\u0e33"
	)  # sara am is drawn as nikhahit + sara aa
	return "".join(text.split())


def test_national_compilation_pdf_has_thai_text_and_buddhist_era_dates():
	st = stations()
	code, sub = st[ST_A1]
	raise_issue(
		code,
		sub,
		"2019-07-08",
		"Drugs",
		title="ยาเสพติดในชุมชน",
		workflow_state="Reported to Government",
		current_rung="National HQ",
		reported_to_government_on="2019-07-28",
	)
	pdf = national_compilation.pdf_bytes({"from_date": "2019-07-01", "to_date": "2019-07-31"})
	assert pdf.startswith(b"%PDF")
	normal = pdf_text(pdf)
	assert "ยาเสพติดในชุมชน" in normal
	assert "28/07/2562" in normal  # reported to the government, Buddhist Era
	assert "08/07/2562" in normal
	assert "สำนักงานตำรวจแห่งชาติ" in normal
	assert "รายงานสรุปปัญหาและความต้องการของประชาชนเสนอรัฐบาล" in normal  # the title, in Thai
	assert "ยาเสพติด" in normal and "รายงานรัฐบาลแล้ว" in normal  # category and status, in Thai
	assert "กรกฎาคม2562" in normal  # the period in long Buddhist Era form


def test_monthly_unit_report_prints_in_thai_with_buddhist_era_month():
	generate_month()
	division_report = draft_and_submit(DIV_A)
	pdf = monthly_reports.report_pdf(division_report.name)
	text = pdf_text(pdf)
	assert "รายงานผลการดำเนินงานโครงการขับเคลื่อนไทยไปด้วยกันประจำเดือนกรกฎาคม2562" in text
	assert f"รับแจ้งภายในเดือน{division_report.issues_received}" in text
	assert "01/07/2562-31/07/2562" in text  # the period, Buddhist Era


def test_national_compilation_xlsx_export():
	from openpyxl import load_workbook

	st = stations()
	code, sub = st[ST_B1]
	raise_issue(
		code,
		sub,
		"2019-07-08",
		"Tourism",
		title="ท่องเที่ยวชุมชน",
		workflow_state="At National HQ",
		current_rung="National HQ",
	)
	data = national_compilation.xlsx_bytes({"from_date": "2019-07-01", "to_date": "2019-07-31"})
	sheet = load_workbook(io.BytesIO(data)).active
	values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
	assert "ท่องเที่ยวชุมชน" in values
	assert "08/07/2562" in values
