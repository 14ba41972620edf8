"""Tier 1: committee meetings' pure rules: quorum arithmetic, numbering, the agenda's order and numbers,
who presides, and which resolution is which ladder move with which note."""

import datetime

import pytest

from stronger_together.ladder import transitions as T
from stronger_together.meetings import rules


@pytest.mark.parametrize(
	"members, percent, rule, required",
	[
		(10, 50, rules.MORE_THAN, 6),  # more than half of 10
		(9, 50, rules.MORE_THAN, 5),
		(8, 50, rules.MORE_THAN, 5),
		(1, 50, rules.MORE_THAN, 1),
		(10, 50, rules.AT_LEAST, 5),  # not less than half of 10
		(9, 50, rules.AT_LEAST, 5),
		(15, 66, rules.AT_LEAST, 10),  # 9.9 -> 10
		(15, 66, rules.MORE_THAN, 10),  # more than 9.9
		(12, 25, rules.MORE_THAN, 4),
		(4, 100, rules.MORE_THAN, 4),  # never more than the members
		(0, 50, rules.MORE_THAN, 1),  # no members: nobody can make a quorum
	],
)
def test_quorum_required(members, percent, rule, required):
	assert rules.quorum_required(members, percent, rule) == required


def test_quorum_met_counts_present_members_only():
	rows = [
		{"attendee_type": rules.MEMBER, "attendance": rules.PRESENT},
		{"attendee_type": rules.MEMBER, "attendance": rules.PRESENT},
		{"attendee_type": rules.MEMBER, "attendance": rules.ON_LEAVE},
		{"attendee_type": rules.MEMBER, "attendance": rules.ABSENT},
		{"attendee_type": rules.GUEST, "attendance": rules.PRESENT},
		{"attendee_type": rules.GUEST, "attendance": rules.PRESENT},
	]
	present = rules.count_present(rows)
	assert present == 2
	assert not rules.quorum(present, 4).met  # 2 of 4 is not more than half
	assert rules.quorum(3, 4).met
	assert rules.quorum(2, 4, 50, rules.AT_LEAST).met
	assert not rules.quorum(0, 0).met


@pytest.mark.parametrize("bad", [(5, 0, rules.MORE_THAN), (5, 101, rules.MORE_THAN), (5, 50, "Majority")])
def test_quorum_rejects_nonsense(bad):
	with pytest.raises(ValueError):
		rules.quorum_required(*bad)


def test_numbering_per_buddhist_year():
	assert rules.meeting_be_year(datetime.date(2026, 3, 12)) == 2569
	assert rules.meeting_be_year("2025-12-31") == 2568
	assert rules.next_number(None) == 1
	assert rules.next_number(2) == 3
	assert rules.meeting_label(3, 2569) == "ครั้งที่ 3/2569"
	assert rules.number_key("Station Committee สน.ลุมพินี", 2569, 3) == "Station Committee สน.ลุมพินี:2569:3"
	assert rules.minutes_reference("ครั้งที่ 3/2569", "4.2") == "รายงานการประชุม ครั้งที่ 3/2569 วาระที่ 4.2"
	assert rules.minutes_reference("ครั้งที่ 3/2569") == "รายงานการประชุม ครั้งที่ 3/2569"


def test_agenda_order_and_numbers():
	types = [rules.ISSUE, rules.OTHER, rules.ANNOUNCEMENT, rules.ISSUE, rules.PREVIOUS_MINUTES, rules.ISSUE]
	order = rules.agenda_order(types)
	assert order == [2, 4, 0, 3, 5, 1]  # by section, keeping the order within a section
	ordered = [types[i] for i in order]
	assert rules.agenda_numbers(ordered) == ["1", "2", "4.1", "4.2", "4.3", "5"]
	assert rules.section_number("Something else") == 5


def test_overdue_on_the_meeting_date():
	assert rules.is_overdue("2026-03-01", "2026-03-02")
	assert not rules.is_overdue("2026-03-02", "2026-03-02")
	assert rules.is_overdue("2026-04-01", "2026-03-02", flagged=True)
	assert not rules.is_overdue(None, "2026-03-02")


COMMITTEE = [
	{"user": "chair", "position": rules.CHAIR},
	{"user": "vice", "position": rules.VICE_CHAIR},
	{"user": "acting", "position": rules.VICE_CHAIR, "is_acting_chair": 1},
	{"user": "member", "position": "Member"},
]


def test_who_presides():
	everyone = {m["user"]: rules.PRESENT for m in COMMITTEE}
	assert rules.presiding_refusal("chair", COMMITTEE, everyone) is None
	assert rules.presiding_refusal("acting", COMMITTEE, everyone) is None  # an acting chair is a chair
	assert rules.presiding_refusal("member", COMMITTEE, everyone) == "not_chair"
	assert rules.presiding_refusal("stranger", COMMITTEE, everyone) == "not_member"
	assert rules.presiding_refusal("vice", COMMITTEE, everyone) == "chair_present"
	chairs_away = {**everyone, "chair": rules.ABSENT, "acting": rules.ON_LEAVE}
	assert rules.presiding_refusal("vice", COMMITTEE, chairs_away) is None
	only_chair_away = {**everyone, "chair": rules.ABSENT}
	assert (
		rules.presiding_refusal("vice", COMMITTEE, only_chair_away) == "chair_present"
	)  # the acting chair came
	assert rules.presiding_refusal("chair", COMMITTEE, {**everyone, "chair": rules.ABSENT}) == "absent"


def test_resolutions_are_ladder_moves_with_the_ladders_notes():
	assert rules.ladder_action("Resolve") == T.RESOLVE
	assert rules.ladder_action("Escalate") == T.ESCALATE
	assert rules.ladder_action("Return") == T.RETURN
	assert rules.ladder_action("Defer") is None
	with pytest.raises(ValueError):
		rules.ladder_action("Reject")
	assert rules.missing_note("Resolve", " ") == "resolution"
	assert rules.missing_note("Escalate", "") == "reason"
	assert rules.missing_note("Return", "") == "reason"
	assert rules.missing_note("Defer", "") is None
	assert rules.missing_note("Escalate", "เกินอำนาจ") is None
	notes = rules.notes_for(
		"Resolve", " แก้ไขแล้ว ", "2026-03-12", "รายงานการประชุม ครั้งที่ 3/2569 วาระที่ 4.1", "MTG-1"
	)
	assert (notes.resolution, notes.reason, notes.committee_meeting) == ("แก้ไขแล้ว", "", "MTG-1")
	assert notes.resolution_reference.endswith("วาระที่ 4.1")
	assert rules.notes_for("Escalate", "เกินอำนาจ").reason == "เกินอำนาจ"


def test_votes_are_optional_and_add_up():
	assert rules.valid_votes(None, None, None, 5)
	assert rules.valid_votes(3, 1, 1, 5)
	assert not rules.valid_votes(4, 2, 0, 5)
	assert not rules.valid_votes(-1, 0, 0, 5)
