"""The load test's two steps inside the site (`bench execute`; `./st load` calls them around locust).

prepare(): picks the chairs whose committees hold the most open issues (one committee a chair, every rung
  that has any), sets a password of the load test's own for each (a scratch site only:
  require_scratch_site), and writes the plan locust reads: users, password, their committee, the server's
  clock at the start. With `top_up`, committees holding fewer open issues get new ones raised (a small site).
check(): after locust, for every issue a move was tried on: its log is gap-free (sequence 1..n, one row a
  number), and the load test's chairs' log rows since the start equal the moves locust saw succeed, issue
  by issue (each move logged exactly once, none logged for a move the chair saw fail).
"""

import json
import os
import random

import frappe
from frappe.utils import now_datetime
from frappe.utils.password import update_password

from st_dev.guard import require_scratch_site

PASSWORD = "Load-Test-2565!"
# api/ladder.apply_workflow logs each move it runs again after a deadlock here (the bench's logs/)
RETRY_LOG = os.path.join("..", "logs", "stronger_together.ladder.log")


def deadlocks() -> int:
	"""InnoDB's deadlock count since the server started (all of the server's databases)."""
	rows = frappe.db.sql("show global status like 'Innodb_deadlocks'")
	return int(rows[0][1]) if rows else 0


def prepare(out: str, users: int = 50, top_up: int = 0, seed: int = 2565) -> None:
	require_scratch_site()
	frappe.set_user("Administrator")
	from stronger_together.ladder.transitions import OPEN_STATES

	open_states = sorted(OPEN_STATES)
	# the committees holding the most open issues, with their chair (one committee per chair)
	rows = frappe.db.sql(
		"""select c.name as committee, c.committee_level as level, m.user, q.open_issues
		from (select current_committee, count(*) as open_issues from `tabCommunity Issue`
			where workflow_state in %(states)s group by current_committee) q
		join `tabCommittee` c on c.name = q.current_committee and c.is_active = 1
		join `tabCommittee Member` m on m.parent = c.name and m.parenttype = 'Committee'
			and m.position = 'Chair'
		join `tabUser` u on u.name = m.user and u.enabled = 1
		order by q.open_issues desc""",
		{"states": open_states},
		as_dict=True,
	)
	chosen, seen = [], set()
	for r in rows:
		if r.user not in seen:
			seen.add(r.user)
			chosen.append(r)
		if len(chosen) >= users:
			break
	if top_up:
		chosen = top_up_issues(chosen, top_up, users, seed)
	if not chosen:
		frappe.throw("No chair holds an open issue: load demo data first (./st demo small|national).")
	for r in chosen:
		update_password(r.user, PASSWORD)  # the load test's own password, on a scratch site only
	frappe.db.commit()
	plan = {
		"site": frappe.local.site,
		"started": str(now_datetime()),
		"deadlocks": deadlocks(),
		"retry_log": (os.path.getsize(RETRY_LOG) if os.path.exists(RETRY_LOG) else 0),
		"password": PASSWORD,
		"chairs": [{"user": r.user, "committee": r.committee, "level": r.level} for r in chosen],
		"open_states": open_states,
	}
	with open(out, "w") as f:
		json.dump(plan, f, ensure_ascii=False)
	issues = frappe.db.count("Community Issue")
	by_level = {}
	for r in chosen:
		by_level[r.level] = by_level.get(r.level, 0) + 1
	print(
		f"{frappe.local.site}: {issues:,} issues; {len(chosen)} chairs "
		f"({', '.join(f'{n} {lvl}' for lvl, n in by_level.items())}), open issues in their committees: "
		f"{sum(int(r.open_issues or 0) for r in chosen):,}",
		flush=True,
	)


def top_up_issues(chosen: list, per_committee: int, users: int, seed: int) -> list:
	"""Raise issues at station committees holding fewer than `per_committee` open ones (development on a
	small site: 5 minutes of moves use up a few dozen issues)."""
	rng = random.Random(seed)
	stations = frappe.db.sql(
		"""select c.name as committee, c.committee_level as level, c.police_unit as station, m.user
		from `tabCommittee` c join `tabCommittee Member` m on m.parent = c.name
			and m.parenttype = 'Committee' and m.position = 'Chair'
		where c.committee_level = 'Station' and c.is_active = 1 order by c.name""",
		as_dict=True,
	)
	raised = 0
	for s in stations:
		have = frappe.db.count(
			"Community Issue", {"current_committee": s.committee, "workflow_state": "At Station"}
		)
		subdistricts = [j.subdistrict for j in frappe.get_doc("Police Unit", s.station).jurisdiction]
		subdistricts = [d for d in subdistricts if d] or frappe.get_all(
			"Community Issue", filters={"station": s.station}, pluck="subdistrict", distinct=True
		)
		if not subdistricts:
			continue
		for i in range(max(0, per_committee - have)):
			frappe.get_doc(
				{
					"doctype": "Community Issue",
					"title": f"ทดสอบภาระงาน {i + 1}",
					"category": "Other",
					"station": s.station,
					"subdistrict": rng.choice(subdistricts),
				}
			).insert()
			raised += 1
		frappe.db.commit()
	print(f"top-up: {raised} issues raised at {len(stations)} station committees", flush=True)
	users_seen = {r.user for r in chosen}
	for s in stations:
		if s.user not in users_seen and len(chosen) < users:
			users_seen.add(s.user)
			chosen.append(frappe._dict(s, open_issues=per_committee))
	return chosen


def check(plan: str, results: str) -> None:
	require_scratch_site()
	with open(plan) as f:
		p = json.load(f)
	with open(results) as f:
		r = json.load(f)
	users = sorted({c["user"] for c in p["chairs"]})
	ok_moves: dict[str, int] = {}
	in_flight: dict[str, int] = {}  # sent but unanswered when the run ended: logged once or not at all
	tried: set[str] = set()
	for m in r["moves"]:
		tried.add(m["issue"])
		if m["status"] == 200:
			ok_moves[m["issue"]] = ok_moves.get(m["issue"], 0) + 1
		elif m["status"] in (0, -1):
			in_flight[m["issue"]] = in_flight.get(m["issue"], 0) + 1
	logged = dict(
		frappe.db.sql(
			"""select community_issue, count(*) from `tabCommunity Issue Log`
			where acted_by in %(users)s and action != 'Raise'
				and acted_at between %(started)s and %(now)s and creation between %(started)s and %(now)s
			group by community_issue""",
			# between: the demo data dates some of its own rows ahead of the clock
			{"users": users, "started": p["started"], "now": now_datetime()},
		)
	)
	gaps, mismatched = [], []
	touched = sorted(tried | set(logged))
	for issue in touched:
		seqs = [
			s[0]
			for s in frappe.db.sql(
				"select sequence from `tabCommunity Issue Log` where community_issue = %s order by sequence",
				issue,
			)
		]
		if seqs != list(range(1, len(seqs) + 1)):
			gaps.append((issue, seqs))
		done, extra = ok_moves.get(issue, 0), logged.get(issue, 0) - ok_moves.get(issue, 0)
		if not 0 <= extra <= in_flight.get(issue, 0):
			mismatched.append((issue, done, logged.get(issue, 0)))
	total_ok, total_logged = sum(ok_moves.values()), sum(logged.values())
	print(
		f"issues a move was tried on: {len(tried):,}; moves that succeeded (HTTP 200): {total_ok:,}; "
		f"cut off in flight by the end of the run: {sum(in_flight.values())}"
	)
	print(f"log rows the load test's chairs wrote since the start: {total_logged:,}")
	print(
		f"gap-free logs (sequence 1..n, no number twice): {len(touched) - len(gaps):,} of {len(touched):,}"
		+ (f"; NOT gap-free: {gaps[:5]}" if gaps else "")
	)
	retries = []
	if os.path.exists(RETRY_LOG):
		with open(RETRY_LOG) as f:
			f.seek(p.get("retry_log", 0))
			retries = [line for line in f.read().splitlines() if "met a deadlock" in line]
	print(
		f"deadlocks InnoDB reported during the run (the whole server): {deadlocks() - p.get('deadlocks', 0)}; "
		f"moves run again after a deadlock (logs/stronger_together.ladder.log): {len(retries)}"
	)
	print(
		"every successful move logged exactly once, none for a refused or failed one: "
		+ ("yes" if not mismatched else f"NO (issue, moves done, log rows): {mismatched[:10]}")
	)
