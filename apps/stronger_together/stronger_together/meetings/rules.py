"""Committee meetings as plain rules (pure: no database).

A Thai committee decides in a meeting (MISSION.md, "How committees work"): numbered per committee and
Buddhist year (ครั้งที่ 3/2569), with a quorum of the members in office on the meeting date, an agenda in
the government's order of sections, and a resolution (มติ) on each issue it considers. Each resolution on
an issue is a move of the ladder, taken through the ladder's one authority when the meeting is submitted.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from stronger_together.ladder import transitions as T
from stronger_together.utils.dates import to_date
from stronger_together.utils.thai import be_year as to_be_year

# ---- quorum -------------------------------------------------------------------------------------

MORE_THAN, AT_LEAST = "More than", "At least"
QUORUM_RULES: tuple[str, ...] = (MORE_THAN, AT_LEAST)


def quorum_required(members: int, percent: int = 50, rule: str = MORE_THAN) -> int:
	"""How many members must be present: more than (or at least) `percent` % of `members`.

	Integer arithmetic only: 10 members, more than 50 % -> 6; at least 50 % -> 5; 9 members -> 5 either way.
	No meeting has a quorum without a member present, so the answer is at least 1."""
	if rule not in QUORUM_RULES:
		raise ValueError(f"Unknown quorum rule: {rule!r}")
	members, percent = int(members), int(percent)
	if members < 0 or not 0 < percent <= 100:
		raise ValueError(f"Quorum needs members >= 0 and 0 < percent <= 100, not {members}, {percent}")
	share = members * percent
	required = share // 100 + 1 if rule == MORE_THAN else -(-share // 100)
	return max(1, min(required, members) if members else 1)


@dataclass(frozen=True)
class Quorum:
	present: int  # members present (invited guests do not count)
	members: int  # members of the committee in office on the meeting date
	required: int

	@property
	def met(self) -> bool:
		return self.members > 0 and self.present >= self.required


def quorum(present: int, members: int, percent: int = 50, rule: str = MORE_THAN) -> Quorum:
	return Quorum(int(present), int(members), quorum_required(members, percent, rule))


# ---- attendance ---------------------------------------------------------------------------------

PRESENT, ABSENT, ON_LEAVE = "Present", "Absent", "On Leave"
ATTENDANCE: tuple[str, ...] = (PRESENT, ABSENT, ON_LEAVE)
MEMBER, GUEST = "Member", "Invited Guest"


def count_present(rows: Iterable[Mapping]) -> int:
	"""Members marked present; invited guests never count towards the quorum."""
	return sum(1 for r in rows if r.get("attendee_type") == MEMBER and r.get("attendance") == PRESENT)


# ---- who presides -------------------------------------------------------------------------------

CHAIR, VICE_CHAIR, SECRETARY = "Chair", "Vice-Chair", "Secretary"


def is_chair_row(row: Mapping) -> bool:
	"""A chair, or a member appointed acting chair for the period (the same rule as ladder.committees)."""
	return row.get("position") == CHAIR or bool(row.get("is_acting_chair"))


def presiding_refusal(user: str, members: Iterable[Mapping], attendance: Mapping[str, str]) -> str | None:
	"""Why `user` cannot preside (None when they can), given the committee's rows in force on the meeting
	date ({user, position, is_acting_chair}) and the attendance marks {user: Present / Absent / On Leave}.

	The chair (or acting chair) presides; a vice-chair only when every chair of that date is marked absent
	or on leave. Whoever presides is present. Answers: "not_member", "not_chair", "chair_present", "absent".
	"""
	rows = [m for m in members if m.get("user")]
	mine = [m for m in rows if m["user"] == user]
	if not mine:
		return "not_member"
	if attendance.get(user) != PRESENT:
		return "absent"
	if any(is_chair_row(m) for m in mine):
		return None
	if not any(m.get("position") == VICE_CHAIR for m in mine):
		return "not_chair"
	chairs = {m["user"] for m in rows if is_chair_row(m)}
	if any(attendance.get(c) not in (ABSENT, ON_LEAVE) for c in chairs):
		return "chair_present"
	return None


# ---- numbering ----------------------------------------------------------------------------------


def meeting_be_year(meeting_date) -> int:
	"""Meetings are numbered per Buddhist Era year of their date."""
	return to_be_year(to_date(meeting_date).year)


def next_number(highest: int | None) -> int:
	"""The number after the highest one the committee used this year (1 for its first meeting)."""
	return int(highest or 0) + 1


def meeting_label(number: int, be_year: int) -> str:
	"""(3, 2569) -> "ครั้งที่ 3/2569"."""
	return f"ครั้งที่ {int(number)}/{int(be_year)}"


def number_key(committee: str, be_year: int, number: int) -> str:
	"""One meeting per (committee, year, number): the key a unique index holds."""
	return f"{committee}:{int(be_year)}:{int(number)}"


def minutes_reference(label: str, agenda_no: str | None = None) -> str:
	""" "รายงานการประชุม ครั้งที่ 3/2569 วาระที่ 4.2" (the whole minutes without an agenda number)."""
	out = f"รายงานการประชุม {label}"
	return f"{out} วาระที่ {agenda_no}" if agenda_no else out


# ---- agenda -------------------------------------------------------------------------------------

# The sections of a Thai meeting's agenda (ระเบียบวาระการประชุม), in their order
ANNOUNCEMENT, PREVIOUS_MINUTES, FOLLOW_UP, ISSUE, OTHER = (
	"Announcements",
	"Previous Minutes",
	"Follow-up",
	"Issue",
	"Other Business",
)
SECTIONS: tuple[str, ...] = (ANNOUNCEMENT, PREVIOUS_MINUTES, FOLLOW_UP, ISSUE, OTHER)
SECTION_TITLES: dict[str, str] = {
	ANNOUNCEMENT: "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
	PREVIOUS_MINUTES: "รับรองรายงานการประชุมครั้งที่แล้ว",
	FOLLOW_UP: "เรื่องสืบเนื่องจากการประชุมครั้งที่แล้ว",
	ISSUE: "เรื่องเพื่อพิจารณา",
	OTHER: "เรื่องอื่น ๆ",
}


def section_number(item_type: str) -> int:
	"""วาระที่ n: 1 announcements ... 4 issues to consider, 5 other business."""
	return SECTIONS.index(item_type if item_type in SECTIONS else OTHER) + 1


def agenda_order(item_types: list[str]) -> list[int]:
	"""Positions of the items in agenda order: by section, keeping the order within a section."""
	return sorted(range(len(item_types)), key=lambda i: (section_number(item_types[i]), i))


def agenda_numbers(item_types: list[str]) -> list[str]:
	"""Agenda numbers of items already in agenda order: a section with one item is "n", otherwise "n.k"."""
	sections = [section_number(t) for t in item_types]
	per_section = {s: sections.count(s) for s in set(sections)}
	seen: dict[int, int] = {}
	out = []
	for s in sections:
		seen[s] = seen.get(s, 0) + 1
		out.append(str(s) if per_section[s] == 1 else f"{s}.{seen[s]}")
	return out


def is_overdue(rung_due_date, meeting_date, flagged: bool = False) -> bool:
	"""Overdue on the meeting date: flagged by the SLA job, or past its rung's due date by then."""
	if flagged:
		return True
	return bool(rung_due_date) and to_date(rung_due_date) < to_date(meeting_date)


# ---- resolutions --------------------------------------------------------------------------------

DEFER = "Defer"
# A resolution on an issue and the ladder move it is; a deferred issue stays where it is
RESOLUTION_ACTIONS: dict[str, str | None] = {
	T.RESOLVE: T.RESOLVE,
	T.ESCALATE: T.ESCALATE,
	T.RETURN: T.RETURN,
	DEFER: None,
}
RESOLUTIONS: tuple[str, ...] = tuple(RESOLUTION_ACTIONS)


def ladder_action(resolution: str) -> str | None:
	"""The ladder action a resolution takes (None for Defer); ValueError for anything else."""
	if resolution not in RESOLUTION_ACTIONS:
		raise ValueError(f"Unknown resolution: {resolution!r}")
	return RESOLUTION_ACTIONS[resolution]


def notes_for(
	resolution: str, text: str, meeting_date=None, reference: str = "", meeting: str = ""
) -> T.Notes:
	"""The notes a resolution's ladder move carries: the text as the resolution (Resolve) or the reason."""
	text = (text or "").strip()
	key = "resolution" if resolution == T.RESOLVE else "reason"
	return T.Notes.of(
		{
			key: text,
			"meeting_date": meeting_date,
			"resolution_reference": reference,
			"committee_meeting": meeting,
		}
	)


def missing_note(resolution: str, text: str) -> str | None:
	"""What a resolution cannot go without: "resolution" (Resolve), "reason" (Escalate, Return) or None.

	The ladder's own rule (transitions.missing_note) decides; a deferral needs nothing."""
	action = ladder_action(resolution)
	if not action:
		return None
	return T.missing_note(action, notes_for(resolution, text))


def valid_votes(votes_for, against, abstain, present: int) -> bool:
	"""Vote counts are optional; when given, none is negative and together they are no more than present."""
	counts = [int(v or 0) for v in (votes_for, against, abstain)]
	return all(c >= 0 for c in counts) and sum(counts) <= int(present)
