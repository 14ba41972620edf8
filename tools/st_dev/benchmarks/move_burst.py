"""Benchmark: many chairs move different issues at the same instant (where Frappe's Workflow Action
bookkeeping used to deadlock).

	./st bench move_burst [--width 20] [--rounds 10]

Each round raises `width` issues at the site's station committees (round robin), logs their chairs in
(real sessions through Frappe's WSGI application, a thread each), opens each issue as the desk does, and
releases all the Escalates together with a barrier: the desk's apply_workflow (the ladder's endpoint).
Prints the answers' HTTP statuses, InnoDB's deadlock count over the run and the moves the endpoint ran
again after a deadlock, the time per Escalate (median, p95: the threads share one Python process, so
this is not a server's latency; `./st load` measures that), and checks each issue's log (Raise, Escalate).
"""

import json
import os
import statistics
import threading
import time

import frappe
from frappe.utils.password import update_password

from st_dev.guard import require_scratch_site

PASSWORD = "Bench-Burst-2565!"
RETRY_LOG = os.path.join("..", "logs", "stronger_together.ladder.log")


def run(width: int = 20, rounds: int = 10):
	require_scratch_site()
	frappe.set_user("Administrator")
	stations = frappe.db.sql(
		"""select c.police_unit as station, min(m.user) as user from `tabCommittee` c
		join `tabCommittee Member` m on m.parent = c.name and m.parenttype = 'Committee' and m.position = 'Chair'
		where c.committee_level = 'Station' and c.is_active = 1 group by c.police_unit order by c.police_unit
		limit %s""",
		width,
		as_dict=True,
	)
	if not stations:
		frappe.throw("No station committee with a chair: load demo data first (./st demo small).")
	for s in stations:
		s.subdistrict = frappe.db.get_value(
			"Police Unit Jurisdiction", {"parent": s.station, "subdistrict": ("is", "set")}, "subdistrict"
		) or frappe.db.get_value("Community Issue", {"station": s.station}, "subdistrict")
		update_password(s.user, PASSWORD)  # a scratch site only (require_scratch_site)
	stations = [s for s in stations if s.subdistrict]
	frappe.db.commit()
	deadlocks_before, retries_before = deadlocks(), log_size()
	statuses: dict[int, int] = {}
	times: list[float] = []
	issues: list[str] = []
	started = time.monotonic()
	for _ in range(rounds):
		batch = []
		for i in range(width):
			s = stations[i % len(stations)]
			doc = frappe.get_doc(
				{
					"doctype": "Community Issue",
					"title": "ทดสอบการดำเนินการพร้อมกัน",
					"category": "Other",
					"station": s.station,
					"subdistrict": s.subdistrict,
				}
			).insert()
			batch.append((s.user, doc.name))
		frappe.db.commit()
		issues += [name for _u, name in batch]
		burst(batch, statuses, times)
	elapsed = time.monotonic() - started
	retries = new_retries(retries_before)
	ms = sorted(t * 1000 for t in times)
	bad_logs = [
		name
		for name in issues
		if [
			(r.sequence, r.action)
			for r in frappe.get_all(
				"Community Issue Log",
				filters={"community_issue": name},
				fields=["sequence", "action"],
				order_by="sequence asc",
			)
		]
		!= [(1, "Raise"), (2, "Escalate")]
	]
	print(
		f"{rounds} rounds of {width} Escalates released together ({len(stations)} station chairs), {elapsed:.0f} s"
	)
	print(f"HTTP statuses: {dict(sorted(statuses.items()))}")
	print(
		f"InnoDB deadlocks during the run (the whole server): {deadlocks() - deadlocks_before}; "
		f"moves the ladder's endpoint ran again after a deadlock: {retries}"
	)
	if ms:
		print(
			f"Escalate under the burst: median {statistics.median(ms):.0f} ms, "
			f"p95 {ms[int(len(ms) * 0.95) - 1]:.0f} ms, max {ms[-1]:.0f} ms (load average {load()})"
		)
	print(f"issues whose log is not exactly [1 Raise, 2 Escalate]: {len(bad_logs)} {bad_logs[:5]}")


def burst(batch: list[tuple[str, str]], statuses: dict, times: list):
	from frappe.app import application
	from werkzeug.test import Client

	site = frappe.local.site
	barrier = threading.Barrier(len(batch))
	lock = threading.Lock()

	def chair(user: str, name: str):
		client, headers = Client(application), {"Host": site}
		try:
			client.post("/api/method/login", data={"usr": user, "pwd": PASSWORD}, headers=headers)
			r = client.get(
				"/api/method/frappe.desk.form.load.getdoc",
				query_string={"doctype": "Community Issue", "name": name},
				headers=headers,
			)
			doc = r.get_json()["docs"][0]
			doc["action_reason"] = "เกินขีดความสามารถของสถานี"
		finally:
			barrier.wait()
		start = time.perf_counter()
		r = client.post(
			"/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": json.dumps(doc), "action": "Escalate"},
			headers=headers,
		)
		with lock:
			times.append(time.perf_counter() - start)
			statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
			if r.status_code >= 500:
				print(f"{name}: {r.status_code} {r.get_data(as_text=True)[:300]}")

	threads = [threading.Thread(target=chair, args=item) for item in batch]
	for t in threads:
		t.start()
	for t in threads:
		t.join()


def deadlocks() -> int:
	rows = frappe.db.sql("show global status like 'Innodb_deadlocks'")
	return int(rows[0][1]) if rows else 0


def log_size() -> int:
	return os.path.getsize(RETRY_LOG) if os.path.exists(RETRY_LOG) else 0


def new_retries(since: int) -> int:
	if not os.path.exists(RETRY_LOG):
		return 0
	with open(RETRY_LOG) as f:
		f.seek(since)
		return sum(1 for line in f.read().splitlines() if "met a deadlock" in line)


def load() -> str:
	return " ".join(f"{x:.2f}" for x in os.getloadavg())
