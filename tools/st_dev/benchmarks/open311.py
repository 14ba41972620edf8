"""Benchmark: GET /api/open311/v2/requests.json answering 1,000 issues, on a site with the national demo.

	./st demo national      # or: bench --site SITE execute st_dev.demo.generate --kwargs "{'scale': 'national'}"
	bench --site SITE execute st_dev.benchmarks.open311.run [--kwargs "{'samples': 30}"]

Two partners ask for 1,000 requests each:
- "own": a partner that created 1,000 issues (bulk-inserted once, with their first log row, among the
  demo's issues) reads its requests: the (open311_partner, creation) index;
- "area": a whole-country partner allowed to read every public issue reads a window of the demo's own
  issues holding as close to 1,000 as the data allows (at most 1,000): the (creation) index.

For each, three figures: the handler alone (key check, the one query, the mapping and JSON, called in this
process), the server time of the whole request through Frappe's WSGI application (request to response,
as the escalate benchmark measures it) and the time over real HTTP (a local web server, from a client).
Scratch sites only.
"""

import datetime
import statistics
import threading
import time

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, random_string

from st_dev.guard import require_scratch_site
from stronger_together.api import open311 as open311_api
from stronger_together.integrations.open311 import routes, service

PREFIX = "B311-"
OWN, AREA = "Benchmark Open311 (own requests)", "Benchmark Open311 (whole country, all public)"
RESULTS = 1000


def run(samples: int = 30):
	require_scratch_site()
	frappe.set_user("Administrator")
	# hooks as this code defines them (a development bench's workers may run another checkout's code)
	frappe.cache.delete_value("app_hooks")
	keys = {"own": partner_key(OWN, read_all=False), "area": partner_key(AREA, read_all=True)}
	own_window = ensure_own_issues()
	area_window = demo_window()
	frappe.db.commit()
	print(
		f"Community Issue rows: {frappe.db.count('Community Issue')}, "
		f"log rows: {frappe.db.count('Community Issue Log')}"
	)
	results = {}
	for label, key, (start, end) in (("own", keys["own"], own_window), ("area", keys["area"], area_window)):
		params = {"api_key": key, "start_date": start.isoformat(), "end_date": end.isoformat()}
		handler = time_handler(params, samples)
		wsgi, count = time_wsgi(params, samples)
		http = time_http(params, samples)
		results[label] = {"results": count, "handler": handler, "wsgi": wsgi, "http": http}
		print(f"GET requests.json, partner '{label}': {count} requests in the answer")
		for what, timings in (
			("handler (in process)", handler),
			("server time (Frappe WSGI app, request to response)", wsgi),
			("over HTTP (local web server)", http),
		):
			print(f"  {what}: {summary(timings)}")
	return {
		k: {"results": v["results"], "server_median_ms": round(statistics.median(v["wsgi"]) * 1000, 1)}
		for k, v in results.items()
	}


def summary(timings: list[float]) -> str:
	ms = sorted(t * 1000 for t in timings)
	return (
		f"median {statistics.median(ms):.1f} ms, p95 {ms[max(int(len(ms) * 0.95) - 1, 0)]:.1f} ms, "
		f"min {ms[0]:.1f} ms, max {ms[-1]:.1f} ms ({len(ms)} requests)"
	)


def partner_key(name: str, read_all: bool) -> str:
	if not frappe.db.exists(service.PARTNER, name):
		frappe.get_doc(
			{
				"doctype": service.PARTNER,
				"partner_name": name,
				"area_type": "Whole Country",
				"read_all_public": int(read_all),
			}
		).insert()
	return open311_api.issue_api_key(name)["api_key"]


def ensure_own_issues():
	"""1,000 issues of the 'own' partner over the last 30 days (bulk, once), each with its Raise log row,
	spread over the demo's stations; returns the window that holds them."""
	now = now_datetime()
	window = (add_days(now, -31), now)
	have = frappe.db.count("Community Issue", {"open311_partner": OWN})
	if have >= RESULTS:
		return window
	stations = demo_stations()
	categories = frappe.get_meta("Community Issue").get_options("category").split("\n")
	issue_fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx", "title",
		"category", "priority", "raised_on", "workflow_state", "current_rung", "current_committee", "rung_since",
		"rung_due_date", "is_overdue", "station", "subdistrict", "district", "province", "division", "bureau",
		"source", "open311_partner", "external_id", "description"]  # fmt: skip
	log_fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx", "community_issue",
		"sequence", "action", "to_state", "to_rung", "committee", "acted_by", "acted_at", "days_on_rung"]  # fmt: skip
	rows, logs = [], []
	for i in range(have, RESULTS):
		station, sub, district, province, division, bureau, committee = stations[i % len(stations)]
		at = add_to_date(now, minutes=-(i * 43 + 7))
		name = f"{PREFIX}{i:06d}"
		rows.append((name, at, at, "Guest", "Guest", 0, 0, f"ปัญหาจากพันธมิตร {i}", categories[i % len(categories)],
			"Medium", at.date(), "At Station", "Station", committee, at, add_days(at.date(), 15), 0, station, sub,
			district, province, division, bureau, "Open311", OWN, f"bench-{i}", f"<p>รายละเอียด {i}</p>"))  # fmt: skip
		logs.append((random_string(10), at, at, "Guest", "Guest", 0, 0, name, 1, "Raise", "At Station", "Station",
			committee, "Guest", at, 0))  # fmt: skip
	frappe.db.bulk_insert("Community Issue", issue_fields, rows)
	frappe.db.bulk_insert("Community Issue Log", log_fields, logs)
	frappe.db.commit()
	return window


def demo_stations(limit: int = 200) -> list[tuple]:
	"""(station, sub-district it serves, district, province, division, bureau, its station committee) for
	demo stations that have an active committee."""
	rows = frappe.db.sql(
		"""select p.name, j.district, j.subdistrict, p.parent_police_unit, d.parent_police_unit, c.name
		from `tabPolice Unit` p
		join `tabPolice Unit Jurisdiction` j on j.parent = p.name and j.parenttype = 'Police Unit'
		join `tabPolice Unit` d on d.name = p.parent_police_unit
		join `tabCommittee` c on c.area_key = concat('Station:', p.name) and c.is_active = 1
		where p.unit_type = 'Station' order by p.name, j.idx"""
	)
	out, seen = [], set()
	for station, district, sub, division, bureau, committee in rows:
		if station in seen:
			continue
		seen.add(station)
		sub = sub or frappe.db.get_value("Subdistrict", {"district": district}, "name", order_by="name asc")
		district, province = frappe.db.get_value("Subdistrict", sub, ["district", "province"])
		out.append((station, sub, district, province, division, bureau, committee))
		if len(out) >= limit:
			break
	return out


def demo_window():
	"""A window of requested times holding as many of the demo's issues as possible but at most 1,000 (the
	demo raises a day's issues at the same minute, so the window is a run of whole days, before the
	benchmark's own issues)."""
	days = frappe.db.sql(
		"""select date(creation), count(*) from `tabCommunity Issue`
		where open311_partner is null and creation < %s group by date(creation) order by 1""",
		add_days(now_datetime(), -32),
	)
	best, first = (0, 0, 0), 0
	total = 0
	for last in range(len(days)):
		total += days[last][1]
		while total > RESULTS:
			total -= days[first][1]
			first += 1
		if total > best[0]:
			best = (total, first, last)
	if not best[0]:
		raise SystemExit("No demo issues: load the national demo first (./st demo national).")
	_total, first, last = best
	start = datetime.datetime.combine(days[first][0], datetime.time.min)
	return start, datetime.datetime.combine(days[last][0], datetime.time.max)


def time_handler(params: dict, samples: int) -> list[float]:
	"""The endpoint's own work in this process: the key, the queries, the mapping, the JSON (with the share of
	each printed)."""
	form = frappe._dict(params)
	out, parts = [], {"key": [], "queries": [], "mapping": [], "json": []}
	real_fetch = service.fetch

	def timed_fetch(*args, **kwargs):
		start = time.perf_counter()
		try:
			return real_fetch(*args, **kwargs)
		finally:
			timed_fetch.seconds = time.perf_counter() - start

	service.fetch = timed_fetch
	try:
		for _ in range(samples + 1):
			start = time.perf_counter()
			partner = service.authenticate(form.api_key)
			keyed = time.perf_counter()
			data = service.find_requests(partner, form, "en")
			found = time.perf_counter()
			routes.render(200, "service_requests", data, "json")
			done = time.perf_counter()
			out.append(done - start)
			parts["key"].append(keyed - start)
			parts["queries"].append(timed_fetch.seconds)
			parts["mapping"].append(found - keyed - timed_fetch.seconds)
			parts["json"].append(done - found)
	finally:
		service.fetch = real_fetch
	print(
		"  handler parts (median): "
		+ ", ".join(f"{k} {statistics.median(v[1:]) * 1000:.1f} ms" for k, v in parts.items())
	)
	return out[1:]  # the first call warms the caches


def time_wsgi(params: dict, samples: int) -> tuple[list[float], int]:
	"""The whole request through Frappe's WSGI application (in a thread with its own frappe.local)."""
	from frappe.app import application
	from werkzeug.test import Client

	site, out, counts, errors = frappe.local.site, [], [], []

	def go():
		client = Client(application)
		for _ in range(samples + 1):
			start = time.perf_counter()
			r = client.get("/api/open311/v2/requests.json", query_string=params, headers={"Host": site})
			out.append(time.perf_counter() - start)
			if r.status_code != 200:
				errors.append(r.get_data(as_text=True)[:300])
			else:
				counts.append(len(r.get_json()))

	t = threading.Thread(target=go)
	t.start()
	t.join()
	if errors:
		raise SystemExit(f"GET requests failed: {errors[0]}")
	return out[1:], counts[-1]


def time_http(params: dict, samples: int) -> list[float]:
	"""Over real HTTP: Frappe's WSGI application behind a local web server, timed by a client."""
	import requests
	from frappe.app import application
	from werkzeug.serving import WSGIRequestHandler, make_server

	class QuietHandler(WSGIRequestHandler):
		def log_request(self, *args, **kwargs):
			pass

	server = make_server("127.0.0.1", 0, application, threaded=True, request_handler=QuietHandler)
	thread = threading.Thread(target=server.serve_forever, daemon=True)
	thread.start()
	url = f"http://127.0.0.1:{server.server_port}/api/open311/v2/requests.json"
	out = []
	try:
		with requests.Session() as session:
			for _ in range(samples + 1):
				start = time.perf_counter()
				r = session.get(url, params=params, headers={"Host": frappe.local.site}, timeout=60)
				_ = r.content
				out.append(time.perf_counter() - start)
				if r.status_code != 200:
					raise SystemExit(f"GET requests failed over HTTP: {r.text[:300]}")
	finally:
		server.shutdown()
	return out[1:]
