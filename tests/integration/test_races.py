"""Tier 2: races with nothing lost. Two chairs of one committee act on one issue at the same instant, 50 times
through each path a move can take - the desk's button (Frappe's apply_workflow endpoint), REST (a PUT that
changes the state), and Frappe's own apply_workflow in Python (the list view's bulk action) - and each time
exactly one wins, the other is refused, and the issue's log has no gap and no duplicate.

Each chair is a real user in a thread of its own: over HTTP through Frappe's WSGI stack (own session, own
database connection), or with its own frappe.local for the Python path; a barrier releases them together.
"""

import json
import threading

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, nowdate

from .fuzz.world import A2, PASSWORD, _committee, _user, build

ROUNDS = 50
MOVES = (
	("Escalate", {"action_reason": "เกินขีดความสามารถของสถานี"}, "At District"),
	("Resolve", {"resolution": "แก้ไขแล้วที่สถานี"}, "Resolved"),
)


@pytest.fixture(scope="module")
def chairs():
	build()
	chair = _user("race.chair")
	acting = _user("race.acting")
	name = _committee("Station", A2, [])
	doc = frappe.get_doc("Committee", name)
	today = nowdate()
	for row in doc.members:
		if row.position == "Chair":
			row.user = chair
	if not any(m.user == acting for m in doc.members):
		doc.append(
			"members",
			{
				"user": acting,
				"position": "Vice-Chair",
				"is_acting_chair": 1,
				"from_date": add_days(today, -1),
				"to_date": add_days(today, 30),
			},
		)
	doc.save()
	frappe.db.commit()
	return chair, acting


def _raise() -> str:
	subdistrict = frappe.db.get_value("Subdistrict", {"district": "9011"}, "name", order_by="name")
	doc = frappe.get_doc(
		{
			"doctype": "Community Issue",
			"title": "การแข่งขันของประธานสองคน",
			"category": "Public Order",
			"station": A2,
			"subdistrict": subdistrict,
		}
	).insert()
	frappe.db.commit()
	return doc.name


def _http(user: str, site: str, barrier: threading.Barrier, send) -> int:
	from frappe.app import application
	from werkzeug.test import Client

	client = Client(application)
	headers = {"Host": site, "Accept": "application/json"}
	r = client.post("/api/method/login", data={"usr": user, "pwd": PASSWORD}, headers=headers)
	assert r.status_code == 200
	barrier.wait()
	return send(client, headers).status_code


def _desk(issue: str, action: str, notes: dict, modified: str):
	def send(client, headers):
		doc = {"doctype": "Community Issue", "name": issue, "modified": modified, **notes}
		return client.post(
			"/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": json.dumps(doc), "action": action},
			headers=headers,
		)

	return send


def _rest(issue: str, state: str, notes: dict):
	def send(client, headers):
		return client.put(
			f"/api/resource/Community Issue/{issue}", json={"workflow_state": state, **notes}, headers=headers
		)

	return send


def _race(path: str, issue: str, chair: str, acting: str) -> list:
	site, sites_path = frappe.local.site, frappe.local.sites_path
	barrier = threading.Barrier(2)
	outcomes = [None, None]
	modified = str(frappe.db.get_value("Community Issue", issue, "modified"))
	if path == "core-apply-workflow":  # Frappe's apply_workflow reads the notes from the saved issue
		frappe.db.set_value("Community Issue", issue, {k: v for _a, n, _s in MOVES for k, v in n.items()})
		frappe.db.commit()

	def run(i, user, action, notes, state):
		try:
			if path == "desk":
				outcomes[i] = _http(user, site, barrier, _desk(issue, action, notes, modified))
			elif path == "rest":
				outcomes[i] = _http(user, site, barrier, _rest(issue, state, notes))
			else:
				frappe.init(site=site, sites_path=sites_path)
				frappe.connect()
				try:
					frappe.set_user(user)
					doc = frappe.get_doc("Community Issue", issue)
					barrier.wait()
					try:
						apply_workflow(doc, action)
						frappe.db.commit()
						outcomes[i] = 200
					except Exception as e:
						frappe.db.rollback()
						outcomes[i] = e
				finally:
					frappe.destroy()
		except Exception as e:
			outcomes[i] = e

	threads = [
		threading.Thread(target=run, args=(i, user, *move))
		for i, (user, move) in enumerate(zip((chair, acting), MOVES, strict=True))
	]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	return outcomes


@pytest.mark.parametrize("path", ["desk", "rest", "core-apply-workflow"])
def test_two_chairs_at_once_fifty_times(chairs, path):
	chair, acting = chairs
	winners = {}
	for _ in range(ROUNDS):
		issue = _raise()
		outcomes = _race(path, issue, chair, acting)
		assert outcomes.count(200) == 1, (issue, outcomes)
		loser = next(o for o in outcomes if o != 200)
		# the loser is refused cleanly: a conflict, or the ladder's refusal of a move from the new state
		assert (isinstance(loser, int) and loser in (403, 409, 417)) or isinstance(
			loser, frappe.ValidationError | frappe.PermissionError
		), (issue, outcomes)
		frappe.db.rollback()
		log = frappe.get_all(
			"Community Issue Log",
			filters={"community_issue": issue},
			fields=["sequence", "action", "to_state"],
			order_by="sequence asc",
		)
		assert [r.sequence for r in log] == [1, 2], (issue, log)
		assert log[0].action == "Raise" and log[1].action in ("Escalate", "Resolve")
		state = frappe.db.get_value("Community Issue", issue, "workflow_state")
		assert state == log[1].to_state == dict((a, s) for a, _n, s in MOVES)[log[1].action]
		winners[log[1].action] = winners.get(log[1].action, 0) + 1
	print(f"\n{path}: {ROUNDS} races, winners {winners}, 0 lost or doubled log rows")


def _log_rows(issue: str) -> list[int]:
	return [
		r[0]
		for r in frappe.db.sql(
			"select sequence from `tabCommunity Issue Log` where community_issue = %s order by sequence",
			issue,
		)
	]


@pytest.mark.parametrize("deadlocks", [1, 4, 5])
def test_a_move_that_meets_a_deadlock_is_retried_and_logged_once(chairs, monkeypatch, deadlocks):
	"""MariaDB rolls a deadlock's victim back entirely; the desk's endpoint runs the whole move again. Here
	the first `deadlocks` attempts make the whole move (issue saved, log row, Workflow Actions) and then meet
	a deadlock: the chair gets 200 and one log row while attempts remain (5), and a clean refusal, no 500 and
	nothing applied, once they run out."""
	from stronger_together.api import ladder
	from stronger_together.stronger_together.doctype.community_issue.community_issue import CommunityIssue

	chair, _acting = chairs
	issue = _raise()
	real_act, calls = CommunityIssue.act, []

	def act_then_deadlock(self, *args, **kwargs):
		calls.append(self.name)
		result = real_act(self, *args, **kwargs)
		if len(calls) <= deadlocks:
			raise frappe.QueryDeadlockError(
				"Deadlock found when trying to get lock; try restarting transaction"
			)
		return result

	monkeypatch.setattr(CommunityIssue, "act", act_then_deadlock)
	monkeypatch.setattr(ladder.time, "sleep", lambda s: None)
	modified = str(frappe.db.get_value("Community Issue", issue, "modified"))
	# Frappe's WSGI app re-initialises frappe.local of the thread it runs in: a thread of its own, as in a race
	site, out = frappe.local.site, {}
	request = threading.Thread(
		target=lambda: out.update(
			status=_http(chair, site, threading.Barrier(1), _desk(issue, *MOVES[0][:2], modified))
		)
	)
	request.start()
	request.join()
	status = out.get("status")
	frappe.db.rollback()  # a fresh snapshot of what the request committed
	state = frappe.db.get_value("Community Issue", issue, "workflow_state")
	if deadlocks < ladder.DEADLOCK_ATTEMPTS:
		assert status == 200 and len(calls) == deadlocks + 1
		assert state == MOVES[0][2] and _log_rows(issue) == [1, 2]
	else:
		assert status == 409 and len(calls) == ladder.DEADLOCK_ATTEMPTS
		assert state == "At Station" and _log_rows(issue) == [1]
