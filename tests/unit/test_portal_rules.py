"""Tier 1: the members' portal rules and an issue's story for its reporter (pure Python)."""

import json
from datetime import date, datetime

import pytest

from stronger_together.ladder import transitions as T
from stronger_together.portal import history, rules

MEMBER = "nm-000123@members.invalid"
CHAIR = "chair.bkk.district@ladder.test"


# ---- accounts, limits, photos, the pin -----------------------------------------------------------


def test_placeholder_email_is_on_a_reserved_domain():
	assert rules.placeholder_email("NM-000123") == MEMBER
	assert rules.placeholder_email(" NM 7/1 ") == "nm-7-1@members.invalid"
	assert rules.is_placeholder(MEMBER) and not rules.is_placeholder("someone@example.com")


@pytest.mark.parametrize(
	"raised, limit, allowed", [(0, 10, True), (9, 10, True), (10, 10, False), (50, 0, True), (1, 1, False)]
)
def test_daily_raise_limit(raised, limit, allowed):
	assert rules.may_raise(raised, limit) is allowed


@pytest.mark.parametrize(
	"size, detected, problem",
	[
		(1000, "PNG", None),
		(rules.MAX_PHOTO_BYTES, "JPEG", None),
		(rules.MAX_PHOTO_BYTES + 1, "JPEG", "too_large"),
		(1000, None, "not_image"),
		(1000, "PDF", "not_image"),
		(0, "PNG", "not_image"),
	],
)
def test_photo_problem(size, detected, problem):
	assert rules.photo_problem(size, detected) == problem


def test_map_pin_is_geojson_in_thailand():
	value = rules.pin("13.7563", 100.5018)
	geometry = json.loads(value)["features"][0]["geometry"]
	assert geometry == {"type": "Point", "coordinates": [100.5018, 13.7563]}
	assert rules.point_of(value) == (13.7563, 100.5018)
	assert rules.pin(None, "") is None and rules.point_of(None) is None and rules.point_of("{bad") is None
	with pytest.raises(ValueError, match="outside Thailand"):
		rules.pin(48.85, 2.35)
	with pytest.raises(ValueError, match="not a coordinate"):
		rules.pin("abc", 100)


def test_one_time_codes_are_compared_by_digest():
	code = rules.new_code()
	assert len(code) == rules.CODE_DIGITS and code.isdigit()
	digest = rules.code_digest(MEMBER, code, "secret")
	assert code not in digest
	assert rules.code_matches(MEMBER, f" {code[:3]} {code[3:]} ", "secret", digest)
	assert not rules.code_matches("other@members.invalid", code, "secret", digest)
	assert not rules.code_matches(MEMBER, code, "another secret", digest)
	assert not rules.code_matches(MEMBER, code, "secret", None)
	assert not rules.code_matches(MEMBER, code[:-1], "secret", digest)


# ---- recurrence ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"state, resolved_on, possible",
	[
		("At Station", None, True),
		("At Bureau", None, True),
		("Reported to Government", None, True),
		("Resolved", "2026-03-02", True),  # 90 days before 31 May
		("Closed", "2026-03-02", True),
		("Closed", "2026-03-01", False),  # 91 days
		("Rejected", None, False),
		("Closed", None, False),
	],
)
def test_possible_recurrence(state, resolved_on, possible):
	assert rules.is_possible_recurrence(state, resolved_on, date(2026, 5, 31), 90) is possible


# ---- the reporter's answer ----------------------------------------------------------------------


@pytest.mark.parametrize(
	"action, from_state, kind, answer",
	[
		("Close", "Resolved", "reporter", "Solved"),
		("Reopen", "Resolved", "reporter", "Not Solved"),
		("Close", "Resolved", "system", "No Answer"),
		("Close", "Resolved", "chair", None),
		("Reopen", "Resolved", "chair", None),
		("Close", "Reported to Government", "chair", None),
		("Escalate", "At Station", "system", None),
	],
)
def test_reporter_answer(action, from_state, kind, answer):
	assert T.reporter_answer(action, from_state, kind) == answer


def test_feedback_window():
	assert T.reporter_may("Reopen", "Resolved", "2026-05-01", "2026-05-31", 30)
	assert not T.reporter_may("Reopen", "Resolved", "2026-05-01", "2026-06-01", 30)
	assert not T.feedback_expired("2026-05-01", "2026-05-31", 30)
	assert T.feedback_expired("2026-05-01", "2026-06-01", 30)


# ---- the story in plain words -------------------------------------------------------------------


def row(action, to_state, from_rung="", to_rung="", acted_by=CHAIR, reason="", from_state=None):
	return {
		"action": action,
		"from_state": from_state,
		"to_state": to_state,
		"from_rung": from_rung,
		"to_rung": to_rung,
		"acted_by": acted_by,
		"acted_at": datetime(2026, 5, 1, 9, 0),
		"reason": reason,
	}


def test_history_in_plain_words_without_names_or_internal_reasons():
	rows = [
		row("Raise", "At Station", to_rung="Station", acted_by=MEMBER),
		row("Accept", "At Station", "Station", "Station", reason="internal: meeting 3/2569"),
		row("Escalate", "At District", "Station", "District", reason="over budget, chair Somchai"),
		row("Resolve", "Resolved", "District", "District", reason="New street lights installed"),
		row("Reopen", "At District", "District", "District", acted_by=MEMBER, reason="still dark"),
		row("Return", "At Station", "District", "Station", reason="internal"),
		row("Resolve", "Resolved", "Station", "Station", reason="Wiring replaced"),
		row("Close", "Closed", "Station", "Station", acted_by=MEMBER, from_state="Resolved"),
	]
	lines = history.history(rows, MEMBER)
	assert [(line.message, line.rung, line.text, line.own) for line in lines] == [
		(history.RAISED, "Station", "", True),
		(history.TAKEN_UP, "Station", "", False),
		(history.SENT_UP, "District", "", False),
		(history.RESOLVED, "District", "New street lights installed", False),
		(history.YOU_REOPENED, "District", "still dark", True),
		(history.SENT_BACK, "Station", "", False),
		(history.RESOLVED, "Station", "Wiring replaced", False),
		(history.YOU_CLOSED, "", "", True),
	]
	shown = " ".join(f"{line.message} {line.text}" for line in lines)
	assert CHAIR not in shown and "Somchai" not in shown and "internal" not in shown and "budget" not in shown


def test_history_of_moves_the_member_did_not_make():
	rows = [
		row("Reopen", "At Province", "Province", "Province", reason="chair's own reason"),
		row("Escalate", "Reported to Government", "National HQ", "National HQ", reason="national"),
		row("Close", "Closed", acted_by="Administrator", from_state="Resolved", reason="no answer"),
		row("Close", "Closed", from_state="Reported to Government", reason="done"),
		row("Reject", "Rejected", "Station", "Station", reason="not ours"),
	]
	assert [(line.message, line.text) for line in history.history(rows, MEMBER)] == [
		(history.REOPENED, ""),
		(history.TO_GOVERNMENT, ""),
		(history.NO_ANSWER_CLOSED, ""),
		(history.CLOSED, ""),
		(history.NOT_TAKEN_UP, ""),
	]


@pytest.mark.parametrize(
	"state, rung, message, tone",
	[
		("At District", "District", history.STATUS_WITH, "open"),
		("Reported to Government", "National HQ", history.STATUS_REPORTED, "open"),
		("Resolved", "Station", history.STATUS_RESOLVED, "ask"),
		("Closed", "Station", history.STATUS_CLOSED, "done"),
		("Rejected", "Station", history.STATUS_NOT_TAKEN_UP, "done"),
	],
)
def test_status_in_plain_words(state, rung, message, tone):
	assert history.status(state, rung).message == message
	assert history.tone(state) == tone


def test_steps_of_the_ladder():
	assert history.step("Station") == (1, 6)
	assert history.step("National HQ") == (6, 6)
	assert history.committee_phrase("District") == "the district committee"
