"""Scheduled jobs of the ladder, built for a national backlog.

The daily SLA job runs on the long queue. It marks overdue issues set-wise, a chunk of whole committees at a
time, commits each chunk and sends each chair one digest of their newly overdue issues; a job killed half
way leaves committed chunks behind and the next run picks up what is still unmarked. When the settings ask
for automatic escalation, the overdue issues are escalated through the ladder's one authority in committed
chunks, each its own job on the long queue.
"""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from stronger_together import settings
from stronger_together.ladder import committees, notifications, service, sla
from stronger_together.ladder import transitions as T
from stronger_together.ladder.rungs import next_rung
from stronger_together.ladder.service import SYSTEM

CHUNK = 2000  # issues marked per commit
ESCALATION_CHUNK = 300  # issues escalated per job (about 20 s of moves)


def daily():
	"""hooks: daily_long."""
	committees.sync_roles_for_changed_periods()
	mark_overdue_issues()
	if settings.get().auto_escalate_overdue:
		enqueue_auto_escalation()


def mark_overdue_issues(today=None, chunk: int = CHUNK) -> dict:
	"""Mark open issues past their rung's due date; one digest per chair. Returns {"marked": names, "chunks": k}."""
	today = getdate(today or nowdate())
	marked, chunks = [], 0
	while True:
		rows = _newly_overdue(today, chunk)
		if not rows:
			break
		names = [r.name for r in rows]
		frappe.db.sql(
			"update `tabCommunity Issue` set is_overdue = 1 where name in %(names)s and is_overdue = 0",
			{"names": names},
		)
		_send_digests(rows, today)
		frappe.db.commit()
		marked += names
		chunks += 1
	return {"marked": marked, "chunks": chunks}


def _newly_overdue(today, chunk: int) -> list:
	"""The next chunk of unmarked overdue issues, whole committees at a time (so each chair gets one digest)."""
	committees_ = frappe.db.sql(
		"""select current_committee, count(*) as n from `tabCommunity Issue`
		where is_overdue = 0 and rung_due_date < %(today)s and workflow_state in %(open)s
		group by current_committee order by current_committee""",
		{"today": today, "open": tuple(T.OPEN_STATES)},
		as_dict=True,
	)
	take, total = [], 0
	for row in committees_:
		if take and total + row.n > chunk:
			break
		take.append(row.current_committee)
		total += row.n
	if not take:
		return []
	return frappe.db.sql(
		"""select name, title, current_committee, rung_due_date from `tabCommunity Issue`
		where is_overdue = 0 and rung_due_date < %(today)s and workflow_state in %(open)s
			and current_committee in %(committees)s
		order by current_committee, rung_due_date""",
		{"today": today, "open": tuple(T.OPEN_STATES), "committees": tuple(take)},
		as_dict=True,
	)


def _send_digests(rows: list, today) -> None:
	by_committee: dict[str, list[dict]] = {}
	for r in rows:
		by_committee.setdefault(r.current_committee, []).append(
			{**r, "days_over": sla.days_overdue(getdate(r.rung_due_date), today)}
		)
	by_chair: dict[str, list[dict]] = {}
	for committee, issues in by_committee.items():
		for chair in committees.chairs_of(committee):
			by_chair.setdefault(chair, []).extend(issues)
	for chair, issues in by_chair.items():
		notifications.overdue_digest(chair, issues)


# ---- automatic escalation ----------------------------------------------------------------------


def escalatable_states() -> tuple[str, ...]:
	return tuple(T.RUNG_STATE[r] for r in T.RUNG_STATE if next_rung(r))


def enqueue_auto_escalation() -> int:
	"""One long-queue job per chunk of overdue issues; returns the number of jobs."""
	names = frappe.get_all(
		"Community Issue",
		filters={"is_overdue": 1, "workflow_state": ("in", escalatable_states())},
		pluck="name",
		order_by="rung_due_date asc",
	)
	jobs = 0
	for i in range(0, len(names), ESCALATION_CHUNK):
		frappe.enqueue(
			"stronger_together.ladder.tasks.auto_escalate_chunk",
			queue="long",
			names=names[i : i + ESCALATION_CHUNK],
			enqueue_after_commit=True,
		)
		jobs += 1
	return jobs


def auto_escalate_chunk(names: list[str], today=None) -> list[str]:
	"""Escalate each still-overdue issue as the system, committing one by one; a failure is logged and skipped."""
	today = getdate(today or nowdate())
	escalated, by_chair = [], {}
	for name in names:
		try:
			issue = frappe.get_doc("Community Issue", name, for_update=True)
			if not issue.is_overdue or issue.workflow_state not in escalatable_states():
				frappe.db.rollback()
				continue
			days_over = sla.days_overdue(getdate(issue.rung_due_date), today)
			reason = _(
				"Escalated automatically by the system: {0} days past the {1} rung's due date {2}."
			).format(days_over, _(issue.current_rung), issue.rung_due_date)
			issue.act(T.ESCALATE, actor="Administrator", notes={"reason": reason}, kind=SYSTEM)
			frappe.db.commit()
			escalated.append(name)
			for chair in committees.chairs_of(issue.current_committee):
				by_chair.setdefault(chair, []).append(issue)
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Automatic escalation of {name} failed")
	for chair, issues in by_chair.items():
		notifications.notify(
			[chair],
			_("{0} issues were escalated to your committee automatically").format(len(issues)),
			[_('{0} "{1}", due {2}').format(i.name, i.title, i.rung_due_date) for i in issues],
			"Community Issue",
			issues[0].name,
		)
	frappe.db.commit()
	return escalated
