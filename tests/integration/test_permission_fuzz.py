"""Tier 2: the permission fuzz. No side doors: every whitelisted method and REST route the site exposes,
called over Frappe's WSGI stack as real logged-in users of every kind, finds nothing out of scope.

Users: the chair of each rung's committee in area A (station, district, division, province, bureau), a plain
committee member, the committee's secretary, a national HQ officer, a coordinator officer, a user with no
programme role (and, once they exist, a network member's portal user and an Open311 partner). The expected
scope of each is written in `fuzz/world.py` from the world's description, independently of the
permissions package. A leak is any response that carries a token of a record the user must not reach (its
name, title, or a member's national ID or mobile phone), a count or list that answers a filter on personal
data, a file or print of such a record, or a change to such a record or to what hangs off it (comments,
shares, assignments, files, tags, follows) after a write call.
"""

import json
import multiprocessing
import os
import re
import threading
import time
from collections import Counter, defaultdict

import frappe
import pymysql
import pytest

from .fuzz import endpoints
from .fuzz.world import PASSWORD, World, build

THAI = re.compile(r"[\u0e00-\u0e7f]")
# Reference data every programme user reads (the unit tree, the civil geography) and the settings
PUBLIC_DOCTYPES = {
	"Province",
	"District",
	"Subdistrict",
	"Subdistrict Postcode",
	"Police Unit",
	"Police Unit Jurisdiction",
}


def programme_doctypes() -> list[str]:
	"""Every DocType and child table of the app's module, but the public reference data and Singles."""
	names = frappe.get_all("DocType", filters={"module": "Stronger Together", "issingle": 0}, pluck="name")
	return sorted(set(names) - PUBLIC_DOCTYPES)


SIDE_TABLES = (
	("tabComment", "reference_name"),
	("tabToDo", "reference_name"),
	("tabDocShare", "share_name"),
	("tabFile", "attached_to_name"),
	("tabTag Link", "document_name"),
	("tabDocument Follow", "ref_docname"),
	("tabCommunication", "reference_name"),
)


class Probe:
	"""One user's walk through every door, in a thread of its own (own frappe.local, own DB connection)."""

	def __init__(self, world: World, user: str, site: str, conf: dict, methods, routes, private_files):
		self.world, self.user, self.site = world, user, site
		self.cover = world.users[user]
		self.methods, self.routes, self.private_files = methods, routes, private_files
		self.doctypes = programme_doctypes()
		self.forbidden = world.forbidden(user)
		# The first forbidden record of each DocType is the TARGET whose name the calls send; the others are
		# sentinels whose names are never sent. A target's name coming back may be an echo of the request
		# (an error message, or something a write call stored under that name), so it is not a token; its
		# title and the sentinels' names are.
		# Targets come from area B, out of every area-A user's scope, so that every user attacks the same
		# records and what one user's write stored under a target's name never reads as another's leak.
		self.target = {}
		for c in sorted(self.forbidden, key=lambda c: c.area != "B"):
			self.target.setdefault(c.doctype, c.name)
		sent = set(self.target.values())
		for c in sorted(
			world.canaries, key=lambda c: c.area != "B"
		):  # a user who sees all still calls every door
			self.target.setdefault(c.doctype, c.name)
		self.tokens = {t: c for c in self.forbidden for t in c.tokens if t and t not in sent}
		pii = world.pii_values() if not self.cover.pii else [v for c in self.forbidden for v in c.pii]
		self.pii = {v for v in pii if v}
		self.parent_of = {c.doctype: c.parent[0] for c in world.canaries if c.parent}
		self.leaks: list[str] = []
		self.requests = 0
		self.checks = 0
		self.english: Counter = Counter()
		self.server_errors: Counter = Counter()
		self.session_enders: Counter = Counter()
		self.last_call = ""
		self.conf = {k: conf.get(k) for k in ("db_host", "db_port", "db_name", "db_user", "db_password")}
		self.names = [c.name for c in self.forbidden]

	# ---- what a write may have touched --------------------------------------------------------

	def fingerprint(self) -> tuple:
		"""One query: what THIS user changed of the out-of-scope records (modified_by) and what they hung off
		them (rows they own). Other users' processes run at the same time and may change them legitimately."""
		if not self.names:
			return ()
		if not hasattr(self, "_fingerprint_sql"):
			by_doctype = defaultdict(set)
			for c in self.forbidden:
				by_doctype[c.parent[0] if c.parent else c.doctype].add(c.parent[1] if c.parent else c.name)
			esc = lambda values: ", ".join(self.db.escape(v) for v in sorted(values))  # noqa: E731
			me = self.db.escape(self.user)
			parts = [
				f"select '{doctype}', count(*), max(modified) from `tab{doctype}` "
				f"where name in ({esc(names)}) and modified_by = {me}"
				for doctype, names in sorted(by_doctype.items())
			]
			parts += [
				f"select '{table}', count(*), null from `{table}` where `{column}` in ({esc(self.names)}) and owner = {me}"
				for table, column in SIDE_TABLES
			]
			self._fingerprint_sql = " union all ".join(parts)
		cur = self.db.cursor()
		cur.execute(self._fingerprint_sql)
		return tuple(cur.fetchall())

	# ---- calls ----------------------------------------------------------------------------------

	def run(self):
		from frappe.app import application
		from werkzeug.test import Client

		c = self.conf
		self.db = pymysql.connect(
			host=c["db_host"] or "127.0.0.1",
			port=int(c["db_port"] or 3306),
			user=c["db_user"] or c["db_name"],
			password=c["db_password"],
			database=c["db_name"],
			charset="utf8mb4",
			autocommit=True,
		)
		self.client = Client(application)
		self.headers = {"Host": self.site, "Accept": "application/json"}
		self.login()
		self.baseline = self.fingerprint()
		hidden_member = next(
			(
				c
				for c in self.world.canaries
				if c.doctype == "Network Member" and self.cover.station_seen(c.member_in_scope_of)
			),
			next(c for c in self.world.canaries if c.doctype == "Network Member"),
		)
		nid = hidden_member.pii[0]
		self.pii.discard(nid)  # the probe sends it
		hidden = {
			"filters": json.dumps([["national_id", "=", nid]]),
			"escaped": '[["national\\u005fid", "=", "' + nid + '"]]',
		}
		self.hidden_member = hidden_member
		for method in self.methods:
			for args in endpoints.method_calls(method, self.doctypes, self.target, hidden):
				probe = args.pop("_probe", None)
				self.call_method(method, args, probe)
		for verb, template in self.routes:
			for doctype in self.doctypes:
				self.call_route(verb, template, doctype, hidden)
		for doctype, name in self.target.items():
			if doctype in self.parent_of:
				continue
			self.check(
				f"GET /printview {doctype}",
				self.client.get(
					f"/printview?doctype={doctype}&name={name}&format=Standard", headers=self.headers
				),
				targeted=True,
			)
		for file_url, issue in self.private_files:
			if issue in self.names:
				self.check(f"GET {file_url}", self.client.get(file_url, headers=self.headers), targeted=True)

	def lost_session(self, what: str):
		"""A Guest's answer: the call before this one ended the session (it is noted, and the user logs in again)."""
		r = self.client.get("/api/method/frappe.auth.get_logged_user", headers=self.headers)
		if r.status_code != 200:
			self.session_enders[self.last_call] += 1
			self.login()

	def login(self):
		r = self.client.post(
			"/api/method/login", data={"usr": self.user, "pwd": PASSWORD}, headers=self.headers
		)
		assert r.status_code == 200, r.get_data(as_text=True)[:300]

	def call_method(self, method, args, probe):
		verb = "POST" if "POST" in method.http else method.http[0]
		url = f"/api/method/{method.path}"
		try:
			if verb == "GET":
				r = self.client.get(url, query_string=args, headers=self.headers)
			else:
				r = self.client.open(url, method=verb, data=args, headers=self.headers)
		except Exception as e:  # the app raised past Frappe's handler: a 500 by another name
			self.leaks.append(f"{self.user}: {method.path} {sorted(args)} crashed the server: {e!r}")
			return
		self.check(
			f"{verb} {method.path} {args.get('doctype') or ''} {probe or ''}",
			r,
			targeted=True,
			probe=probe,
			sent=args,
		)
		self.after_call(f"{method.path} {args.get('doctype') or ''}")

	def call_route(self, verb, template, doctype, hidden):
		name = self.target.get(doctype) or next(iter(self.target.values()), "FZ-NONE")
		if "{name}" in template and doctype in self.parent_of:
			return
		url = "/api" + template.format(doctype=doctype, name=name, method="run_doc_method")
		variants = [{}]
		if verb == "GET" and "{name}" not in template:
			variants = [
				{"fields": json.dumps(["*"]), "limit_page_length": 0},
				{"filters": json.dumps({"name": name}), "fields": json.dumps(["*"])},
			]
			if doctype == "Network Member":
				variants += [
					{"filters": hidden["filters"], "_probe": "hidden-filter"},
					{"filters": hidden["escaped"], "_probe": "hidden-filter-escaped"},
					{"order_by": "mobile desc", "fields": json.dumps(["name"]), "_probe": "hidden-sort"},
				]
		for args in variants:
			probe = args.pop("_probe", None)
			if verb == "GET":
				r = self.client.get(url, query_string=args, headers=self.headers)
			else:
				body = (
					{"title": "fuzzed", "station": "สภ.ฟัซซ์เมืองสุราษฎร์"}
					if verb in ("POST", "PUT", "PATCH")
					else {}
				)
				r = self.client.open(url, method=verb, json=body, headers=self.headers)
			self.check(
				f"{verb} {template} {doctype} {probe or ''}",
				r,
				targeted=True,
				probe=probe,
				sent={"name": name, **args},
			)
			self.after_call(f"{verb} {template} {doctype}")

	# ---- checks ---------------------------------------------------------------------------------

	def check(self, what: str, r, targeted: bool = False, probe: str | None = None, sent: dict | None = None):
		"""A response leaks a record when it carries one of its tokens that the request did not send itself
		(an error that repeats the name it was asked about gives nothing away)."""
		self.requests += 1
		body = r.get_data()
		ctype = r.headers.get("Content-Type", "")
		text = body.decode("utf-8", "replace")
		echoed = (
			json.dumps(sent or {}, ensure_ascii=False) + " " + " ".join(str(v) for v in (sent or {}).values())
		)
		self.checks += len(self.tokens) + len(self.pii)
		for token, canary in self.tokens.items():
			if token in text and token not in echoed:
				self.leaks.append(
					f"{self.user}: {what} -> {r.status_code} shows {canary.doctype} {canary.name} ({token})"
				)
				break
		for value in self.pii:
			if value in text:
				self.leaks.append(f"{self.user}: {what} -> {r.status_code} shows personal data {value}")
				break
		if (
			r.status_code == 200
			and targeted
			and not ctype.startswith(("application/json", "text/html"))
			and body
		):
			self.checks += 1
			if (
				any(name in what for name in self.names)
				or what.startswith("GET /private")
				or what.startswith("GET /printview")
			):
				self.leaks.append(f"{self.user}: {what} -> 200 {ctype} (a file of a record out of scope)")
		if probe and not self.cover.pii and r.status_code == 200 and ctype.startswith("application/json"):
			self.checks += 1
			data = json.loads(text or "{}")
			answer = data.get("message", data.get("data"))
			if _positive(answer) or self.hidden_member.name in text:
				self.leaks.append(f"{self.user}: {what} answers a filter on personal data: {text[:160]}")
		if r.status_code >= 500:
			# Frappe's own methods answer some malformed calls with a 500 (a missing argument); that opens
			# nothing, but the app's own methods and REST on its DocTypes must not
			if " stronger_together." in what or what.split(" ")[1].startswith("/"):
				self.leaks.append(f"{self.user}: {what} -> {r.status_code} {text[:200]}")
			else:
				self.server_errors[what.split(" ")[1]] += 1
		if r.status_code >= 400 and ctype.startswith("application/json"):
			message = _message(text)
			if message and not THAI.search(message):
				self.english[message[:90]] += 1
		# a Guest's answer (a call ended the session), or a refused password (frappe.core...user.verify_password
		# answers 401 and Frappe clears the session cookie): without logging in again every later call would be
		# a Guest's (a false pass)
		if (r.status_code == 403 and "is not whitelisted" in text) or (
			r.status_code in (401, 403) and "session_expired" in text
		):
			self.lost_session(what)

	def after_call(self, what: str):
		self.checks += 1
		now = self.fingerprint()
		if now != self.baseline:
			self.leaks.append(f"{self.user}: {what} changed a record out of scope, or what hangs off it")
			self.baseline = now


def _positive(answer) -> bool:
	if isinstance(answer, bool):
		return False
	if isinstance(answer, int | float):
		return answer > 0
	if isinstance(answer, list):
		return any(_positive(a) if isinstance(a, dict | list) else bool(a) for a in answer)
	if isinstance(answer, dict):
		return any(
			_positive(v)
			for k, v in answer.items()
			if k in ("n", "count", "total", "total_count", "values", "keys")
		)
	return False


def _message(text: str) -> str:
	try:
		data = json.loads(text)
	except ValueError:
		return ""
	messages = data.get("_server_messages")
	if messages:
		try:
			first = json.loads(json.loads(messages)[0])
			return frappe.utils.strip_html(first.get("message") or "")
		except (ValueError, IndexError, AttributeError):
			return ""
	return frappe.utils.strip_html(str(data.get("exception") or "").split(":", 1)[-1]).strip()


_PROBES: list = []


def _walk(i: int):
	"""In a forked process: one user's whole walk; returns what it found (or why it stopped)."""
	probe = _PROBES[i]
	try:
		probe.run()
	except Exception as e:
		return f"{probe.user}: the walk stopped: {e!r}"
	return probe.leaks, probe.requests, probe.checks, probe.english, probe.server_errors, probe.session_enders


@pytest.fixture(scope="module")
def world():
	return build()


def _private_files(world: World) -> list[tuple[str, str]]:
	"""A private file attached to every canary issue."""
	out = []
	for c in world.canaries:
		if c.doctype != "Community Issue":
			continue
		url = frappe.db.get_value(
			"File", {"attached_to_doctype": c.doctype, "attached_to_name": c.name}, "file_url"
		)
		if not url:
			url = (
				frappe.get_doc(
					{
						"doctype": "File",
						"file_name": f"fz-{c.name}.txt",
						"content": f"FZFILE {c.name}",
						"is_private": 1,
						"attached_to_doctype": c.doctype,
						"attached_to_name": c.name,
					}
				)
				.insert(ignore_permissions=True)
				.file_url
			)
		out.append((url, c.name))
	frappe.db.commit()
	return out


def test_no_side_doors(world):
	started = time.monotonic()
	imported = endpoints.import_everything()
	methods = endpoints.whitelisted_methods()
	routes = endpoints.rest_routes()
	files = _private_files(world)
	site = frappe.local.site
	conf = frappe.conf
	probes = [Probe(world, user, site, conf, methods, routes, files) for user in world.users]
	only = os.environ.get("ST_FUZZ_USERS")  # while developing: a comma-separated subset of the users
	probes = [p for p in probes if not only or any(k in p.user for k in only.split(","))]
	# one process per user, two at a time (the machine's cores): each request runs Frappe's whole WSGI stack
	global _PROBES
	_PROBES = probes
	frappe.db.commit()
	with multiprocessing.get_context("fork").Pool(2, maxtasksperchild=1) as pool:
		results = pool.map(_walk, range(len(probes)), chunksize=1)
	errors = []
	for probe, result in zip(probes, results, strict=True):
		if isinstance(result, str):
			errors.append(result)
		else:
			(
				probe.leaks,
				probe.requests,
				probe.checks,
				probe.english,
				probe.server_errors,
				probe.session_enders,
			) = result
	requests = sum(p.requests for p in probes)
	checks = sum(p.checks for p in probes)
	leaks = [leak for p in probes for leak in p.leaks] + errors
	english = sum((p.english for p in probes), Counter())
	frappe_500 = sum((p.server_errors for p in probes), Counter())
	enders = sum((p.session_enders for p in probes), Counter())
	print(
		f"\npermission fuzz: {imported} modules imported, {len(methods)} whitelisted methods, {len(routes)} REST routes, "
		f"{len(probes)} users, {requests} requests, {checks} checks, {len(leaks)} leaks "
		f"in {time.monotonic() - started:.0f} s"
	)
	if enders:
		print(f"calls that ended the session (logged in again after each): {dict(enders)}")
	if frappe_500:
		print(
			f"Frappe methods that answered a malformed call with a 500 (no data in them): {len(frappe_500)}"
		)
	if english:
		print(f"refusals without Thai text ({len(english)} distinct):")
		for message, n in english.most_common(60):
			print(f"  {n:5d}  {message}")
	assert not leaks, "\n".join(leaks[:60]) + (f"\n... and {len(leaks) - 60} more" if len(leaks) > 60 else "")


def test_open311_partner_reaches_only_its_own_requests(world):
	"""An Open311 partner of area A (province 90) reads only the requests it created: every canary issue of
	the fuzz world (raised at the stations, not by the partner) is out of its reach, whatever it asks."""
	if not frappe.db.exists("DocType", "Open311 Partner"):
		pytest.skip("no Open311 in this app")
	from stronger_together.api import open311 as open311_api
	from stronger_together.integrations.open311 import service as open311_service

	frappe.set_user("Administrator")
	partner = "ฟัซซ์ พาร์ทเนอร์ สงขลา"
	if not frappe.db.exists("Open311 Partner", partner):
		frappe.get_doc(
			{
				"doctype": "Open311 Partner",
				"partner_name": partner,
				"area_type": "Province",
				"province": "90",
				"is_active": 1,
			}
		).insert()
	key = open311_api.issue_api_key(partner)["api_key"]
	frappe.db.set_single_value("Stronger Together Settings", "open311_requests_per_minute", 100000)
	frappe.db.commit()
	issues = [c for c in world.canaries if c.doctype == "Community Issue"]
	tokens = {t for c in issues for t in c.tokens}
	pii = set(world.pii_values())
	b_subdistrict = frappe.db.get_value("Subdistrict", {"district": "8401"}, "name", order_by="name")
	code = next(iter(open311_service.codes()))  # a real service code: the refusal is for the area
	site = frappe.local.site
	calls = []
	for fmt in ("json", "xml"):
		calls.append(("GET", f"/api/open311/v2/requests.{fmt}", {"api_key": key}))
		calls.append(("GET", f"/api/open311/v2/requests.{fmt}", {"api_key": key, "status": "open,closed"}))
		calls.append(
			(
				"GET",
				f"/api/open311/v2/requests.{fmt}",
				{"api_key": key, "service_request_id": ",".join(c.name for c in issues)},
			)
		)
		calls += [("GET", f"/api/open311/v2/requests/{c.name}.{fmt}", {"api_key": key}) for c in issues]
		calls.append(
			(
				"POST",
				f"/api/open311/v2/requests.{fmt}",
				{
					"api_key": key,
					"service_code": code,
					"description": "นอกพื้นที่",
					"attribute[subdistrict]": b_subdistrict,
				},
			)
		)
	leaks, out = [], {}

	def run():
		from frappe.app import application
		from werkzeug.test import Client

		client = Client(application)
		for verb, url, args in calls:
			r = (
				client.get(url, query_string=args, headers={"Host": site})
				if verb == "GET"
				else client.post(url, data=args, headers={"Host": site})
			)
			text = r.get_data(as_text=True)
			sent = " ".join(str(v) for v in args.values()) + url
			for token in tokens | pii:
				if token in text and token not in sent:
					leaks.append(f"partner: {verb} {url} -> {r.status_code} shows {token}")
			if r.status_code >= 500:
				leaks.append(f"partner: {verb} {url} -> {r.status_code}")
			if verb == "POST" and r.status_code < 400:
				leaks.append(f"partner: {verb} {url} created a request outside its area")
		out["n"] = len(calls)

	t = threading.Thread(target=run)
	t.start()
	t.join()
	print(
		f"\nOpen311 partner: {out.get('n', 0)} requests, {out.get('n', 0) * len(tokens | pii)} checks, {len(leaks)} leaks"
	)
	assert not leaks, "\n".join(leaks[:40])
