"""Committee meetings against the database: the committee on the meeting date, the agenda drawn from the
ladder, the quorum, the meeting's number, and its resolutions applied through the ladder's one authority.

The rules (quorum arithmetic, numbering, which resolution is which move) are in `meetings.rules`; who sits
on a committee on a date in `ladder.committees`; every move in `CommunityIssue.act`.
"""

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, getdate, strip_html

from stronger_together import settings
from stronger_together.ladder import committees, service
from stronger_together.ladder import transitions as T
from stronger_together.ladder.service import MEETING
from stronger_together.meetings import rules

DOCTYPE = "Committee Meeting"


class NoQuorum(frappe.ValidationError):
	pass


class ResolutionsRefused(frappe.ValidationError):
	"""At least one resolution could not be applied to the ladder; none was."""


class MeetingMovesApplied(frappe.ValidationError):
	"""A meeting whose resolutions moved issues cannot be cancelled."""


# ---- the committee ------------------------------------------------------------------------------


def committee_info(committee: str) -> frappe._dict:
	return frappe.db.get_value(
		"Committee",
		committee,
		["name", "committee_name", "committee_level", "police_unit", "district", "province", "is_active"],
		as_dict=True,
	)


def committee_title(info) -> str:
	"""The committee as the minutes' heading names it, in Thai: its own name when an admin wrote one in Thai,
	else "คณะกรรมการ" + level + area (a district or province by its Thai name)."""
	if rules_has_thai(info.committee_name):
		return info.committee_name
	level = info.committee_level
	area = committees.area_of(info) or ""
	if level == "District":
		area = frappe.db.get_value("District", area, "district_name_th") or area
	elif level == "Province":
		area = frappe.db.get_value("Province", area, "province_name_th") or area
	return f"คณะกรรมการ{_(level, lang='th')} {area}".strip()


def rules_has_thai(text: str | None) -> bool:
	return any("\u0e00" <= ch <= "\u0e7f" for ch in text or "")


# ---- attendance and quorum ----------------------------------------------------------------------


def attendance_rows(meeting) -> list[dict]:
	"""One row per member of the committee in office on the meeting date (marks already made are kept),
	then the invited guests as entered."""
	marks = {r.user: r for r in meeting.get("attendance") or [] if r.attendee_type == rules.MEMBER}
	rows = []
	for m in committees.members_on(meeting.committee, meeting.meeting_date):
		before = marks.get(m.user)
		rows.append(
			{
				"attendee_type": rules.MEMBER,
				"user": m.user,
				"attendee_name": m.full_name or m.user,
				"position": m.position,
				"is_acting_chair": cint(m.is_acting_chair),
				"attendance": before.attendance if before else "",
				"remarks": before.remarks if before else "",
			}
		)
	for r in meeting.get("attendance") or []:
		if r.attendee_type != rules.MEMBER:
			rows.append(
				{
					"attendee_type": rules.GUEST,
					"user": r.user,
					"attendee_name": r.attendee_name,
					"organisation": r.organisation,
					"attendance": r.attendance or rules.PRESENT,
					"remarks": r.remarks,
				}
			)
	return rows


def quorum_of(meeting) -> rules.Quorum:
	percent, rule = settings.quorum_rule()
	members = sum(1 for r in meeting.attendance if r.attendee_type == rules.MEMBER)
	return rules.quorum(rules.count_present(meeting.attendance), members, percent, rule)


def quorum_rule_text() -> str:
	percent, rule = settings.quorum_rule()
	if rule == rules.AT_LEAST:
		return _("at least {0}% of the members in office").format(percent)
	return _("more than {0}% of the members in office").format(percent)


# ---- the agenda ---------------------------------------------------------------------------------


def held_issues(committee: str) -> list[frappe._dict]:
	"""The open issues the committee holds now, oldest on its table first."""
	return frappe.get_all(
		"Community Issue",
		filters={"current_committee": committee, "workflow_state": ("in", sorted(T.OPEN_STATES))},
		fields=[
			"name",
			"title",
			"workflow_state",
			"current_rung",
			"raised_on",
			"rung_since",
			"rung_due_date",
			"is_overdue",
		],
		order_by="rung_since asc, raised_on asc, name asc",
	)


def last_steps(issues: list[str], lock: bool = False) -> dict[str, int]:
	"""{issue: its last log step}; with lock=True a locking read (the newest committed steps)."""
	if not issues:
		return {}
	rows = frappe.db.sql(
		f"""select community_issue, max(sequence) from `tabCommunity Issue Log`
		where community_issue in %(issues)s group by community_issue{" for update" if lock else ""}""",
		{"issues": tuple(issues)},
	)
	return {name: cint(seq) for name, seq in rows}


def snapshot(issue, meeting_date, sequence: int) -> dict:
	"""What the agenda keeps of an issue when it is drawn: where it stood, and its last log step."""
	return {
		"community_issue": issue.name,
		"topic": issue.title,
		"issue_state": issue.workflow_state,
		"issue_rung": issue.current_rung,
		"issue_raised_on": issue.raised_on,
		"rung_due_date": issue.rung_due_date,
		"is_overdue": cint(rules.is_overdue(issue.rung_due_date, meeting_date, bool(issue.is_overdue))),
		"issue_log_sequence": sequence,
	}


def draw_agenda(meeting) -> list[dict]:
	"""The agenda with one row for every issue the committee holds now (oldest first, overdue marked).

	Free items are kept; an issue already on the agenda keeps what was typed for it (and is drawn afresh);
	an issue the committee no longer holds leaves the agenda. A first draw also opens the agenda with the
	chair's announcements and the previous minutes, as Thai minutes do."""
	existing = meeting.get("agenda") or []
	typed = {r.community_issue: r for r in existing if r.item_type == rules.ISSUE and r.community_issue}
	issues = held_issues(meeting.committee)
	steps = last_steps([i.name for i in issues])
	rows = [_row_dict(r) for r in existing if r.item_type != rules.ISSUE]
	if not existing:
		rows = [
			{"item_type": rules.ANNOUNCEMENT, "topic": rules.SECTION_TITLES[rules.ANNOUNCEMENT]},
			{"item_type": rules.PREVIOUS_MINUTES, "topic": rules.SECTION_TITLES[rules.PREVIOUS_MINUTES]},
		]
	for issue in issues:
		row = {"item_type": rules.ISSUE, **snapshot(issue, meeting.meeting_date, steps.get(issue.name, 0))}
		before = typed.get(issue.name)
		if before:
			for field in (
				"details",
				"resolution",
				"resolution_text",
				"votes_for",
				"votes_against",
				"votes_abstain",
			):
				row[field] = before.get(field)
		rows.append(row)
	return order_agenda(rows)


def _row_dict(row) -> dict:
	data = row.as_dict() if hasattr(row, "as_dict") else dict(row)
	return {
		k: v for k, v in data.items() if k not in ("name", "parent", "parenttype", "parentfield", "doctype")
	}


def order_agenda(rows: list) -> list:
	"""The rows in agenda order (by section), numbered (วาระที่ 1, 4.1, 4.2, ...)."""
	ordered = [rows[i] for i in rules.agenda_order([_get(r, "item_type") for r in rows])]
	for row, number in zip(
		ordered, rules.agenda_numbers([_get(r, "item_type") for r in ordered]), strict=True
	):
		if isinstance(row, dict):
			row["agenda_no"] = number
		else:
			row.agenda_no = number
	return ordered


def _get(row, field):
	return row.get(field) if isinstance(row, dict) else getattr(row, field, None)


def fill_snapshot(meeting, rows) -> None:
	"""Issue rows added by hand: the issue must be with this committee now; its snapshot is taken here."""
	names = [r.community_issue for r in rows]
	steps = last_steps(names)
	for row in rows:
		issue = frappe.db.get_value(
			"Community Issue",
			row.community_issue,
			[
				"name",
				"title",
				"workflow_state",
				"current_rung",
				"current_committee",
				"raised_on",
				"rung_due_date",
				"is_overdue",
			],
			as_dict=True,
		)
		if issue.workflow_state not in T.OPEN_STATES or issue.current_committee != meeting.committee:
			frappe.throw(
				_(
					"Agenda item {0}: issue {1} is not with {2} (it is {3}, with {4}); a meeting considers the issues its committee holds."
				).format(
					row.idx,
					issue.name,
					meeting.committee,
					_(issue.workflow_state),
					issue.current_committee or "-",
				),
				title=_("Not This Committee's Issue"),
			)
		snap = snapshot(issue, meeting.meeting_date, steps.get(issue.name, 0))
		snap["topic"] = row.topic or snap["topic"]
		row.update(snap)


# ---- numbering ----------------------------------------------------------------------------------


NUMBER_INDEX = "committee_be_year_number"


def lock_committee(committee: str) -> None:
	"""Submits of one committee's meetings queue here, before anything else of the submit takes a lock."""
	frappe.db.sql("select name from `tabCommittee` where name = %s for update", committee)


def assign_number(meeting) -> None:
	"""The meeting's number for its committee and Buddhist year, without gaps or duplicates.

	Submits of the same committee's meetings queue on the Committee row's lock (taken first thing in the
	submit); the highest number is a locking read (the newest committed rows, whatever this transaction saw
	before) on the (committee, be_year, meeting_number) index, whose range holds only numbered meetings, so
	no draft's row lock is waited for; the unique number_key is the database's guarantee. A cancelled
	meeting keeps its number; its amendment takes it over."""
	lock_committee(meeting.committee)
	be_year = rules.meeting_be_year(meeting.meeting_date)
	number = _amended_number(meeting, be_year)
	if not number:
		highest = frappe.db.sql(
			f"""select max(meeting_number) from `tabCommittee Meeting` force index ({NUMBER_INDEX})
			where committee = %s and be_year = %s for update""",
			(meeting.committee, be_year),
		)[0][0]
		number = rules.next_number(highest)
	meeting.meeting_number = number
	meeting.be_year = be_year
	meeting.number_key = rules.number_key(meeting.committee, be_year, number)
	meeting.meeting_label = rules.meeting_label(number, be_year)
	meeting.minutes_reference = rules.minutes_reference(meeting.meeting_label)


def _amended_number(meeting, be_year: int) -> int | None:
	if not meeting.amended_from:
		return None
	before = frappe.db.get_value(
		DOCTYPE, meeting.amended_from, ["committee", "be_year", "meeting_number", "docstatus"], as_dict=True
	)
	if (
		before
		and before.docstatus == 2
		and before.committee == meeting.committee
		and before.be_year == be_year
	):
		taken = frappe.db.exists(
			DOCTYPE, {"number_key": rules.number_key(meeting.committee, be_year, before.meeting_number)}
		)
		return None if taken else before.meeting_number
	return None


# ---- resolutions --------------------------------------------------------------------------------


def issue_rows(meeting) -> list:
	return [r for r in meeting.agenda if r.item_type == rules.ISSUE and r.community_issue]


def check_resolutions(meeting) -> None:
	"""Before submitting: every issue on the agenda has a decision with the note it needs, and votes add up."""
	problems = []
	present = cint(meeting.members_present)
	for row in meeting.agenda:
		if not rules.valid_votes(row.votes_for, row.votes_against, row.votes_abstain, present):
			problems.append(
				_("Agenda item {0}: the votes add up to more than the {1} members present.").format(
					row.agenda_no, present
				)
			)
		if row.item_type != rules.ISSUE or not row.community_issue:
			continue
		if not row.resolution:
			problems.append(
				_(
					"Agenda item {0} (issue {1}): choose the decision (Resolve, Escalate, Return or Defer)."
				).format(row.agenda_no, row.community_issue)
			)
			continue
		missing = rules.missing_note(row.resolution, row.resolution_text)
		if missing == "resolution":
			problems.append(
				_("Agenda item {0} (issue {1}): Resolve needs the resolution text.").format(
					row.agenda_no, row.community_issue
				)
			)
		elif missing == "reason":
			problems.append(
				_("Agenda item {0} (issue {1}): {2} needs the reason.").format(
					row.agenda_no, row.community_issue, _(row.resolution)
				)
			)
	if problems:
		frappe.throw("<br>".join(problems), frappe.MandatoryError, title=_("Resolutions Incomplete"))


def stale_reason(row, issue, last_step: int, committee: str) -> str | None:
	"""Why the agenda's picture of the issue is out of date (None when it still holds)."""
	if (
		issue.workflow_state == row.issue_state
		and issue.current_committee == committee
		and last_step == cint(row.issue_log_sequence)
	):
		return None
	return _(
		"it moved since the agenda was drawn (then {0}, now {1} with {2}); draw the agenda again"
	).format(_(row.issue_state or ""), _(issue.workflow_state), issue.current_committee or "-")


def lock_issues(names: list[str]) -> dict[str, frappe._dict]:
	"""Lock the agenda's issues in one locking read (in name order, as every submit does: no deadlock between
	meetings), with each one's state, committee and last log step as committed now."""
	if not names:
		return {}
	rows = frappe.db.sql(
		"""select name, workflow_state, current_committee from `tabCommunity Issue`
		where name in %(names)s order by name for update""",
		{"names": tuple(sorted(names))},
		as_dict=True,
	)
	steps = last_steps(names, lock=True)
	return {r.name: frappe._dict(r, last_step=steps.get(r.name, 0)) for r in rows}


def apply_resolutions(meeting) -> list[dict]:
	"""Every resolution on an issue, as a ladder move made by the presiding chair, all or nothing.

	The issues are locked, each is checked against the agenda's picture of it, and every move goes through
	`CommunityIssue.act` with the meeting's date and its minutes reference in the log. If any move is
	refused, every move of the meeting is undone (to a savepoint, so even a caller that goes on and commits
	finds nothing applied) and one error names each failing issue and why."""
	rows = [r for r in issue_rows(meeting) if rules.ladder_action(r.resolution)]
	moved: list[dict] = []
	if not rows:
		return moved
	failures: list[str] = []
	savepoint = "committee_meeting_resolutions"
	frappe.db.savepoint(savepoint)
	messages = len(frappe.local.message_log)
	locked = lock_issues([r.community_issue for r in rows])
	with (
		service.meeting_in_session(meeting.name, meeting.committee, meeting.presiding_chair),
		service.workflow_states_memoized(),
	):
		for row in rows:
			now = locked.get(row.community_issue)
			stale = (
				stale_reason(row, now, now.last_step, meeting.committee) if now else _("it no longer exists")
			)
			if stale:
				failures.append(
					_("Issue {0} (agenda item {1}): {2}.").format(row.community_issue, row.agenda_no, stale)
				)
				continue
			try:
				moved.append(apply_one(meeting, row))
			except (frappe.ValidationError, frappe.PermissionError) as e:
				failures.append(
					_("Issue {0} (agenda item {1}): {2}").format(
						row.community_issue, row.agenda_no, strip_html(str(e))
					)
				)
	del frappe.local.message_log[messages:]
	if failures:
		frappe.db.rollback(save_point=savepoint)
		for row in rows:
			row.outcome = None
		frappe.throw(
			_("No resolution of this meeting was applied: {0} of {1} cannot be.").format(
				len(failures), len(rows)
			)
			+ "<br>"
			+ "<br>".join(frappe.utils.escape_html(f) for f in failures),
			ResolutionsRefused,
			title=_("Resolutions Not Applied"),
		)
	return moved


def apply_one(meeting, row) -> dict:
	"""One resolution through the ladder's one authority, as the presiding chair (the issue is locked)."""
	issue = frappe.get_doc("Community Issue", row.community_issue, for_update=True)
	before = issue.current_committee
	action = rules.ladder_action(row.resolution)
	notes = rules.notes_for(
		row.resolution,
		row.resolution_text,
		meeting.meeting_date,
		rules.minutes_reference(meeting.meeting_label, row.agenda_no),
		meeting.name,
	)
	issue.act(action, actor=meeting.presiding_chair, notes=notes, kind=MEETING)
	row.outcome = issue.workflow_state
	return {
		"issue": issue.name,
		"title": issue.title,
		"action": action,
		"from_committee": before,
		"to_committee": issue.current_committee,
		"state": issue.workflow_state,
		"station": issue.station,
		"reporter": issue.reporter,
		"text": (row.resolution_text or "").strip(),
	}


def refuse_cancel(meeting) -> None:
	if cint(meeting.resolutions_applied):
		frappe.throw(
			_(
				"Meeting {0} cannot be cancelled: its resolutions moved {1} issues on the ladder, and the ladder's log cannot be undone. Correct an issue through the ladder (a chair's Return or Reopen, with the reason), or record the correction in the next meeting."
			).format(meeting.meeting_label or meeting.name, meeting.resolutions_applied),
			MeetingMovesApplied,
			title=_("Resolutions Already Applied"),
		)


# ---- times --------------------------------------------------------------------------------------


def at(date, time) -> str | None:
	if not date:
		return None
	return str(get_datetime(f"{getdate(date)} {time or '00:00:00'}"))
