"""The ladder's workflow as plain data (pure: no database).

One state per rung ("At Station" ... "At National HQ"), then "Reported to Government",
"Resolved", "Closed" and "Rejected". From a rung state the rung's chair may:

	Accept    take the issue up on this rung (once per rung; the state does not change)
	Escalate  one rung up (from National HQ: report to the government); needs a reason
	Return    one rung down; needs a reason
	Resolve   needs the resolution text
	Reject    not a matter for the programme; needs a reason

From "Resolved" the resolving committee's chair may Reopen (back to that rung) or Close;
from "Reported to Government" national HQ may Close. "Closed" and "Rejected" are final.
The Workflow JSON in workflow/ is built from `workflow_transitions()` and a unit test keeps them equal.
"""

import datetime
from dataclasses import dataclass, fields

from stronger_together.ladder.rungs import RUNGS, next_rung, previous_rung
from stronger_together.utils.dates import to_date

RUNG_STATE: dict[str, str] = {rung: f"At {rung}" for rung in RUNGS}
STATE_RUNG: dict[str, str] = {state: rung for rung, state in RUNG_STATE.items()}

REPORTED = "Reported to Government"
RESOLVED = "Resolved"
CLOSED = "Closed"
REJECTED = "Rejected"
STATES: tuple[str, ...] = (*RUNG_STATE.values(), REPORTED, RESOLVED, CLOSED, REJECTED)
FINAL_STATES: frozenset[str] = frozenset({CLOSED, REJECTED})
# Open: waiting on a rung's committee
OPEN_STATES: frozenset[str] = frozenset(RUNG_STATE.values())

ACCEPT, ESCALATE, RESOLVE, RETURN, REOPEN, CLOSE, REJECT = (
	"Accept",
	"Escalate",
	"Resolve",
	"Return",
	"Reopen",
	"Close",
	"Reject",
)
ACTIONS: tuple[str, ...] = (ACCEPT, ESCALATE, RESOLVE, RETURN, REOPEN, CLOSE, REJECT)
NEEDS_REASON: frozenset[str] = frozenset({ESCALATE, RETURN, REJECT, CLOSE})
# The first log row of every issue; not a workflow action
RAISE = "Raise"

STATE_STYLE: dict[str, str] = {
	**{state: "Warning" for state in RUNG_STATE.values()},
	REPORTED: "Primary",
	RESOLVED: "Success",
	CLOSED: "Inverse",
	REJECTED: "Danger",
}


@dataclass(frozen=True)
class Notes:
	"""What the actor says with a move; the log keeps it, the issue forgets it once the move is made."""

	reason: str = ""
	resolution: str = ""
	meeting_date: datetime.date | str | None = None
	resolution_reference: str = ""
	committee_meeting: str = ""

	# the issue's own fields that carry each note (the desk's dialog and REST clients fill them)
	ISSUE_FIELDS = {"reason": "action_reason", "resolution": "resolution"}

	@classmethod
	def of(cls, data=None) -> "Notes":
		"""From a Notes, a mapping of note names or issue field names (action_reason), or None."""
		if isinstance(data, cls):
			return data
		data = data or {}
		values = {}
		for f in fields(cls):
			value = data.get(f.name)
			if value in (None, ""):
				value = data.get(cls.ISSUE_FIELDS.get(f.name, f.name))
			if value not in (None, ""):
				values[f.name] = value.strip() if isinstance(value, str) else value
		return cls(**values)


def missing_note(action: str, notes: Notes) -> str | None:
	"""The note `action` cannot go without ("reason" or "resolution"), or None when it has what it needs."""
	if action in NEEDS_REASON and not (notes.reason or "").strip():
		return "reason"
	if action == RESOLVE and not (notes.resolution or "").strip():
		return "resolution"
	return None


# A network member who raised an issue answers "was it solved?" once it is resolved: yes closes it,
# no reopens it at the rung that resolved it (with their comment as the reason).
REPORTER_ACTIONS: frozenset[str] = frozenset({REOPEN, CLOSE})


def reporter_may(action: str, state: str, resolved_on, today, days: int) -> bool:
	"""May the reporter take `action` now (within `days` of the resolution)?"""
	if action not in REPORTER_ACTIONS or state != RESOLVED or not resolved_on:
		return False
	return (to_date(today) - to_date(resolved_on)).days <= days


# What the reporter's answer (or its absence) records on the issue, for the satisfaction figures
SOLVED, NOT_SOLVED, NO_ANSWER = "Solved", "Not Solved", "No Answer"
REPORTER_ANSWERS: tuple[str, ...] = (SOLVED, NOT_SOLVED, NO_ANSWER)


def reporter_answer(action: str, from_state: str, kind: str) -> str | None:
	"""The answer a move records: the reporter's Close is "Solved", their Reopen "Not Solved"; the system's
	Close of a resolved issue (nobody answered in time) is "No Answer". Any other move records none."""
	if from_state != RESOLVED:
		return None
	if kind == "reporter":
		return {CLOSE: SOLVED, REOPEN: NOT_SOLVED}.get(action)
	if kind == "system" and action == CLOSE:
		return NO_ANSWER
	return None


def feedback_expired(resolved_on, today, days: int) -> bool:
	"""No answer within `days` of the resolution: the issue closes by itself."""
	return bool(resolved_on) and (to_date(today) - to_date(resolved_on)).days > days


@dataclass(frozen=True)
class Move:
	action: str
	from_state: str
	to_state: str
	rung: str  # the rung whose committee's chair acts
	to_rung: str  # the rung the issue is on afterwards


def target_state(
	state: str, action: str, current_rung: str, resolved_at_rung: str | None = None
) -> str | None:
	"""The state `action` leads to from `state`, or None when the ladder does not allow it."""
	if state in STATE_RUNG:
		rung = STATE_RUNG[state]
		if action == ACCEPT:
			return state
		if action == ESCALATE:
			up = next_rung(rung)
			return RUNG_STATE[up] if up else REPORTED
		if action == RETURN:
			down = previous_rung(rung)
			return RUNG_STATE[down] if down else None
		if action == RESOLVE:
			return RESOLVED
		if action == REJECT:
			return REJECTED
		return None
	if state == RESOLVED:
		if action == REOPEN and resolved_at_rung in RUNG_STATE:
			return RUNG_STATE[resolved_at_rung]
		if action == CLOSE:
			return CLOSED
		return None
	if state == REPORTED and action == CLOSE:
		return CLOSED
	return None


def infer_move(
	from_state: str, to_state: str, current_rung: str, resolved_at_rung: str | None = None
) -> Move | None:
	"""The one ladder move that takes an issue from `from_state` to `to_state`, or None (e.g. a skipped rung)."""
	if from_state == to_state:
		return None
	for action in ACTIONS:
		if action == ACCEPT:
			continue
		if target_state(from_state, action, current_rung, resolved_at_rung) == to_state:
			to_rung = STATE_RUNG.get(to_state, current_rung)
			return Move(action, from_state, to_state, current_rung, to_rung)
	return None


def acting_role(rung: str, chair_role, national_role: str) -> str:
	"""The role the Workflow allows on `rung`: the rung's chair role (national HQ: its officers)."""
	return national_role if rung == "National HQ" else chair_role(rung)


def workflow_transitions(chair_role, national_role: str) -> list[dict]:
	"""Every transition of the Workflow record, in the order the desk shows them."""
	rows = []

	def add(state, action, next_state, rung, condition=None):
		row = {
			"state": state,
			"action": action,
			"next_state": next_state,
			"allowed": acting_role(rung, chair_role, national_role),
			"allow_self_approval": 1,
		}
		if condition:
			row["condition"] = condition
		rows.append(row)

	for rung, state in RUNG_STATE.items():
		add(state, ACCEPT, state, rung, "not doc.accepted_on")
		add(state, ESCALATE, target_state(state, ESCALATE, rung), rung)
		add(state, RESOLVE, RESOLVED, rung)
		if previous_rung(rung):
			add(state, RETURN, target_state(state, RETURN, rung), rung)
		add(state, REJECT, REJECTED, rung)
	for rung, state in RUNG_STATE.items():
		add(RESOLVED, REOPEN, state, rung, f"doc.resolved_at_rung == '{rung}'")
		add(RESOLVED, CLOSE, CLOSED, rung, f"doc.resolved_at_rung == '{rung}'")
	add(REPORTED, CLOSE, CLOSED, "National HQ")
	return rows
