"""Benchmark: server time of submitting a committee meeting with 200 issues on its agenda.

	bench --site SITE execute st_dev.benchmarks.meeting.run [--kwargs "{'issues': 200}"]

(with the repository's tools/ on PYTHONPATH; scratch sites only). Load the national demo first
(`./st demo national`) to measure it at national volume. The benchmark sets up a station committee of
its own (chair, secretary, members) next to สน.ลุมพินี, bulk-inserts `issues` open issues with it (each
with its first log row), and has the secretary draw the agenda, mark attendance and record the decisions:
half Resolve, half Escalate, so every row is a ladder move. Then the chair submits it the way the desk does
(POST /api/method/frappe.desk.form.save.savedocs, action Submit, through Frappe's WSGI application with a
real login): the committee's lock, the number, every move through CommunityIssue.act with its log row,
the notices and the minutes PDF queued (printed: when the job has attached it). Request to response is the figure printed.
"""

import json
import os
import resource
import threading
import time

import frappe
from frappe.utils import add_days, now_datetime, nowdate, random_string
from frappe.utils.password import update_password

from st_dev.guard import require_scratch_site
from stronger_together.ladder import committees
from stronger_together.meetings import service

PASSWORD = "Bench-Pass-2565!"
STATION, DIVISION, DISTRICT, SUBDISTRICT = "สน.วัดเวลาประชุม", "บก.น.5", "1007", "100704"
DOMAIN = "@bench-meeting.invalid"


def run(issues: int = 200):
	require_scratch_site()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	people = setup_committee()
	names = bulk_insert_issues(people.committee, issues)
	frappe.db.commit()
	meeting = draft_meeting(people, names)
	frappe.db.commit()
	print(f"Community Issue rows: {frappe.db.count('Community Issue')}")
	print(f"Community Issue Log rows: {frappe.db.count('Community Issue Log')}")
	print(f"Committees: {frappe.db.count('Committee')}, Network Members: {frappe.db.count('Network Member')}")
	seconds, response = submit_through_the_desk(people.chair, meeting)
	frappe.db.rollback()
	waited = wait_for_minutes(meeting)
	submitted = frappe.get_doc("Committee Meeting", meeting)
	moved = frappe.db.count("Community Issue Log", {"committee_meeting": meeting})
	print(
		f"Submit of a meeting with {len(names)} agenda issues "
		f"(POST /api/method/frappe.desk.form.save.savedocs, action Submit): {seconds:.2f} s "
		f"[status {response}, docstatus {submitted.docstatus}, {submitted.meeting_label}, "
		f"{moved} ladder moves logged, minutes {submitted.minutes_pdf or '-'}]"
	)
	print(f"Minutes PDF attached by the job the submit queued, {waited:.1f} s after the response")
	return {"seconds": seconds, "issues": len(names), "moves": moved, "status": response, "minutes_s": waited}


def wait_for_minutes(meeting: str, timeout: float = 120) -> float:
	"""Seconds until the queued job has attached the minutes (an RQ worker of the bench runs it)."""
	started = time.monotonic()
	while time.monotonic() - started < timeout:
		frappe.db.rollback()
		if frappe.db.get_value("Committee Meeting", meeting, "minutes_pdf"):
			break
		time.sleep(0.2)
	return time.monotonic() - started


def setup_committee() -> frappe._dict:
	if not frappe.db.exists("Police Unit", STATION):
		frappe.get_doc(
			{
				"doctype": "Police Unit",
				"unit_code": STATION,
				"unit_name_th": STATION,
				"unit_type": "Station",
				"parent_police_unit": DIVISION,
				"province": "10",
				"jurisdiction": [{"district": DISTRICT, "subdistrict": SUBDISTRICT}],
			}
		).insert()
	people = frappe._dict(
		chair=_user("chair", "ประธานวัดเวลา"),
		secretary=_user("secretary", "เลขานุการวัดเวลา"),
		members=[_user(f"member{i}", f"กรรมการวัดเวลา{i}") for i in range(1, 6)],
	)
	rows = [
		{"user": people.chair, "position": "Chair"},
		{"user": people.secretary, "position": "Secretary"},
		*[{"user": m, "position": "Member"} for m in people.members],
	]
	name = frappe.db.get_value("Committee", {"area_key": f"Station:{STATION}"})
	doc = frappe.get_doc("Committee", name) if name else frappe.new_doc("Committee")
	doc.update({"committee_level": "Station", "police_unit": STATION, "is_active": 1})
	doc.set("members", rows)
	doc.save() if name else doc.insert()
	people.committee = doc.name
	if not frappe.db.get_value("Committee", {"area_key": f"District:{DISTRICT}"}):
		district = frappe.get_doc(
			{"doctype": "Committee", "committee_level": "District", "district": DISTRICT, "is_active": 1}
		)
		district.append("members", {"user": _user("district.chair", "ประธานเขตวัดเวลา"), "position": "Chair"})
		district.insert()
	for user in (people.chair, people.secretary, *people.members):
		committees.sync_user_roles(user)
	return people


def _user(slug: str, first_name: str) -> str:
	email = f"{slug}{DOMAIN}"
	if not frappe.db.exists("User", email):
		frappe.flags.in_import = True  # Frappe throttles user creation; a fresh demo has just made thousands
		try:
			frappe.get_doc(
				{
					"doctype": "User",
					"email": email,
					"first_name": first_name,
					"enabled": 1,
					"user_type": "System User",
					"send_welcome_email": 0,
				}
			).insert(ignore_permissions=True)
		finally:
			frappe.flags.in_import = False
	frappe.db.set_value("User", email, "enabled", 1)
	update_password(email, PASSWORD)
	return email


def bulk_insert_issues(committee: str, count: int) -> list[str]:
	"""`count` fresh open issues with the committee (and each one's first log row), inserted in bulk."""
	now = now_datetime()
	due = add_days(nowdate(), 15)
	categories = frappe.get_meta("Community Issue").get_options("category").split("\n")
	stamp = random_string(6).upper()
	issue_fields = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
		"title",
		"category",
		"priority",
		"raised_on",
		"workflow_state",
		"current_rung",
		"current_committee",
		"rung_since",
		"rung_due_date",
		"is_overdue",
		"station",
		"subdistrict",
		"district",
		"province",
		"division",
		"bureau",
	]
	log_fields = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
		"community_issue",
		"sequence",
		"action",
		"to_state",
		"to_rung",
		"committee",
		"station",
		"district",
		"province",
		"acted_by",
		"acted_at",
		"days_on_rung",
	]
	names, rows, logs = [], [], []
	for i in range(count):
		name = f"BENCH-MTG-{stamp}-{i:04d}"
		names.append(name)
		rows.append(
			(
				name,
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				0,
				f"ปัญหาวาระการประชุม {i + 1}",
				categories[i % len(categories)],
				"Medium",
				nowdate(),
				"At Station",
				"Station",
				committee,
				now,
				due,
				0,
				STATION,
				SUBDISTRICT,
				DISTRICT,
				"10",
				DIVISION,
				"บช.น.",
			)
		)
		logs.append(
			(
				random_string(10),
				now,
				now,
				"Administrator",
				"Administrator",
				0,
				0,
				name,
				1,
				"Raise",
				"At Station",
				"Station",
				committee,
				STATION,
				DISTRICT,
				"10",
				"Administrator",
				now,
				0,
			)
		)
	frappe.db.bulk_insert("Community Issue", issue_fields, rows)
	frappe.db.bulk_insert("Community Issue Log", log_fields, logs)
	return names


def draft_meeting(people, names: list[str]) -> str:
	"""The secretary's draft: every member present, the agenda drawn, half resolved and half escalated."""
	frappe.set_user(people.secretary)
	doc = frappe.get_doc(
		{
			"doctype": "Committee Meeting",
			"committee": people.committee,
			"meeting_date": nowdate(),
			"start_time": "09:00:00",
			"end_time": "12:00:00",
			"venue": "ห้องประชุมสถานีตำรวจ",
		}
	)
	doc.set("attendance", service.attendance_rows(doc))
	for row in doc.attendance:
		row.attendance = "Present"
	wanted = set(names)
	doc.set(
		"agenda",
		[r for r in service.draw_agenda(doc) if r["item_type"] != "Issue" or r["community_issue"] in wanted],
	)
	for i, row in enumerate(r for r in doc.agenda if r.item_type == "Issue"):
		if i % 2:
			row.resolution, row.resolution_text = "Escalate", "เกินขีดความสามารถของสถานี ต้องใช้งบประมาณของเขต"
		else:
			row.resolution, row.resolution_text = "Resolve", "ประสานหน่วยงานที่เกี่ยวข้องแก้ไขเรียบร้อยแล้ว"
	doc.insert()
	frappe.set_user("Administrator")
	return doc.name


def submit_through_the_desk(chair: str, meeting: str) -> tuple[float, int]:
	"""The chair's Submit as the desk sends it, timed request to response (own thread, own frappe.local)."""
	from frappe.app import application
	from werkzeug.test import Client

	site = frappe.local.site
	doc = frappe.get_doc("Committee Meeting", meeting).as_dict()
	out = {}

	def go():
		client = Client(application)
		headers = {"Host": site}
		r = client.post("/api/method/login", data={"usr": chair, "pwd": PASSWORD}, headers=headers)
		if r.status_code != 200:
			out["error"] = r.get_data(as_text=True)
			return
		children = resource.getrusage(resource.RUSAGE_CHILDREN)
		start, cpu = time.perf_counter(), time.thread_time()
		r = client.post(
			"/api/method/frappe.desk.form.save.savedocs",
			data={"doc": json.dumps(doc, default=str), "action": "Submit"},
			headers=headers,
		)
		out["seconds"] = time.perf_counter() - start
		out["cpu"] = time.thread_time() - cpu
		after = resource.getrusage(resource.RUSAGE_CHILDREN)
		out["pdf_cpu"] = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
		out["status"] = r.status_code
		if r.status_code != 200:
			out["error"] = r.get_data(as_text=True)[:2000]

	t = threading.Thread(target=go)
	t.start()
	t.join()
	if out.get("error"):
		print("error:", out["error"])
	if "cpu" in out:
		load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
		print(
			f"CPU time of the request: Python {out['cpu']:.2f} s, wkhtmltopdf {out['pdf_cpu']:.2f} s "
			f"(MariaDB's not included); load average {load} on {os.cpu_count()} CPUs"
		)
	return out.get("seconds", float("nan")), out.get("status", 0)
