"""Benchmark step of `./st bench replica` (tools/st_tool/replica.py starts the servers and the site).

Run inside the scratch site whose database is the tool's own primary, with read_from_replica pointing at
the tool's replica. Every request goes through Frappe's WSGI application with a real login (Administrator,
and a division chair for the ladder report), as the desk sends it.

phase "replica_up":
  - for each report request, which server ran its queries: both servers' general logs are switched on
    around the one request and read back (the site's database user only): the queries that read the
    programme's tables, per server, and any write the request sent to the replica;
  - writes go to the primary and reach the replica by replication: an issue raised (POST /api/resource)
    and escalated by its station chair (the desk's apply_workflow), found on the replica after
    MASTER_GTID_WAIT, with the same state and log;
  - each report's time on the replica and on the primary (read_from_replica 1, then 0), median of N.
phase "replica_down" (the tool has stopped the replica): the same requests answer 200, and the app's log
  says the reads went to the primary.
"""

import json
import os
import statistics
import threading
import time

import frappe
import pymysql
from frappe.installer import update_site_config
from frappe.utils import add_months, getdate, today
from frappe.utils.password import update_password

from st_dev.guard import require_scratch_site

PASSWORD = "Bench-Replica-2565!"
PROGRAMME_TABLES = (
	"`tabCommunity Issue",  # also `tabCommunity Issue Log`
	"`tabNetwork Member",
	"`tabMonthly Unit Report",
	"`tabCommittee",
	"`tabPolice Unit",
)
WRITES = ("insert", "update", "delete", "replace")


def requests() -> list[tuple[str, str, str, dict]]:
	"""(label, HTTP method, path, form data) of every heavy read the replica is for."""
	last = getdate(add_months(today(), -1))
	run = "/api/method/frappe.desk.query_report.run"

	def report(name, **filters):
		return (name, "GET", run, {"report_name": name, "filters": json.dumps(filters)})

	return [
		report("Issue Ladder Summary"),
		report("Overdue Issues"),
		report("Time on Each Rung", from_date=str(add_months(today(), -3)), to_date=today()),
		report("Member Satisfaction"),
		report("National Compilation for Government"),
		report("Member Coverage"),
		report("Training Coverage", depth="Division"),
		report("Monthly Roll-up", police_unit="ตร.", year=last.year, month=last.month),
		report("Monthly Reports Outstanding", year=last.year, month=last.month),
		(
			"compilation XLSX",
			"GET",
			"/api/method/stronger_together.api.reporting.download_compilation_xlsx",
			{"filters": "{}"},
		),
		(
			"training-coverage card",
			"GET",
			"/api/method/stronger_together.api.reporting.training_coverage",
			{},
		),
	]


def run(phase: str, control: str, samples: int = 5):
	require_scratch_site()
	frappe.set_user("Administrator")
	ctl = frappe._dict(json.loads(open(control).read()))
	print(
		f"site {frappe.local.site}: primary {frappe.conf.db_host}:{frappe.conf.db_port}, replica "
		f"{frappe.conf.replica_host}:{frappe.conf.replica_db_port}, read_from_replica="
		f"{frappe.conf.read_from_replica}; load average {load()}",
		flush=True,
	)
	if phase == "replica_up":
		prove_reads(ctl)
		prove_writes(ctl)
		compare_timings(ctl, int(samples))
	elif phase == "replica_down":
		degraded(ctl)
	else:
		frappe.throw(f"unknown phase {phase!r}")


# ---------------------------------------------------------------- HTTP through Frappe's WSGI app


class Browser:
	"""A logged-in desk session on Frappe's WSGI application; each request runs in a thread of its own
	(Frappe's request handling sets up and tears down its own frappe.local)."""

	def __init__(self, user: str, password: str):
		from frappe.app import application
		from werkzeug.test import Client

		self.client = Client(application)
		self.headers = {"Host": frappe.local.site}
		r = self.call("POST", "/api/method/login", {"usr": user, "pwd": password})
		if r.status_code != 200:
			frappe.throw(f"login as {user} failed: {r.status_code} {r.get_data(as_text=True)[:300]}")

	def call(self, method: str, path: str, data: dict):
		out = {}

		def go():
			if method == "GET":
				out["r"] = self.client.get(path, query_string=data, headers=self.headers)
			else:
				out["r"] = self.client.post(path, data=data, headers=self.headers)

		t = threading.Thread(target=go)
		t.start()
		t.join()
		return out["r"]

	def timed(self, method: str, path: str, data: dict):
		start = time.perf_counter()
		r = self.call(method, path, data)
		return r, (time.perf_counter() - start) * 1000


# ---------------------------------------------------------------- the servers' general logs


class Server:
	def __init__(self, name: str, address: dict, password: str):
		self.name = name
		self.conn = pymysql.connect(
			host=address["host"], port=int(address["port"]), user="root", password=password, autocommit=True
		)

	def sql(self, query: str, args=None) -> list[tuple]:
		with self.conn.cursor() as cur:
			cur.execute(query, args)
			return list(cur.fetchall())

	def log_on(self):
		self.sql("SET GLOBAL general_log = 0")
		self.sql("TRUNCATE TABLE mysql.general_log")
		self.sql("SET GLOBAL general_log = 1")

	def log_off(self) -> list[str]:
		"""The statements the site's database user sent since log_on."""
		self.sql("SET GLOBAL general_log = 0")
		rows = self.sql(
			"select convert(argument using utf8mb4) from mysql.general_log "
			"where command_type in ('Query', 'Execute') and locate(%s, user_host) = 1",
			(frappe.conf.db_name + "[",),
		)
		return [r[0] for r in rows]


def classify(statements: list[str]) -> dict:
	reads = [s for s in statements if s.lstrip().lower().startswith("select") and touches_programme(s)]
	writes = [s for s in statements if s.lstrip().lower().startswith(WRITES)]
	return {"all": len(statements), "programme_reads": len(reads), "writes": writes}


def touches_programme(statement: str) -> bool:
	return any(t in statement for t in PROGRAMME_TABLES)


def prove_reads(ctl):
	primary = Server("primary", ctl.primary, ctl.root_password)
	replica = Server("replica", ctl.replica, ctl.root_password)
	admin = Browser("Administrator", ctl.admin_password)
	chair = division_chair()
	division = Browser(chair, PASSWORD)
	print("\nWhere each request's queries ran (general logs of both servers, the site's database user only):")
	print(
		f"{'request':<44} {'as':<9} {'HTTP':>4}  {'replica: reads of programme tables':>34}  "
		f"{'primary: reads of programme tables':>34}  {'writes sent to the replica':>26}"
	)
	failures = []
	cases = [(label, "Admin", admin, m, p, d) for label, m, p, d in requests()]
	cases.insert(1, ("Issue Ladder Summary", "Division", division, *requests()[0][1:]))
	for label, who, browser, method, path, data in cases:
		primary.log_on()
		replica.log_on()
		r = browser.call(method, path, data)
		on_primary = classify(primary.log_off())
		on_replica = classify(replica.log_off())
		print(
			f"{label:<44} {who:<9} {r.status_code:>4}  "
			f"{on_replica['programme_reads']:>6} of {on_replica['all']:>4} statements{'':>9}  "
			f"{on_primary['programme_reads']:>6} of {on_primary['all']:>4} statements{'':>9}  "
			f"{len(on_replica['writes']):>26}"
		)
		if r.status_code != 200 or on_primary["programme_reads"] or not on_replica["programme_reads"]:
			failures.append(label)
		for w in on_replica["writes"][:3]:
			print(f"    write on the replica: {w[:160]}")
	print(
		"PROVED: every report's reads of the programme's tables ran on the replica, none on the primary."
		if not failures
		else f"NOT PROVED for: {', '.join(failures)}"
	)


def prove_writes(ctl):
	primary = Server("primary", ctl.primary, ctl.root_password)
	replica = Server("replica", ctl.replica, ctl.root_password)
	station, subdistrict, chair = station_chair()
	admin = Browser("Administrator", ctl.admin_password)
	print(
		f"\nWrites: an issue raised at {station} (POST /api/resource/Community Issue as Administrator), then"
	)
	print(f"escalated by the station chair {chair} (POST frappe.model.workflow.apply_workflow):")
	primary.log_on()
	replica.log_on()
	r = admin.call(
		"POST",
		"/api/resource/Community Issue",
		{
			"data": json.dumps(
				{
					"title": "ทดสอบการอ่านจากเครื่องสำรอง",
					"category": "Other",
					"station": station,
					"subdistrict": subdistrict,
				}
			)
		},
	)
	if r.status_code != 200:
		frappe.throw(f"raising the issue failed: {r.status_code} {r.get_data(as_text=True)[:500]}")
	issue = r.get_json()["data"]
	station_browser = Browser(chair, PASSWORD)
	r = station_browser.call(
		"POST",
		"/api/method/frappe.model.workflow.apply_workflow",
		{
			"doc": json.dumps({**issue, "action_reason": "เกินขีดความสามารถของสถานี"}),
			"action": "Escalate",
		},
	)
	if r.status_code != 200:
		frappe.throw(f"Escalate failed: {r.status_code} {r.get_data(as_text=True)[:500]}")
	on_primary = primary.log_off()
	on_replica = replica.log_off()

	def inserts(statements, table):
		return sum(1 for s in statements if s.lstrip().lower().startswith("insert") and f"`{table}`" in s)

	def updates(statements, table):
		return sum(1 for s in statements if s.lstrip().lower().startswith("update") and f"`{table}`" in s)

	print(
		f"  primary's general log: {inserts(on_primary, 'tabCommunity Issue')} insert into `tabCommunity Issue`, "
		f"{updates(on_primary, 'tabCommunity Issue')} update of it, "
		f"{inserts(on_primary, 'tabCommunity Issue Log')} inserts into `tabCommunity Issue Log`"
	)
	print(
		f"  replica's general log: {sum(1 for s in on_replica if s.lstrip().lower().startswith(WRITES))} "
		"writes from the site (replicated changes are applied by the replica's own SQL thread)"
	)
	pos = primary.sql("select @@gtid_binlog_pos")[0][0]
	waited = replica.sql("select master_gtid_wait(%s, 60)", (pos,))[0][0]
	query = f"select workflow_state, current_rung from `{frappe.conf.db_name}`.`tabCommunity Issue` where name = %s"
	logq = f"select count(*) from `{frappe.conf.db_name}`.`tabCommunity Issue Log` where community_issue = %s"
	p_state, r_state = primary.sql(query, (issue["name"],)), replica.sql(query, (issue["name"],))
	p_logs, r_logs = primary.sql(logq, (issue["name"],))[0][0], replica.sql(logq, (issue["name"],))[0][0]
	print(
		f"  {issue['name']} on the primary: {p_state[0] if p_state else None}, {p_logs} log rows; on the "
		f"replica after MASTER_GTID_WAIT('{pos}') = {waited}: {r_state[0] if r_state else None}, {r_logs} log rows"
	)
	ok = (
		inserts(on_primary, "tabCommunity Issue") >= 1
		and not any(s.lstrip().lower().startswith(WRITES) for s in on_replica)
		and p_state
		and p_state == r_state
		and p_logs == r_logs == 2
	)
	print(
		"PROVED: the writes went to the primary and reached the replica by replication."
		if ok
		else "NOT PROVED: see the figures above."
	)


def compare_timings(ctl, samples: int):
	admin = Browser("Administrator", ctl.admin_password)
	times = {}
	for source, flag in (("replica", 1), ("primary", 0)):
		update_site_config("read_from_replica", flag)
		for label, method, path, data in requests():
			t = []
			for _ in range(samples):
				r, ms = admin.timed(method, path, data)
				if r.status_code != 200:
					frappe.throw(f"{label} answered {r.status_code} reading from the {source}")
				t.append(ms)
			times.setdefault(label, {})[source] = statistics.median(t)
	update_site_config("read_from_replica", 1)
	print(f"\nReport timings as Administrator over HTTP, median of {samples} (load average {load()}):")
	print(f"{'request':<44} {'from the replica':>17} {'from the primary':>17}")
	for label, t in times.items():
		print(f"{label:<44} {t['replica']:>14.1f} ms {t['primary']:>14.1f} ms")
	print("(both servers run on this machine, with the same settings: the point is where the reads go)")


def degraded(ctl):
	log = os.path.join(frappe.utils.get_bench_path(), "logs", "stronger_together.replica.log")
	before = os.path.getsize(log) if os.path.exists(log) else 0
	primary = Server("primary", ctl.primary, ctl.root_password)
	admin = Browser("Administrator", ctl.admin_password)
	print(f"{'request':<44} {'HTTP':>4} {'time':>10}  {'primary: reads of programme tables':>34}")
	failures = []
	for label, method, path, data in requests():
		primary.log_on()
		r, ms = admin.timed(method, path, data)
		on_primary = classify(primary.log_off())
		print(
			f"{label:<44} {r.status_code:>4} {ms:>7.1f} ms  "
			f"{on_primary['programme_reads']:>6} of {on_primary['all']:>4} statements"
		)
		if r.status_code != 200 or not on_primary["programme_reads"]:
			failures.append(label)
	new = ""
	if os.path.exists(log):
		with open(log) as f:
			f.seek(before)
			new = f.read()
	warnings = [line for line in new.splitlines() if "does not answer" in line]
	print(f"warnings logged in {log} during these requests: {len(warnings)}")
	for line in warnings[:2]:
		print(f"  {line[:200]}")
	print(
		"PROVED: with the replica stopped every request answered 200, reading from the primary, with a warning "
		"in the log."
		if not failures and warnings
		else f"NOT PROVED ({', '.join(failures) or 'no warning logged'}): see above."
	)


# ---------------------------------------------------------------- users


def division_chair() -> str:
	return chair_of("Division")


def station_chair() -> tuple[str, str, str]:
	user = chair_of("Station")
	committee = frappe.db.get_value(
		"Committee Member", {"user": user, "position": "Chair", "parenttype": "Committee"}, "parent"
	)
	station = frappe.db.get_value("Committee", committee, "police_unit")
	subdistrict = frappe.get_doc("Police Unit", station).jurisdiction[0].subdistrict
	return station, subdistrict, user


def chair_of(level: str) -> str:
	user = frappe.db.sql(
		"""select m.user from `tabCommittee` c join `tabCommittee Member` m on m.parent = c.name
		and m.parenttype = 'Committee' where c.committee_level = %s and c.is_active = 1
		and m.position = 'Chair' order by m.user limit 1""",
		level,
	)[0][0]
	update_password(user, PASSWORD)  # a scratch site (require_scratch_site): the benchmark's own password
	frappe.db.commit()
	return user


def load() -> str:
	return " ".join(f"{x:.2f}" for x in os.getloadavg())
