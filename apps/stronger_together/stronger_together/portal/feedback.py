"""Was it solved? The reporter's answer, and the daily close of resolutions nobody answered.

Both go through the ladder's one authority: "yes" is the reporter's Close, "no" (with a comment) the
reporter's Reopen, which puts the issue back on the rung that resolved it with the comment in the log; the
daily job closes, as the system, every resolution whose reporter did not answer within `feedback_days`.
The issue records the answer (`reporter_answer`, `reporter_reopened`) for the satisfaction figures.
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from stronger_together import settings
from stronger_together.ladder import transitions as T
from stronger_together.ladder.service import REPORTER, SYSTEM
from stronger_together.permissions import portal as access
from stronger_together.portal import rules
from stronger_together.portal.raising import clean

CHUNK = 300  # issues closed per job (about 20 s of moves)
CLOSE_CHUNK = "stronger_together.portal.feedback.close_chunk"


class CommentRequired(frappe.ValidationError):
	pass


def answer(member, name: str, solved: bool, comment: str | None = None) -> str:
	"""The member's answer for their issue `name`; returns the issue's new state."""
	if not access.own_issue(member.name, name):
		frappe.throw(
			_("This problem is not one you raised."), frappe.PermissionError, title=_("Not Your Problem")
		)
	comment = clean(comment, rules.COMMENT_LENGTH)
	if not solved and not comment:
		frappe.throw(
			_("Tell the committee what is still wrong: a comment is needed when the problem was not solved."),
			CommentRequired,
			title=_("Comment Required"),
		)
	issue = frappe.get_doc("Community Issue", name, for_update=True)
	if solved:
		issue.act(
			T.CLOSE,
			actor=member.user,
			notes={"reason": _("The reporter confirmed that the problem was solved.")},
			kind=REPORTER,
		)
	else:
		issue.act(T.REOPEN, actor=member.user, notes={"reason": comment}, kind=REPORTER)
	return issue.workflow_state


def unanswered(today=None) -> list[str]:
	"""Resolved issues with a reporter whose answer window ended before `today`."""
	days = settings.get().feedback_days
	last_day = add_days(getdate(today or nowdate()), -days - 1)
	return frappe.get_all(
		"Community Issue",
		filters={"workflow_state": T.RESOLVED, "reporter": ("is", "set"), "resolved_on": ("<=", last_day)},
		pluck="name",
		order_by="resolved_on asc",
	)


def close_unanswered(today=None) -> int:
	"""hooks: daily_long. One long-queue job per chunk of unanswered resolutions; returns the number of jobs."""
	names = unanswered(today)
	for i in range(0, len(names), CHUNK):
		frappe.enqueue(
			CLOSE_CHUNK,
			queue="long",
			names=names[i : i + CHUNK],
			today=str(getdate(today)) if today else None,
			enqueue_after_commit=True,
			now=frappe.flags.in_test,
		)
	return -(-len(names) // CHUNK)


def close_chunk(names: list[str], today=None) -> list[str]:
	"""Close, as the system, each issue still waiting for an answer past its window; one commit per issue,
	so a job stopped half way keeps what it closed. A failure is logged and skipped."""
	today = getdate(today or nowdate())
	days = settings.get().feedback_days
	closed = []
	for name in names:
		try:
			issue = frappe.get_doc("Community Issue", name, for_update=True)
			if issue.workflow_state != T.RESOLVED or not T.feedback_expired(issue.resolved_on, today, days):
				frappe.db.rollback()
				continue
			reason = _(
				"Closed by the system: the reporter did not answer within {0} days of the resolution."
			).format(days)
			issue.act(T.CLOSE, actor="Administrator", notes={"reason": reason}, kind=SYSTEM)
			frappe.db.commit()
			closed.append(name)
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Closing unanswered issue {name} failed")
	return closed
