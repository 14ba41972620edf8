"""Tier 1: routing, SLA clocks and the workflow table of the ladder (pure Python)."""

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from stronger_together.ladder import routing, sla
from stronger_together.ladder import transitions as T
from stronger_together.ladder.rungs import RUNGS

BANGKOK = routing.IssueArea(
	station="สน.ลุมพินี", division="บก.น.5", bureau="บช.น.", national_hq="ตร.", district="1007", province="10"
)
KHON_KAEN = routing.IssueArea(
	station="สภ.เมืองขอนแก่น",
	division="ภ.จว.ขอนแก่น",
	bureau="ภ.4",
	national_hq="ตร.",
	district="4001",
	province="40",
)


def committees_for(area):
	return {(rung, area.area_for(rung)): f"{rung} Committee {area.area_for(rung)}" for rung in RUNGS}


@pytest.mark.parametrize(
	"area, expected",
	[
		(BANGKOK, ["สน.ลุมพินี", "1007", "บก.น.5", "10", "บช.น.", "ตร."]),
		(KHON_KAEN, ["สภ.เมืองขอนแก่น", "4001", "ภ.จว.ขอนแก่น", "40", "ภ.4", "ตร."]),
	],
	ids=["bangkok", "upcountry"],
)
def test_route_follows_the_mission_table(area, expected):
	committees = committees_for(area)
	route = [routing.committee_for(rung, area, committees) for rung in RUNGS]
	assert route == [f"{r} Committee {a}" for r, a in zip(RUNGS, expected, strict=True)]


def test_a_rung_without_committee_names_rung_and_area():
	committees = committees_for(KHON_KAEN)
	del committees[("Province", "40")]
	assert routing.committee_for("Division", KHON_KAEN, committees) == "Division Committee ภ.จว.ขอนแก่น"
	with pytest.raises(routing.NoCommitteeError) as e:
		for rung in RUNGS:
			routing.committee_for(rung, KHON_KAEN, committees)
	assert (e.value.rung, e.value.area, e.value.area_kind) == ("Province", "40", "Province")
	assert "Province" in str(e.value) and "40" in str(e.value)


def test_committee_of_another_area_is_not_used():
	with pytest.raises(routing.NoCommitteeError):
		routing.committee_for("Station", BANGKOK, committees_for(KHON_KAEN))


def test_area_key_and_unknown_rung():
	assert routing.area_key("District", "1007") == "District:1007"
	with pytest.raises(ValueError):
		BANGKOK.area_for("Village")


# ---- SLA --------------------------------------------------------------------------------------------


SETTINGS = Path(__file__).parents[2] / (
	"apps/stronger_together/stronger_together/stronger_together/doctype/"
	"stronger_together_settings/stronger_together_settings.json"
)


def test_each_rung_has_its_setting_field_with_a_positive_default():
	"""The SLA of each rung is read from the Settings field `setting_field` names: every rung's field must
	exist in the DocType as a whole number of days with a positive default (the accessor's fallback)."""
	fields = {f["fieldname"]: f for f in json.loads(SETTINGS.read_text(encoding="utf-8"))["fields"]}
	names = [sla.setting_field(rung) for rung in RUNGS]
	assert len(set(names)) == len(RUNGS)
	for rung, name in zip(RUNGS, names, strict=True):
		assert name in fields, f"{rung}: no Settings field {name}"
		assert fields[name]["fieldtype"] == "Int" and int(fields[name]["default"]) > 0, (rung, fields[name])
	with pytest.raises(ValueError):
		sla.setting_field("Village")


def test_due_date_days_on_rung_and_overdue():
	since = datetime(2022, 3, 1, 9, 30)
	due = sla.due_date(since, 15)
	assert due == date(2022, 3, 16)
	assert not sla.is_overdue(due, date(2022, 3, 16))
	assert sla.is_overdue(due, date(2022, 3, 17))
	assert not sla.is_overdue(None, date(2030, 1, 1))
	assert sla.days_overdue(due, date(2022, 3, 20)) == 4
	assert sla.days_overdue(due, date(2022, 3, 1)) == 0
	assert sla.days_on_rung(since, datetime(2022, 3, 3, 21, 30)) == 2.5
	assert sla.days_on_rung(since, datetime(2022, 2, 1)) == 0


# ---- workflow table -----------------------------------------------------------------------------------


def test_escalate_climbs_one_rung_at_a_time_to_the_government():
	state, seen = T.RUNG_STATE["Station"], []
	while state in T.STATE_RUNG:
		state = T.target_state(state, T.ESCALATE, T.STATE_RUNG[state])
		seen.append(state)
	assert seen == ["At District", "At Division", "At Province", "At Bureau", "At National HQ", T.REPORTED]


def test_no_rung_is_skipped_and_final_states_are_final():
	assert T.infer_move("At Station", "At Province", "Station") is None
	assert T.infer_move("At Station", "At District", "Station").action == T.ESCALATE
	assert T.infer_move("At Division", "At District", "Division").action == T.RETURN
	assert T.target_state("At Station", T.RETURN, "Station") is None
	for state in T.FINAL_STATES:
		assert all(T.target_state(state, a, "Station") is None for a in T.ACTIONS)
	assert T.target_state(T.RESOLVED, T.REOPEN, "Division", "Division") == "At Division"
	assert T.target_state(T.RESOLVED, T.REOPEN, "Division", None) is None
	assert T.target_state(T.REPORTED, T.ESCALATE, "National HQ") is None


@pytest.mark.parametrize(
	"action, missing",
	[
		(T.ESCALATE, "reason"),
		(T.RETURN, "reason"),
		(T.REJECT, "reason"),
		(T.CLOSE, "reason"),
		(T.RESOLVE, "resolution"),
		(T.ACCEPT, None),
		(T.REOPEN, None),
	],
)
def test_the_note_each_move_cannot_go_without(action, missing):
	"""Escalate, Return, Reject and Close need a reason, Resolve the resolution; Accept and Reopen need none."""
	assert T.missing_note(action, T.Notes()) == missing
	assert T.missing_note(action, T.Notes(reason="  ", resolution=" ")) == missing  # blanks are not notes
	assert T.missing_note(action, T.Notes(reason="เกินอำนาจ", resolution="แก้ไขแล้ว")) is None
	# the desk and REST clients send the issue's own field names
	assert T.missing_note(action, T.Notes.of({"action_reason": "เกินอำนาจ", "resolution": "แก้ไขแล้ว"})) is None


def test_notes_take_the_note_name_before_the_issue_field_and_trim():
	notes = T.Notes.of({"reason": " ก ", "action_reason": "ข", "meeting_date": "", "committee_meeting": None})
	assert notes == T.Notes(reason="ก")
	assert T.Notes.of(None) == T.Notes() and T.Notes.of(notes) is notes


def test_the_reporter_answers_only_a_resolved_issue_within_the_window():
	assert T.reporter_may(T.REOPEN, T.RESOLVED, "2022-03-01", "2022-03-15", 14)
	assert T.reporter_may(T.CLOSE, T.RESOLVED, date(2022, 3, 1), datetime(2022, 3, 15, 23, 0), 14)
	assert not T.reporter_may(T.REOPEN, T.RESOLVED, "2022-03-01", "2022-03-16", 14)
	assert not T.reporter_may(T.ESCALATE, T.RESOLVED, "2022-03-01", "2022-03-02", 14)
	assert not T.reporter_may(T.REOPEN, "At Station", "2022-03-01", "2022-03-02", 14)
	assert not T.reporter_may(T.REOPEN, T.RESOLVED, None, "2022-03-02", 14)


def chair(rung):
	return f"{rung} Committee Chair"


def test_workflow_json_matches_the_table():
	path = Path(__file__).parents[2] / (
		"apps/stronger_together/stronger_together/stronger_together/workflow/"
		"community_issue_ladder/community_issue_ladder.json"
	)
	wf = json.loads(path.read_text(encoding="utf-8"))
	assert wf["document_type"] == "Community Issue" and wf["workflow_state_field"] == "workflow_state"
	assert [s["state"] for s in wf["states"]] == list(T.STATES)
	assert wf["transitions"] == T.workflow_transitions(chair, "National HQ Officer")
	# Accept keeps the state: entering a rung state raises the flag the ladder reads
	for s in wf["states"]:
		assert (s.get("update_field") == "accept_requested") == (s["state"] in T.STATE_RUNG)
	# each rung's moves are allowed to that rung's chair role only
	for t in wf["transitions"]:
		if t["state"] in T.STATE_RUNG:
			rung = T.STATE_RUNG[t["state"]]
			assert t["allowed"] == ("National HQ Officer" if rung == "National HQ" else chair(rung))
