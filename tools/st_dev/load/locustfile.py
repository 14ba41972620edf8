"""Chairs at work, for locust (`./st load` runs it; it reads the plan tools/st_dev/load/plan.py wrote).

Each simulated chair logs in with a real password, loads the desk (/app: the CSRF token the desk sends
with every POST) and then, in a loop with a think time, does what a chair does in the desk's Community
Issue list, with the desk's own requests:

    list    frappe.desk.reportview.get        20 rows, newest first: half the time the whole list the
                                              chair may see, half the time their committee's queue
    count   frappe.desk.reportview.get_count  the list view's count, same filters
    open    frappe.desk.form.load.getdoc      one issue of their queue
    move    frappe.model.workflow.apply_workflow (the ladder's apply_workflow): Accept when the issue is
            not accepted yet, else Escalate (with a reason) or Resolve (with the resolution): the doc
            as the desk sends it, with the note in its field

`./st load` runs it with --reset-stats: the figures are those of the chairs at work, after the last one
has logged in; the logins and desk loads are timed apart (STARTS).

Environment: ST_LOAD_PLAN (the plan), ST_LOAD_RESULTS (where the moves and the summary go), ST_LOAD_SITE
(the Host header), ST_LOAD_WAIT ("min-max" think time in seconds), ST_LOAD_PACE ("round": think after
each round of list, open and move; "step": after each of them, as a person reads a page before the next).
"""

import json
import os
import random
import re
import threading
import time

from locust import FastHttpUser, between, events, task

PLAN = json.load(open(os.environ["ST_LOAD_PLAN"]))
SITE = os.environ.get("ST_LOAD_SITE") or PLAN["site"]
WAIT = [float(x) for x in os.environ.get("ST_LOAD_WAIT", "2-5").split("-")]
PACE = os.environ.get("ST_LOAD_PACE", "round")
DOCTYPE = "Community Issue"
LIST_FIELDS = [
	f"`tab{DOCTYPE}`.`{f}`"
	for f in (
		"name",
		"owner",
		"creation",
		"modified",
		"modified_by",
		"_user_tags",
		"_comments",
		"_assign",
		"_liked_by",
		"docstatus",
		"idx",
		"title",
		"category",
		"priority",
		"workflow_state",
		"current_rung",
		"is_overdue",
		"station",
	)
]
CSRF = re.compile(r"""csrf_token\s*=\s*["']([0-9a-f]+)["']""")
MOVES: list[dict] = []
STARTS: dict[str, list[float]] = {"login": [], "desk /app (boot)": []}  # ms, before the stats reset
FIVE_XX: dict[str, int] = {}
_next_chair = iter(range(10**9))
_lock = threading.Lock()


@events.request.add_listener
def count_5xx(request_type, name, response_time, response_length, response=None, exception=None, **kw):
	status = getattr(response, "status_code", 0) or 0
	if status >= 500:
		FIVE_XX[name] = FIVE_XX.get(name, 0) + 1


class Chair(FastHttpUser):
	wait_time = between(*WAIT)

	def on_start(self):
		with _lock:
			self.chair = PLAN["chairs"][next(_next_chair) % len(PLAN["chairs"])]
		self.headers = {"Host": SITE, "Accept": "application/json"}
		t = time.perf_counter()
		r = self.client.post(
			"/api/method/login",
			data={"usr": self.chair["user"], "pwd": PLAN["password"]},
			headers=self.headers,
			name="login",
		)
		if r.status_code != 200:
			raise RuntimeError(f"login as {self.chair['user']} failed: {r.status_code}")
		STARTS["login"].append((time.perf_counter() - t) * 1000)
		t = time.perf_counter()
		r = self.client.get("/app", headers={"Host": SITE}, name="desk /app (boot)")
		STARTS["desk /app (boot)"].append((time.perf_counter() - t) * 1000)
		m = CSRF.search(r.text or "")
		if m:
			self.headers["X-Frappe-CSRF-Token"] = m.group(1)
		self.queue_filter = [[DOCTYPE, "current_committee", "=", self.chair["committee"]]]
		self.queue_filter.append([DOCTYPE, "workflow_state", "in", PLAN["open_states"]])

	@task
	def work(self):
		"""One round of a chair's work. With ST_LOAD_PACE=step a chair thinks (the wait time) after each thing
		the desk shows them, as a person does: the list before opening an issue, the issue before moving it;
		with "round" (the default) the round's requests follow each other without a pause."""
		queue = random.random() < 0.5
		filters = self.queue_filter if queue else []
		rows = self.list(filters)
		self.count(filters)  # the list view asks for both at once
		if not queue:
			self.think()
			rows = self.list(self.queue_filter)
		if not rows:
			return
		name = random.choice(rows)
		self.think()
		doc = self.open(name)
		if doc:
			self.think()
			self.move(doc)

	def think(self):
		if PACE == "step":
			self.wait()

	def list(self, filters) -> list[str]:
		r = self.client.get(
			"/api/method/frappe.desk.reportview.get",
			params={
				"doctype": DOCTYPE,
				"fields": json.dumps(LIST_FIELDS),
				"filters": json.dumps(filters),
				"order_by": f"`tab{DOCTYPE}`.`modified` desc",
				"start": 0,
				"page_length": 20,
				"view": "List",
				"group_by": "",
				"with_comment_count": 1,
			},
			headers=self.headers,
			name="list",
		)
		if r.status_code != 200:
			return []
		message = (r.json() or {}).get("message") or {}
		keys, values = message.get("keys") or [], message.get("values") or []
		if "name" not in keys:
			return []
		i = keys.index("name")
		return [v[i] for v in values]

	def count(self, filters):
		self.client.get(
			"/api/method/frappe.desk.reportview.get_count",
			params={
				"doctype": DOCTYPE,
				"filters": json.dumps(filters),
				"fields": json.dumps([f"`tab{DOCTYPE}`.`name`"]),
				"distinct": "false",
			},
			headers=self.headers,
			name="count",
		)

	def open(self, name: str) -> dict | None:
		r = self.client.get(
			"/api/method/frappe.desk.form.load.getdoc",
			params={"doctype": DOCTYPE, "name": name},
			headers=self.headers,
			name="open",
		)
		if r.status_code != 200:
			return None
		docs = (r.json() or {}).get("docs") or []
		return docs[0] if docs else None

	def move(self, doc: dict):
		if doc.get("workflow_state") not in PLAN["open_states"]:
			return
		if not doc.get("accepted_on"):
			action = "Accept"
		else:
			action = "Escalate" if random.random() < 0.6 else "Resolve"
		if action == "Escalate":
			doc["action_reason"] = "เกินขีดความสามารถของคณะกรรมการ (ทดสอบภาระงาน)"
		elif action == "Resolve":
			doc["resolution"] = "แก้ไขเรียบร้อยแล้ว (ทดสอบภาระงาน)"
		# recorded before it is sent: a move still in flight when the run ends stays "in flight" (status 0)
		move = {"issue": doc["name"], "action": action, "status": 0, "user": self.chair["user"], "error": ""}
		MOVES.append(move)
		with self.client.post(
			"/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": json.dumps(doc), "action": action},
			headers=self.headers,
			name=f"move {action}",
			catch_response=True,
		) as r:
			move["status"] = r.status_code or -1  # -1: no answer (connection error)
			if 400 <= r.status_code < 500:
				r.success()  # a refusal the chair reads (another chair moved it first): not a server error
		if move["status"] != 200:
			move["error"] = (r.text or "")[:3000]


def pct(values: list[float], q: float) -> float:
	v = sorted(values)
	return v[min(len(v) - 1, int(len(v) * q))] if v else 0


@events.quitting.add_listener
def write_results(environment, **kw):
	stats = environment.stats
	summary = {}
	for (name, _method), e in sorted(stats.entries.items()):
		summary[name] = {
			"requests": e.num_requests,
			"failures": e.num_failures,
			"rps": e.total_rps,
			"p50": e.get_response_time_percentile(0.5),
			"p95": e.get_response_time_percentile(0.95),
			"max": e.max_response_time,
		}
	total = stats.total
	out = {
		"summary": summary,
		"total": {
			"requests": total.num_requests,
			"failures": total.num_failures,
			"rps": total.total_rps,
			"p50": total.get_response_time_percentile(0.5),
			"p95": total.get_response_time_percentile(0.95),
		},
		"starts": {
			name: {"count": len(t), "p50": pct(t, 0.5), "p95": pct(t, 0.95), "max": max(t, default=0)}
			for name, t in STARTS.items()
		},
		"five_xx": FIVE_XX,
		"moves": MOVES,
		"errors": [m for m in MOVES if m["status"] >= 500][:20],
		"load_average": os.getloadavg(),
	}
	with open(os.environ["ST_LOAD_RESULTS"], "w") as f:
		json.dump(out, f, ensure_ascii=False)
