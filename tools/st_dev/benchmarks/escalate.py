"""Benchmark: server time of one Escalate on a site holding 100,000 issues.

	bench --site SITE execute stronger_together.benchmarks.escalate.run [--kwargs "{'issues': 100000, 'samples': 30}"]

It sets up one ladder (a Bangkok station, its committees and chairs), bulk-inserts the issues (with their
first log row) once, then times the request the desk sends for the Escalate button:
POST /api/method/frappe.model.workflow.apply_workflow, through Frappe's WSGI application (real login,
real session, permission hooks, Workflow, row lock, log, notifications), request to response.
"""

import statistics
import threading
import time

import frappe
from frappe.utils import add_days, now_datetime, nowdate, random_string
from frappe.utils.password import update_password

from stronger_together.ladder import committees

PREFIX = "BENCH-"
PASSWORD = "Bench-Pass-2565!"
# the benchmark's own station (next to สน.ลุมพินี), so its chair and issues touch nobody else's
STATION, DIVISION, DISTRICT, SUBDISTRICT = "สน.วัดผลเวลา", "บก.น.5", "1007", "100704"
LADDER = [
	("Station", "police_unit", STATION),
	("District", "district", DISTRICT),
	("Division", "police_unit", DIVISION),
	("Province", "province", "10"),
	("Bureau", "police_unit", "บช.น."),
	("National HQ", "police_unit", "ตร."),
]


def run(issues: int = 100_000, samples: int = 30):
	frappe.set_user("Administrator")
	chair = setup_ladder()
	have = bulk_insert_issues(issues)
	fresh = [raise_issue() for _ in range(samples)]
	frappe.db.commit()
	timings = time_escalations(chair, fresh)
	timings_ms = sorted(t * 1000 for t in timings)
	print(f"Community Issue rows: {frappe.db.count('Community Issue')} (benchmark rows: {have})")
	print(f"Community Issue Log rows: {frappe.db.count('Community Issue Log')}")
	print(
		"Escalate (POST /api/method/frappe.model.workflow.apply_workflow), server time over "
		f"{len(timings_ms)} requests: median {statistics.median(timings_ms):.1f} ms, "
		f"p95 {timings_ms[int(len(timings_ms) * 0.95) - 1]:.1f} ms, min {timings_ms[0]:.1f} ms, "
		f"max {timings_ms[-1]:.1f} ms"
	)
	return {"median_ms": statistics.median(timings_ms), "samples": timings_ms}


def setup_ladder() -> str:
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
	chair = None
	for level, field, area in LADDER:
		name = frappe.db.get_value("Committee", {"area_key": f"{level}:{area}"})
		if name and level != "Station":
			continue  # the area's committee is already set up; an Escalate only needs it to exist
		user = f"bench.{level.lower().replace(' ', '')}@bench.invalid"
		if not frappe.db.exists("User", user):
			frappe.get_doc(
				{"doctype": "User", "email": user, "first_name": f"Bench {level}", "send_welcome_email": 0}
			).insert(ignore_permissions=True)
		update_password(user, PASSWORD)
		if not name:
			doc = frappe.get_doc(
				{"doctype": "Committee", "committee_level": level, field: area, "is_active": 1}
			)
			doc.append("members", {"user": user, "position": "Chair"})
			doc.insert()
		if level == "Station":
			chair = user
	frappe.db.commit()
	return chair


def bulk_insert_issues(target: int) -> int:
	"""Bulk-insert benchmark issues (and their first log row) up to `target`; returns how many exist."""
	have = frappe.db.count("Community Issue", {"name": ("like", f"{PREFIX}%")})
	if have >= target:
		return have
	station_committee = frappe.db.get_value("Committee", {"area_key": f"Station:{STATION}"})
	now = now_datetime()
	due = add_days(nowdate(), 15)
	categories = frappe.get_meta("Community Issue").get_options("category").split("\n")
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
		"acted_by",
		"acted_at",
		"days_on_rung",
	]
	chunk = 10_000
	for start in range(have, target, chunk):
		rows, logs = [], []
		for i in range(start, min(start + chunk, target)):
			name = f"{PREFIX}{i:07d}"
			rows.append(
				(
					name,
					now,
					now,
					"Administrator",
					"Administrator",
					0,
					0,
					f"ปัญหาทดสอบ {i}",
					categories[i % len(categories)],
					"Medium",
					nowdate(),
					"At Station",
					"Station",
					station_committee,
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
					station_committee,
					"Administrator",
					now,
					0,
				)
			)
		frappe.db.bulk_insert("Community Issue", issue_fields, rows)
		frappe.db.bulk_insert("Community Issue Log", log_fields, logs)
		frappe.db.commit()
	return frappe.db.count("Community Issue", {"name": ("like", f"{PREFIX}%")})


def raise_issue() -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Community Issue",
				"title": "ทดสอบเวลา",
				"category": "Other",
				"station": STATION,
				"subdistrict": SUBDISTRICT,
			}
		)
		.insert()
		.name
	)


def time_escalations(chair: str, names: list[str]) -> list[float]:
	"""POST the desk's Escalate request for each issue as `chair`, in a thread with its own frappe.local."""
	from frappe.app import application
	from werkzeug.test import Client

	site = frappe.local.site
	modified = {n: str(frappe.db.get_value("Community Issue", n, "modified")) for n in names}
	out: list[float] = []
	errors: list[str] = []

	def go():
		client = Client(application)
		headers = {"Host": site}
		r = client.post("/api/method/login", data={"usr": chair, "pwd": PASSWORD}, headers=headers)
		if r.status_code != 200:
			errors.append(r.get_data(as_text=True))
			return
		for name in names:
			doc = frappe.as_json(
				{
					"doctype": "Community Issue",
					"name": name,
					"modified": modified[name],
					"action_reason": "เกินขีดความสามารถของสถานี",
				}
			)
			start = time.perf_counter()
			r = client.post(
				"/api/method/frappe.model.workflow.apply_workflow",
				data={"doc": doc, "action": "Escalate"},
				headers=headers,
			)
			elapsed = time.perf_counter() - start
			if r.status_code != 200:
				errors.append(r.get_data(as_text=True)[:500])
				continue
			out.append(elapsed)

	t = threading.Thread(target=go)
	t.start()
	t.join()
	if errors:
		print("errors:", errors[:3])
	return out
