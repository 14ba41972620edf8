"""The ladder against the database: where an issue sits, who may move it, and its log.

The rules live in pure modules (rungs, transitions, routing, sla); the one authority that applies them
is `CommunityIssue.act` (the controller). This module feeds both with data and turns refusals into
translated messages.
"""

from contextlib import contextmanager
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.model.workflow import get_workflow, has_approval_access, is_transition_condition_satisfied
from frappe.utils import get_datetime, getdate, now_datetime, nowdate

from stronger_together import settings
from stronger_together.ladder import committees, sla
from stronger_together.ladder import transitions as T
from stronger_together.ladder.routing import IssueArea, NoCommitteeError, area_key, committee_for


class LadderConflictError(frappe.ValidationError):
	"""Someone else moved the issue while this user was acting on it."""

	http_status_code = 409


class LadderBusyError(frappe.ValidationError):
	"""The move met other moves' writes (a deadlock) on every attempt; nothing was applied."""

	http_status_code = 409


class NoCommitteeForRung(frappe.ValidationError):
	pass


class LadderRefusal(frappe.ValidationError):
	"""The ladder does not allow this move (closed issue, skipped rung, wrong state)."""


class NoteMissing(frappe.MandatoryError):
	"""A move that needs a reason or a resolution came without one."""


# Who asks for a move. A chair (or acting chair) acts for their committee; the system acts for the SLA job;
# the reporter (the network member who raised the issue) answers whether it was solved; a meeting's
# resolution is applied, as its presiding chair, while the meeting of the committee holding the issue is
# being submitted (the presiding chair may be a vice-chair, who holds no chair role).
CHAIR, SYSTEM, REPORTER, MEETING = "chair", "system", "reporter", "meeting"
# Kinds whose actor is a person: Frappe's self-approval rule applies to them
HUMAN_KINDS = frozenset({CHAIR, MEETING})


@dataclass(frozen=True)
class Request:
	action: str
	actor: str
	notes: T.Notes
	kind: str = CHAIR


# ---- where an issue sits -----------------------------------------------------------------------


def issue_area(station: str, district: str, province: str) -> IssueArea:
	"""The station's chain of units (division, bureau, national HQ) plus the issue's civil areas."""
	# cached for the request: a meeting moves many issues of the same station in one submit
	division = frappe.db.get_value("Police Unit", station, "parent_police_unit", cache=True)
	bureau = (
		frappe.db.get_value("Police Unit", division, "parent_police_unit", cache=True) if division else None
	)
	national = (
		frappe.db.get_value("Police Unit", bureau, "parent_police_unit", cache=True) if bureau else None
	)
	return IssueArea(
		station=station,
		division=division or "",
		bureau=bureau or "",
		national_hq=national or "",
		district=district or "",
		province=province or "",
	)


def realign_issue_areas(unit: str) -> None:
	"""issue_area's chain, set-wise, for the issues (and their log rows) of every station under `unit`, after it
	moved in the unit tree or took another unit's issues in a merge: each row's division and bureau are its
	station's as the tree now stands, as the list conditions (permissions.conditions) read them. Nothing
	else changes (an issue's modified stays)."""
	lft, rgt = frappe.db.get_value("Police Unit", unit, ["lft", "rgt"]) or (None, None)
	if lft is None:
		return
	for table in ("Community Issue Log", "Community Issue"):
		frappe.db.sql(
			f"""update `tab{table}` row
			join `tabPolice Unit` station on station.name = row.station
			left join `tabPolice Unit` division on division.name = station.parent_police_unit
			set row.division = division.name, row.bureau = division.parent_police_unit
			where station.lft >= %(lft)s and station.rgt <= %(rgt)s
			and not (row.division <=> division.name and row.bureau <=> division.parent_police_unit)""",
			{"lft": lft, "rgt": rgt},
		)


def bureau_by_station() -> dict[str, str]:
	"""{station: bureau}: the second link of issue_area's chain (station -> division -> bureau), for every
	station at once."""
	return dict(
		frappe.db.sql(
			"""select station.name, division.parent_police_unit
			from `tabPolice Unit` station
			join `tabPolice Unit` division on division.name = station.parent_police_unit
			where station.unit_type = 'Station'"""
		)
	)


def area_label(rung: str, area: str) -> str:
	if rung == "District":
		name = frappe.db.get_value("District", area, "district_name_th")
		return f"{name} ({area})" if name else area
	if rung == "Province":
		name = frappe.db.get_value("Province", area, "province_name_th")
		return f"{name} ({area})" if name else area
	return area


def committee_at(rung: str, area: IssueArea) -> str:
	"""The active committee for `rung`, or a clear error naming the rung and the area to set up."""
	key = area_key(rung, area.area_for(rung))
	found = frappe.db.get_value("Committee", {"area_key": key, "is_active": 1}, "name")
	try:
		return committee_for(rung, area, {(rung, area.area_for(rung)): found} if found else {})
	except NoCommitteeError as e:
		frappe.throw(
			_(
				"No active {0} committee for {1}. Set one up (Committee, level {0}) before the issue can reach this rung."
			).format(_(e.rung), area_label(e.rung, e.area) or _("(not set)")),
			NoCommitteeForRung,
			title=_("No Committee on This Rung"),
		)


def due_date_for(rung: str, since) -> str:
	return sla.due_date(get_datetime(since), settings.sla_days()[rung])


# ---- the Workflow's transition for an actor ----------------------------------------------------


def workflow_transition(issue, request: Request) -> frappe._dict:
	"""The transition of the ladder's Workflow that `request` takes from the issue's state, checked as Frappe's
	apply_workflow checks it (role, condition, self-approval) for the ACTOR rather than the session user.

	The system, the reporter and a meeting act by the ladder's own rules (checked by the controller), not by a
	role."""
	assert_not_final(issue.workflow_state, issue.name)
	workflow = get_workflow(issue.doctype)
	roles = set(frappe.get_roles(request.actor)) if request.kind == CHAIR else None
	found = None
	for t in workflow.transitions:
		if t.state != issue.workflow_state or t.action != request.action:
			continue
		if roles is not None and t.allowed not in roles:
			continue
		if not is_transition_condition_satisfied(t, issue):
			continue
		found = t
		break
	if not found:
		target = T.target_state(
			issue.workflow_state, request.action, issue.current_rung, issue.resolved_at_rung
		)
		if not target or (request.action == T.ACCEPT and issue.accepted_on):
			refuse_move(issue, request.action)
		frappe.throw(
			_("{0} is not open to you on issue {1} (roles: the {2} rung needs its chair's role).").format(
				_(request.action), issue.name, _(issue.current_rung)
			),
			frappe.PermissionError,
			title=_("Not the Chair"),
		)
	if request.kind in HUMAN_KINDS and not has_approval_access(request.actor, issue, found):
		frappe.throw(_("Self approval is not allowed"), frappe.PermissionError)
	return found


def next_state_row(issue, state: str) -> frappe._dict:
	return next(s for s in get_workflow(issue.doctype).states if s.state == state)


# ---- refusals ----------------------------------------------------------------------------------


def assert_not_final(state: str, name: str) -> None:
	if state in T.FINAL_STATES:
		frappe.throw(
			_("Issue {0} is {1}; no further action can be taken on it.").format(name, _(state)),
			LadderRefusal,
			title=_("Issue Closed"),
		)


def refuse_move(issue, action: str) -> None:
	if action == T.ACCEPT and issue.accepted_on:
		frappe.throw(
			_("Issue {0} was already accepted on this rung.").format(issue.name),
			LadderRefusal,
			title=_("Not Allowed"),
		)
	frappe.throw(
		_("{0} is not possible on issue {1} while it is {2}.").format(
			_(action), issue.name, _(issue.workflow_state)
		),
		LadderRefusal,
		title=_("Not Allowed"),
	)


def refuse_skipped_rung(name: str, before_state: str, state: str) -> None:
	frappe.throw(
		_(
			"Issue {0} cannot go from {1} to {2}: it moves one rung at a time, up or down, and no rung is skipped."
		).format(name, _(before_state), _(state)),
		LadderRefusal,
		title=_("Rung Skipped"),
	)


def assert_can_act(issue, request: Request) -> None:
	"""A chair moves only issues their committee holds today; the reporter only answers for their own issue."""
	if request.kind == SYSTEM:
		return
	if request.kind == REPORTER:
		assert_reporter(issue, request)
		return
	if request.kind == MEETING:
		assert_meeting(issue, request)
		return
	user, committee = request.actor, issue.current_committee
	if committees.is_chair(user, committee):
		return
	own = [m for m in committees.memberships(user) if m.committee == committee]
	if own:
		frappe.throw(
			_(
				"You are on {0} but not as its chair or acting chair (today); only its chair can act on issue {1}."
			).format(committee, issue.name),
			frappe.PermissionError,
			title=_("Not the Chair"),
		)
	chaired = [m.committee for m in committees.memberships(user) if committees.is_chair_row(m)]
	if chaired:
		frappe.throw(
			_("You chair {0}, but issue {1} is with {2}; only the chair of {2} can act on it.").format(
				", ".join(chaired), issue.name, committee
			),
			frappe.PermissionError,
			title=_("Another Committee's Issue"),
		)
	frappe.throw(
		_("Only the chair or acting chair of {0} can act on issue {1}.").format(committee, issue.name),
		frappe.PermissionError,
		title=_("Not the Chair"),
	)


def assert_reporter(issue, request: Request) -> None:
	member = frappe.db.get_value("Network Member", {"user": request.actor}, "name") if request.actor else None
	if not member or member != issue.reporter:
		frappe.throw(
			_("Only the member who raised issue {0} can answer for it.").format(issue.name),
			frappe.PermissionError,
			title=_("Not Your Issue"),
		)
	days = settings.get().feedback_days
	if not T.reporter_may(request.action, issue.workflow_state, issue.resolved_on, nowdate(), days):
		frappe.throw(
			_(
				"Issue {0} can no longer be answered: answers are taken within {1} days of the resolution."
			).format(issue.name, days),
			LadderRefusal,
			title=_("Too Late"),
		)


# ---- meetings: resolutions applied while their meeting is being submitted ------------------------------


@contextmanager
def workflow_states_memoized():
	"""Every move (CommunityIssue.act), and many moves in one go (a meeting's resolutions): Frappe's Workflow
	Action bookkeeping, run on every move, reads `is_optional_state` of each next state with
	`frappe.get_cached_value(doctype, {filters})`, which never caches (Frappe caches documents by name only):
	about eight uncached reads per move, half the time of a 200-issue meeting submit. The workflow cannot
	change inside the caller's transaction, so within this block each (workflow, state) is read once: the same
	values, the same Workflow Actions. The memo lives in `frappe.local` (this request or job only; a block
	inside another keeps the outer one's); outside such a block Frappe's lookup runs as it is."""
	_memoizable_workflow_states()
	previous = getattr(frappe.local, "st_workflow_states", None)
	frappe.local.st_workflow_states = {} if previous is None else previous
	try:
		yield
	finally:
		frappe.local.st_workflow_states = previous


def _memoizable_workflow_states() -> None:
	from frappe.workflow.doctype.workflow_action import workflow_action

	if getattr(workflow_action.get_state_optional_field_value, "st_memoizable", False):
		return
	original = workflow_action.get_state_optional_field_value

	def get_state_optional_field_value(workflow_name, state):
		memo = getattr(frappe.local, "st_workflow_states", None)
		if memo is None:
			return original(workflow_name, state)
		key = (frappe.local.site, workflow_name, state)
		if key not in memo:
			memo[key] = original(workflow_name, state)
		return memo[key]

	get_state_optional_field_value.st_memoizable = True
	workflow_action.get_state_optional_field_value = get_state_optional_field_value


@contextmanager
def meeting_in_session(name: str, committee: str, presiding_chair: str):
	"""While a Committee Meeting is being submitted (and only then), its resolutions move the issues of its
	committee as its presiding chair. Only the meeting's submit opens a session."""
	sessions = getattr(frappe.local, "ladder_meetings_in_session", None)
	if sessions is None:
		sessions = frappe.local.ladder_meetings_in_session = {}
	sessions[name] = (committee, presiding_chair)
	try:
		yield
	finally:
		sessions.pop(name, None)


def assert_meeting(issue, request: Request) -> None:
	"""A meeting's resolution: the meeting named in the notes is being submitted, it is a meeting of the
	committee that holds the issue, and the actor is the chair who presided over it."""
	name = request.notes.committee_meeting
	session = (getattr(frappe.local, "ladder_meetings_in_session", None) or {}).get(name)
	if not session:
		frappe.throw(
			_("A meeting's resolution on issue {0} is applied only by submitting the meeting ({1}).").format(
				issue.name, name or _("no meeting named")
			),
			frappe.PermissionError,
			title=_("Not a Meeting in Session"),
		)
	committee, presiding_chair = session
	if committee != issue.current_committee:
		frappe.throw(
			_("Meeting {0} is a meeting of {1}, but issue {2} is with {3}.").format(
				name, committee, issue.name, issue.current_committee
			),
			frappe.PermissionError,
			title=_("Another Committee's Issue"),
		)
	if presiding_chair != request.actor:
		frappe.throw(
			_("A resolution of meeting {0} is taken as its presiding chair ({1}), not as {2}.").format(
				name, presiding_chair, request.actor
			),
			frappe.PermissionError,
			title=_("Not the Presiding Chair"),
		)


def assert_notes(issue_name: str, action: str, notes: T.Notes) -> None:
	missing = T.missing_note(action, notes)
	if missing == "reason":
		frappe.throw(
			_("{0} needs a reason: fill in Reason on issue {1} first.").format(_(action), issue_name),
			NoteMissing,
			title=_("Reason Required"),
		)
	if missing == "resolution":
		frappe.throw(
			_("Resolve needs the resolution: fill in Resolution on issue {0} first.").format(issue_name),
			NoteMissing,
			title=_("Resolution Required"),
		)


def raise_conflict(name: str, action: str):
	state = frappe.db.get_value("Community Issue", name, "workflow_state")
	frappe.throw(
		_(
			"Issue {0} was changed by someone else while you were acting (it is now {1}); your {2} was not applied. Reload the issue and decide again."
		).format(name, _(state or ""), _(action)),
		LadderConflictError,
		title=_("Conflict"),
	)


def raise_busy(name: str, action: str):
	frappe.throw(
		_(
			"Issue {0} could not be moved just now: other moves were being saved at the same moment. Your {1} was not applied; please try again."
		).format(name, _(action)),
		LadderBusyError,
		title=_("Busy"),
	)


def now():
	return now_datetime()


def today():
	return getdate(nowdate())
