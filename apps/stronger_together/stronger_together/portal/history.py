"""An issue's story for the member who raised it, in plain words (pure: no database).

The log of the ladder records who acted, the committee, internal reasons and the meeting. The reporter sees
none of that: only what happened to their problem ("received by the station committee", "sent up to the
district committee", "resolved: <the resolution>"), when, and what they said themselves. Never another
person's name, an internal reason, or who chaired.

Messages are English msgids with Thai text in th.po; `_` here only marks them, the caller translates:

	for line in history(rows, own_user):
		frappe._(line.message).format(committee=frappe._(committee_phrase(line.rung)), text=line.text)
"""

from dataclasses import dataclass

from stronger_together.ladder import transitions as T
from stronger_together.ladder.rungs import RUNGS


def _(message: str) -> str:
	"""Marks a message for translation (th.po); the caller translates it."""
	return message


COMMITTEE_PHRASE: dict[str, str] = {
	"Station": _("the station committee"),
	"District": _("the district committee"),
	"Division": _("the division committee"),
	"Province": _("the provincial committee"),
	"Bureau": _("the bureau committee"),
	"National HQ": _("national HQ"),
}

RAISED = _("Received by {committee}.")
TAKEN_UP = _("{committee} took the problem up.")
SENT_UP = _("Sent up to {committee}.")
SENT_BACK = _("Sent back to {committee}.")
TO_GOVERNMENT = _("Reported to the government for a solution at national level.")
RESOLVED = _("Resolved by {committee}: {text}")
YOU_REOPENED = _("You said the problem was not solved; it is back with {committee}.")
REOPENED = _("Reopened; it is back with {committee}.")
YOU_CLOSED = _("You confirmed the problem was solved. Closed.")
NO_ANSWER_CLOSED = _("Closed: no answer came within the time allowed.")
CLOSED = _("Closed.")
NOT_TAKEN_UP = _("Not taken up: the problem is outside what the programme deals with.")

STATUS_WITH = _("With {committee}")
STATUS_REPORTED = _("Reported to the government")
STATUS_RESOLVED = _("Resolved: was it really solved?")
STATUS_CLOSED = _("Closed")
STATUS_NOT_TAKEN_UP = _("Not taken up")

SYSTEM_USERS = frozenset({"Administrator"})


@dataclass(frozen=True)
class Line:
	at: object  # when (a datetime or an ISO string)
	message: str  # msgid, with {committee} and {text}
	rung: str = ""  # the rung whose committee {committee} names
	text: str = ""  # the resolution, or the member's own comment
	own: bool = False  # the member did this themselves


def committee_phrase(rung: str) -> str:
	return COMMITTEE_PHRASE.get(rung, COMMITTEE_PHRASE["Station"])


def line_for(row: dict, own_user: str) -> Line | None:
	"""One log row as the reporter reads it, or None for a row they need not see.

	`row` holds the log's action, from_state, to_state, from_rung, to_rung, acted_by, acted_at and reason
	(for Resolve: the resolution). `own_user` is the reporter's portal user (only compared, never shown)."""
	action, at = row.get("action"), row.get("acted_at")
	to_rung, from_rung = row.get("to_rung") or "", row.get("from_rung") or ""
	own = bool(own_user) and row.get("acted_by") == own_user
	if action == T.RAISE:
		return Line(at, RAISED, to_rung or "Station", own=own)
	if action == T.ACCEPT:
		return Line(at, TAKEN_UP, from_rung or to_rung)
	if action == T.ESCALATE:
		if row.get("to_state") == T.REPORTED:
			return Line(at, TO_GOVERNMENT)
		return Line(at, SENT_UP, to_rung)
	if action == T.RETURN:
		return Line(at, SENT_BACK, to_rung)
	if action == T.RESOLVE:
		return Line(at, RESOLVED, from_rung, text=row.get("reason") or "")
	if action == T.REOPEN:
		if own:
			return Line(at, YOU_REOPENED, to_rung, text=row.get("reason") or "", own=True)
		return Line(at, REOPENED, to_rung)
	if action == T.CLOSE:
		if own:
			return Line(at, YOU_CLOSED, own=True)
		if row.get("from_state") == T.RESOLVED and row.get("acted_by") in SYSTEM_USERS:
			return Line(at, NO_ANSWER_CLOSED)
		return Line(at, CLOSED)
	if action == T.REJECT:
		return Line(at, NOT_TAKEN_UP)
	return None


def history(rows: list[dict], own_user: str) -> list[Line]:
	"""The log rows (in order) as the reporter reads them."""
	return [line for line in (line_for(row, own_user) for row in rows) if line]


def status(state: str, rung: str) -> Line:
	"""Where the problem is now, in plain words (`at` unused)."""
	if state in T.STATE_RUNG:
		return Line(None, STATUS_WITH, rung or T.STATE_RUNG[state])
	return Line(
		None,
		{
			T.REPORTED: STATUS_REPORTED,
			T.RESOLVED: STATUS_RESOLVED,
			T.CLOSED: STATUS_CLOSED,
			T.REJECTED: STATUS_NOT_TAKEN_UP,
		}.get(state, STATUS_WITH),
		rung,
	)


def step(rung: str) -> tuple[int, int]:
	"""(n, of): the rung as a step of the ladder, 1-based ("step 2 of 6")."""
	return (RUNGS.index(rung) + 1 if rung in RUNGS else 1), len(RUNGS)


def tone(state: str) -> str:
	"""A colour for the status badge: open, waiting for the member, or done."""
	if state == T.RESOLVED:
		return "ask"
	if state in T.FINAL_STATES:
		return "done"
	return "open"
