"""Tier 2: the escalation ladder on a real site, with a real user for each role.

Committees are set up the way an admin does it (users on committees; roles follow), issues are moved
the way the desk moves them (the Workflow's apply_workflow, as the acting user), REST is exercised
through Frappe's WSGI application with a real login, and the concurrency test uses two threads, each
with its own database connection.
"""

import json
import threading
from datetime import timedelta

import frappe
import pytest
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import add_days, get_datetime, nowdate

from stronger_together.api import ladder as api
from stronger_together.ladder import committees
from stronger_together.ladder import transitions as T
from stronger_together.ladder.service import (
	LadderConflictError,
	LadderRefusal,
	NoCommitteeForRung,
	NoteMissing,
)
from stronger_together.setup.roles import COORDINATOR, NATIONAL_HQ, chair_role, member_role

from .helpers import committee_doc, ensure_outbox, make_member, make_station, make_user, refused

PASSWORD = "Test-Pass-2565!"
D = "@ladder.test"

BKK = {
	"slug": "bkk",
	"station": "สน.ลุมพินี",
	"subdistrict": "100704",
	"rungs": {
		"Station": ("Station", "สน.ลุมพินี"),
		"District": ("District", "1007"),
		"Division": ("Division", "บก.น.5"),
		"Province": ("Province", "10"),
		"Bureau": ("Bureau", "บช.น."),
		"National HQ": ("National HQ", "ตร."),
	},
}
UPC = {
	"slug": "kk",
	"station": "สภ.เมืองขอนแก่น",
	"subdistrict": "400101",
	"rungs": {
		"Station": ("Station", "สภ.เมืองขอนแก่น"),
		"District": ("District", "4001"),
		"Division": ("Division", "ภ.จว.ขอนแก่น"),
		"Province": ("Province", "40"),
		"Bureau": ("Bureau", "ภ.4"),
		"National HQ": ("National HQ", "ตร."),
	},
}


def chair_of(world, rung):
	"""The chair of `world`'s committee at `rung` (e.g. chair.bkk.station@ladder.test)."""
	if rung == "National HQ":
		return "chair.national" + D
	return f"chair.{world['slug']}.{rung.lower().replace(' ', '')}{D}"


def ensure_committee(level, area, members):
	"""An active committee for (level, area) with `members` [(user, position, extra)], set up as an admin would."""
	doc = committee_doc(level, area)
	if level == "National HQ":
		doc.order_reference = "คำสั่ง ตร. ที่ 36/2565"
	doc.set("members", [])
	for user, position, extra in members:
		doc.append("members", {"user": user, "position": position, **extra})
	doc.insert() if doc.is_new() else doc.save()
	return doc.name


@pytest.fixture(scope="module")
def world():
	frappe.set_user("Administrator")
	make_station("สน.ลุมพินี", "บก.น.5", "1007", ["100704"])
	make_station("สน.ปทุมวัน", "บก.น.5", "1007", ["100703"])
	make_station("สภ.เมืองขอนแก่น", "ภ.จว.ขอนแก่น", "4001")
	users = {}
	for w in (BKK, UPC):
		for rung, (level, area) in w["rungs"].items():
			user = make_user(chair_of(w, rung))
			ensure_committee(level, area, [(user, "Chair", {})])
	# the Bangkok station committee: chair, a plain member, an acting chair now, an acting chair whose period is over
	today = nowdate()
	users["member"] = make_user("member.lumpini" + D)
	users["acting"] = make_user("acting.lumpini" + D)
	users["expired"] = make_user("expired.lumpini" + D)
	ensure_committee(
		"Station",
		"สน.ลุมพินี",
		[
			(chair_of(BKK, "Station"), "Chair", {}),
			(users["member"], "Member", {}),
			(
				users["acting"],
				"Vice-Chair",
				{"is_acting_chair": 1, "from_date": add_days(today, -1), "to_date": add_days(today, 30)},
			),
			(
				users["expired"],
				"Vice-Chair",
				{"is_acting_chair": 1, "from_date": add_days(today, -30), "to_date": add_days(today, -1)},
			),
		],
	)
	users["other_chair"] = make_user("chair.patumwan" + D)
	users["other_acting"] = make_user("acting.patumwan" + D)
	ensure_committee(
		"Station",
		"สน.ปทุมวัน",
		[
			(users["other_chair"], "Chair", {}),
			(
				users["other_acting"],
				"Vice-Chair",
				{"is_acting_chair": 1, "from_date": add_days(today, -1), "to_date": add_days(today, 30)},
			),
		],
	)
	# ... who is also the division's coordinator officer, so he can see (and edit) Lumpini's issues
	if not frappe.db.exists("Coordinator Officer", {"user": users["other_acting"]}):
		frappe.get_doc(
			{
				"doctype": "Coordinator Officer",
				"rank": "พ.ต.ท.",
				"officer_name": "ข้าม เขต",
				"police_unit": "บก.น.5",
				"user": users["other_acting"],
				"training_status": "Trained",
			}
		).insert()
	users["coordinator"] = make_user("coord.lumpini" + D)
	if not frappe.db.exists("Coordinator Officer", {"user": users["coordinator"]}):
		frappe.get_doc(
			{
				"doctype": "Coordinator Officer",
				"rank": "ร.ต.อ.",
				"officer_name": "ประสาน งานดี",
				"police_unit": "สน.ลุมพินี",
				"user": users["coordinator"],
				"training_status": "Trained",
			}
		).insert()
	users["bkk_member"] = make_member("สน.ลุมพินี", "100704")
	users["kk_member"] = make_member("สภ.เมืองขอนแก่น", "400101")
	ensure_outbox("Ladder Test Outbox", "outbox" + D)
	# make_user resets roles on reuse: re-sync them from the committees, as saving a committee does
	for user in frappe.get_all("User", filters={"name": ("like", f"%{D}")}, pluck="name"):
		committees.sync_user_roles(user)
		committees.sync_coordinator_role(user)
	frappe.db.commit()
	return users


def raise_issue(w, title="ไฟถนนดับ ซอยเปลี่ยว", reporter=None, **fields):
	frappe.set_user("Administrator")
	doc = frappe.get_doc(
		{
			"doctype": "Community Issue",
			"title": title,
			"category": "Crime",
			"priority": "High",
			"station": w["station"],
			"subdistrict": w["subdistrict"],
			"reporter": reporter,
			**fields,
		}
	).insert()
	return doc


def act(user, name, action, **notes):
	"""As `user`: save the notes on the form (as the desk does), then apply the workflow action."""
	frappe.set_user(user)
	doc = frappe.get_doc("Community Issue", name)
	if notes:
		doc.update(notes)
		doc.save()
	doc = apply_workflow(frappe.get_doc("Community Issue", name), action)
	frappe.set_user("Administrator")
	return doc


def committee_for(w, rung):
	level, area = w["rungs"][rung]
	return frappe.db.get_value("Committee", {"area_key": f"{level}:{area}"})


def log_of(name):
	return frappe.get_all(
		"Community Issue Log", filters={"community_issue": name}, fields=["*"], order_by="sequence asc"
	)


# ---- committees ---------------------------------------------------------------------------------


def test_one_active_committee_per_level_and_area(world):
	doc = frappe.get_doc(
		{"doctype": "Committee", "committee_level": "District", "district": "1007", "is_active": 1}
	)
	with refused(frappe.UniqueValidationError, "already the active District committee for 1007"):
		doc.insert()
	doc.is_active = 0
	doc.insert()  # an inactive second committee is fine
	assert doc.area_key is None


def test_roles_follow_committee_membership(world):
	assert chair_role("Station") in frappe.get_roles(chair_of(BKK, "Station"))
	assert member_role("Station") in frappe.get_roles(world["member"])
	assert chair_role("Station") not in frappe.get_roles(world["member"])
	assert NATIONAL_HQ in frappe.get_roles(chair_of(BKK, "National HQ"))
	# a Coordinator Officer record linked to a user gives the role, and removing the link takes it away
	assert COORDINATOR in frappe.get_roles(world["coordinator"])
	officer = frappe.get_doc("Coordinator Officer", {"user": world["other_acting"]})
	assert COORDINATOR in frappe.get_roles(world["other_acting"])
	officer.user = None
	officer.save()
	assert COORDINATOR not in frappe.get_roles(world["other_acting"])
	assert not frappe.get_all("User Permission", filters={"user": ("like", f"%{D}")})


def test_missing_committee_names_rung_and_area(world):
	make_station("สน.ไร้คณะกรรมการ", "บก.น.5", "1004")
	with refused(NoCommitteeForRung, r"No active Station committee for สน\.ไร้คณะกรรมการ"):
		frappe.get_doc(
			{
				"doctype": "Community Issue",
				"title": "x",
				"category": "Other",
				"station": "สน.ไร้คณะกรรมการ",
				"subdistrict": "100401",
			}
		).insert()


def test_committee_names_its_area_and_the_right_kind_of_unit(world):
	def committee(**fields):
		return frappe.get_doc({"doctype": "Committee", "is_active": 0, **fields})

	with refused(frappe.ValidationError, "A Station committee must name the Police Unit it serves"):
		committee(committee_level="Station").insert()
	with refused(frappe.ValidationError, r"A Station committee must serve a Station; บก\.น\.5 is a Division"):
		committee(committee_level="Station", police_unit="บก.น.5").insert()
	with refused(frappe.ValidationError, "A District committee must name its District"):
		committee(committee_level="District").insert()
	with refused(frappe.ValidationError, "A Province committee must name its Province"):
		committee(committee_level="Province").insert()


def test_committee_member_rows(world):
	today = nowdate()

	def committee(*rows):
		return frappe.get_doc(
			{
				"doctype": "Committee",
				"committee_level": "Station",
				"police_unit": "สน.ปทุมวัน",
				"is_active": 0,
				"members": [{"user": user, "position": position, **extra} for user, position, extra in rows],
			}
		)

	member, acting = world["member"], world["acting"]
	with refused(frappe.ValidationError, f"Row 2: {member} is already a member of this committee"):
		committee((member, "Member", {}), (member, "Secretary", {})).insert()
	with refused(frappe.ValidationError, "Row 1: To Date is before From Date"):
		committee((member, "Member", {"from_date": today, "to_date": add_days(today, -1)})).insert()
	with refused(frappe.ValidationError, "Row 1: an acting chair is appointed for a period"):
		committee((acting, "Vice-Chair", {"is_acting_chair": 1})).insert()
	with refused(frappe.ValidationError, r"more than one chair in office today \(rows 1, 2\)"):
		committee((member, "Chair", {}), (acting, "Chair", {})).insert()
	# a chair whose term is over and a new one are fine
	committee((member, "Chair", {"to_date": add_days(today, -1)}), (acting, "Chair", {})).insert()


# ---- walking the ladder -------------------------------------------------------------------------


@pytest.mark.parametrize("w", [BKK, UPC], ids=["bangkok", "upcountry"])
def test_walk_all_six_rungs_to_government(world, w):
	issue = raise_issue(w, reporter=world["bkk_member"] if w is BKK else world["kk_member"])
	assert (issue.workflow_state, issue.current_rung) == ("At Station", "Station")
	assert issue.current_committee == committee_for(w, "Station")
	assert issue.division == w["rungs"]["Division"][1] and issue.bureau == w["rungs"]["Bureau"][1]
	assert issue.district == w["rungs"]["District"][1] and issue.province == w["rungs"]["Province"][1]
	assert issue.rung_due_date
	for rung in T.RUNG_STATE:
		doc = act(
			chair_of(w, rung),
			issue.name,
			"Escalate",
			action_reason=f"เกินขีดความสามารถของ {rung}",
			meeting_date=nowdate(),
		)
		nxt = T.target_state(T.RUNG_STATE[rung], "Escalate", rung)
		assert doc.workflow_state == nxt
		if nxt in T.STATE_RUNG:
			assert doc.current_committee == committee_for(w, T.STATE_RUNG[nxt])
			# the next committee's chair got a system notification and a queued email
			assert frappe.db.exists(
				"Notification Log", {"for_user": chair_of(w, T.STATE_RUNG[nxt]), "document_name": issue.name}
			)
	doc = frappe.get_doc("Community Issue", issue.name)
	assert doc.workflow_state == "Reported to Government" and doc.reported_to_government_on
	log = log_of(issue.name)
	assert [r.sequence for r in log] == list(range(1, 8))
	assert [r.action for r in log] == ["Raise"] + ["Escalate"] * 6
	assert [r.from_rung for r in log[1:]] == list(T.RUNG_STATE)
	assert all(r.reason and r.days_on_rung >= 0 and r.acted_by.startswith("chair.") for r in log[1:])
	assert frappe.db.exists("Email Queue", {"reference_name": issue.name})


@pytest.mark.parametrize("rung", list(T.RUNG_STATE))
def test_resolve_at_each_rung(world, rung):
	issue = raise_issue(BKK, reporter=world["bkk_member"])
	for lower in list(T.RUNG_STATE)[: list(T.RUNG_STATE).index(rung)]:
		act(chair_of(BKK, lower), issue.name, "Escalate", action_reason="ต้องการงบประมาณ")
	doc = act(
		chair_of(BKK, rung),
		issue.name,
		"Resolve",
		resolution="ติดตั้งไฟส่องสว่างแล้ว",
		resolution_reference="มติที่ 3/2565",
	)
	assert (doc.workflow_state, doc.resolved_at_rung, str(doc.resolved_on)) == ("Resolved", rung, nowdate())
	last = log_of(issue.name)[-1]
	assert (last.action, last.from_rung, last.reason, last.resolution_reference) == (
		"Resolve",
		rung,
		"ติดตั้งไฟส่องสว่างแล้ว",
		"มติที่ 3/2565",
	)
	assert frappe.db.exists(
		"Notification Log", {"for_user": world["coordinator"], "document_name": issue.name}
	)
	doc = act(chair_of(BKK, rung), issue.name, "Close", action_reason="ชุมชนพอใจ")
	assert doc.workflow_state == "Closed" and doc.closing_reason == "ชุมชนพอใจ"


def test_accept_return_and_reopen(world):
	issue = raise_issue(BKK)
	frappe.set_user(chair_of(BKK, "Station"))
	doc = api.act_on_issue(issue.name, "Accept", notes={"meeting_date": nowdate()})
	assert doc.accepted_on
	act(chair_of(BKK, "Station"), issue.name, "Escalate", action_reason="เกินอำนาจ")
	doc = act(chair_of(BKK, "District"), issue.name, "Return", action_reason="ขอข้อมูลเพิ่ม")
	assert (doc.workflow_state, doc.current_committee, doc.accepted_on) == (
		"At Station",
		committee_for(BKK, "Station"),
		None,
	)
	act(world["acting"], issue.name, "Resolve", resolution="แก้ไขแล้ว")
	doc = act(chair_of(BKK, "Station"), issue.name, "Reopen")
	assert (doc.workflow_state, doc.resolved_at_rung, doc.resolution) == ("At Station", None, None)
	assert [r.action for r in log_of(issue.name)] == [
		"Raise",
		"Accept",
		"Escalate",
		"Return",
		"Resolve",
		"Reopen",
	]


def test_accept_through_frappes_own_apply_workflow_is_logged(world):
	issue = raise_issue(UPC)
	doc = act(chair_of(UPC, "Station"), issue.name, "Accept", meeting_date=nowdate())
	assert doc.accepted_on and not doc.accept_requested
	assert [r.action for r in log_of(issue.name)] == ["Raise", "Accept"]
	# once per rung: the transition's condition hides it from Frappe's apply_workflow, and the ladder says so
	with refused(WorkflowTransitionError, "Not a valid Workflow Action"):
		act(chair_of(UPC, "Station"), issue.name, "Accept")
	frappe.set_user(chair_of(UPC, "Station"))
	with refused(LadderRefusal, f"Issue {issue.name} was already accepted on this rung"):
		api.act_on_issue(issue.name, "Accept")
	frappe.set_user("Administrator")
	doc = act(chair_of(UPC, "Station"), issue.name, "Escalate", action_reason="เกินอำนาจ")
	assert not doc.accepted_on and not doc.accept_requested
	assert [r.action for r in log_of(issue.name)] == ["Raise", "Accept", "Escalate"]


def test_accept_by_administrator_is_refused(world):
	issue = raise_issue(BKK)
	with refused(frappe.PermissionError, "Only the chair or acting chair of .* can act on issue"):
		api.act_on_issue(issue.name, "Accept")


# ---- forbidden moves ----------------------------------------------------------------------------


def test_chair_of_another_unit_with_the_same_role_is_refused(world):
	issue = raise_issue(BKK)
	other = world["other_chair"]
	assert chair_role("Station") in frappe.get_roles(other)
	# outside his area: the desk endpoint says so, Frappe's own apply_workflow refuses too
	frappe.set_user(other)
	with refused(frappe.PermissionError, f"Issue {issue.name} is not in your area"):
		api.act_on_issue(issue.name, "Resolve", notes={"resolution": "x"})
	with refused(
		frappe.PermissionError, f"You need the 'read' permission on .*Community Issue.* {issue.name}"
	):
		apply_workflow(frappe.get_doc("Community Issue", issue.name), "Resolve")
	# inside his area (he coordinates the division) but not the chair of the issue's committee
	with refused(frappe.PermissionError, r"You chair .*สน\.ปทุมวัน.*only the chair of .*สน\.ลุมพินี"):
		act(world["other_acting"], issue.name, "Resolve", resolution="x")
	frappe.set_user(world["other_acting"])
	with refused(frappe.PermissionError, r"You chair .*สน\.ปทุมวัน.*only the chair of .*สน\.ลุมพินี"):
		api.act_on_issue(issue.name, "Resolve", notes={"resolution": "x"})
	assert frappe.db.get_value("Community Issue", issue.name, "workflow_state") == "At Station"


def test_plain_member_is_refused(world):
	issue = raise_issue(BKK)
	frappe.set_user(world["member"])
	with refused(frappe.PermissionError, "not as its chair or acting chair"):
		api.act_on_issue(issue.name, "Escalate", notes={"action_reason": "x"})
	# the desk's own apply_workflow refuses too: a member's role has no transition
	with refused(WorkflowTransitionError, "Not a valid Workflow Action"):
		apply_workflow(frappe.get_doc("Community Issue", issue.name), "Escalate")


def test_acting_chair_only_within_the_period(world):
	issue = raise_issue(BKK)
	frappe.set_user(world["expired"])
	# his period is over: no role, no scope, no action
	assert chair_role("Station") not in frappe.get_roles(world["expired"])
	with refused(frappe.PermissionError, f"Issue {issue.name} is not in your area"):
		api.act_on_issue(issue.name, "Resolve", notes={"resolution": "x"})
	frappe.set_user(world["acting"])
	assert api.act_on_issue(issue.name, "Resolve", notes={"resolution": "แก้แล้ว"}).workflow_state == "Resolved"


def test_skipping_a_rung_is_refused(world):
	issue = raise_issue(BKK)
	frappe.set_user(chair_of(BKK, "Station"))
	doc = frappe.get_doc("Community Issue", issue.name)
	doc.workflow_state = "At Province"
	doc.action_reason = "ข้ามขั้น"
	with refused(LadderRefusal, "cannot go from At Station to At Province: .*no rung is skipped"):
		doc.save()
	# the ladder fields cannot be forged either: they are kept as the ladder set them
	doc = frappe.get_doc("Community Issue", issue.name)
	doc.current_rung, doc.current_committee = "Bureau", committee_for(BKK, "Bureau")
	doc.save()
	assert frappe.db.get_value("Community Issue", issue.name, "current_rung") == "Station"


def test_resolve_needs_text_and_escalate_needs_reason(world):
	issue = raise_issue(BKK)
	frappe.set_user(chair_of(BKK, "Station"))
	with refused(NoteMissing, "Resolve needs the resolution"):
		apply_workflow(frappe.get_doc("Community Issue", issue.name), "Resolve")
	with refused(NoteMissing, "Escalate needs a reason"):
		api.act_on_issue(issue.name, "Escalate")
	with refused(NoteMissing, "Reject needs a reason"):
		api.act_on_issue(issue.name, "Reject", notes={"action_reason": "   "})
	assert frappe.db.get_value("Community Issue", issue.name, "workflow_state") == "At Station"


def test_closed_and_rejected_issues_cannot_be_acted_on(world):
	issue = raise_issue(BKK)
	act(chair_of(BKK, "Station"), issue.name, "Reject", action_reason="ไม่ใช่ปัญหาของชุมชน")
	frappe.set_user(chair_of(BKK, "Station"))
	with refused(LadderRefusal, f"Issue {issue.name} is Rejected; no further action"):
		api.act_on_issue(issue.name, "Reopen")
	doc = frappe.get_doc("Community Issue", issue.name)
	doc.title = "แก้ชื่อ"
	with refused(LadderRefusal, f"Issue {issue.name} is Rejected; no further action"):
		doc.save()


def test_an_issue_is_raised_at_a_station_that_serves_its_subdistrict(world):
	with refused(
		frappe.ValidationError,
		r"บก\.น\.5 is not a police station \(Division\); an issue is raised at a station",
	):
		raise_issue(BKK, station="บก.น.5")
	with refused(frappe.ValidationError, r"Station สน\.ลุมพินี does not serve sub-district 100703"):
		raise_issue(BKK, subdistrict="100703")


def test_a_move_the_ladder_does_not_have_is_refused(world):
	issue = raise_issue(BKK)
	frappe.set_user(chair_of(BKK, "Station"))
	with refused(LadderRefusal, f"Return is not possible on issue {issue.name} while it is At Station"):
		api.act_on_issue(issue.name, "Return", notes={"action_reason": "ไม่มีขั้นล่าง"})
	assert frappe.db.get_value("Community Issue", issue.name, "workflow_state") == "At Station"


def test_a_chair_without_the_chairs_role_finds_no_transition(world):
	"""Roles follow committees; should a chair's role be taken away by hand, the Workflow has no move for him."""
	issue = raise_issue(BKK)
	chair = chair_of(BKK, "Station")
	frappe.db.delete("Has Role", {"parent": chair, "role": chair_role("Station")})
	frappe.clear_cache(user=chair)
	try:
		with refused(frappe.PermissionError, f"Escalate is not open to you on issue {issue.name}"):
			frappe.get_doc("Community Issue", issue.name).act("Escalate", actor=chair, notes={"reason": "x"})
	finally:
		frappe.db.rollback()
		frappe.clear_cache(user=chair)
	assert chair_role("Station") in frappe.get_roles(chair)


def test_only_the_reporter_answers_for_an_issue(world):
	# (the answer window reads settings.feedback_days, which the Settings DocType does not have yet: the
	# member portal that calls act(kind="reporter") brings it, with its tests)
	reporter = make_user("reporter.lumpini" + D)
	frappe.db.set_value("Network Member", world["bkk_member"], "user", reporter)
	issue = raise_issue(BKK, reporter=world["bkk_member"])
	act(chair_of(BKK, "Station"), issue.name, "Resolve", resolution="ซ่อมไฟแล้ว")
	doc = frappe.get_doc("Community Issue", issue.name)
	with refused(frappe.PermissionError, f"Only the member who raised issue {issue.name} can answer for it"):
		doc.act("Reopen", actor=world["member"], notes={"reason": "x"}, kind="reporter")


def test_reporter_of_another_station_is_refused(world):
	with refused(frappe.ValidationError, r"network member of สภ\.เมืองขอนแก่น, not of สน\.ลุมพินี"):
		raise_issue(BKK, reporter=world["kk_member"])


def test_log_is_immutable(world):
	issue = raise_issue(BKK)
	row = frappe.get_doc("Community Issue Log", log_of(issue.name)[0].name)
	row.reason = "forged"
	with refused(frappe.PermissionError, "The escalation log cannot be changed"):
		row.save()
	with refused(frappe.PermissionError, "The escalation log is written by the ladder only"):
		frappe.get_doc(
			{"doctype": "Community Issue Log", "community_issue": issue.name, "action": "Escalate"}
		).insert(ignore_permissions=True)
	with refused(frappe.PermissionError, "The escalation log cannot be deleted"):
		frappe.delete_doc("Community Issue Log", row.name, ignore_permissions=True)


# ---- unit-scoped access -------------------------------------------------------------------------


def test_scope_in_lists_reports_and_link_search(world):
	bkk, kk = raise_issue(BKK), raise_issue(UPC)
	frappe.set_user(chair_of(BKK, "Station"))
	seen = set(frappe.get_list("Community Issue", pluck="name", limit_page_length=0))
	assert bkk.name in seen and kk.name not in seen
	from frappe.client import get_list

	assert kk.name not in {r.name for r in get_list("Community Issue", limit_page_length=0)}
	assert not frappe.has_permission("Community Issue", "read", kk.name)
	assert not frappe.get_list("Community Issue Log", filters={"community_issue": kk.name})
	from frappe.desk.search import search_link

	found = {r["value"] for r in search_link("Community Issue", kk.name)}
	assert kk.name not in found
	# the district committee sees every station of its district; the province and bureau see theirs
	frappe.set_user(chair_of(UPC, "District"))
	assert kk.name in set(frappe.get_list("Community Issue", pluck="name", limit_page_length=0))
	assert not frappe.has_permission("Community Issue", "read", bkk.name)
	frappe.get_doc(  # and may raise one at a station of the district
		{
			"doctype": "Community Issue",
			"title": "ถนนชำรุด",
			"category": "Traffic and Road Safety",
			"station": UPC["station"],
			"subdistrict": UPC["subdistrict"],
		}
	).insert()
	frappe.set_user(chair_of(BKK, "Bureau"))
	assert frappe.has_permission("Community Issue", "read", bkk.name)
	assert not frappe.has_permission("Community Issue", "read", kk.name)
	frappe.set_user(chair_of(BKK, "National HQ"))
	assert frappe.has_permission("Community Issue", "read", kk.name)
	frappe.set_user(world["coordinator"])
	assert frappe.has_permission("Community Issue", "read", bkk.name)
	assert not frappe.has_permission("Community Issue", "read", kk.name)
	# nor raise one at another unit's station
	with refused(frappe.PermissionError, "You need the 'create' permission on .*Community Issue"):
		frappe.get_doc(
			{
				"doctype": "Community Issue",
				"title": "x",
				"category": "Other",
				"station": UPC["station"],
				"subdistrict": UPC["subdistrict"],
			}
		).insert()
	visible_members = set(frappe.get_list("Network Member", pluck="name", limit_page_length=0))
	assert world["bkk_member"] in visible_members and world["kk_member"] not in visible_members


def test_a_station_moved_to_another_division_takes_its_issues_along(world):
	"""The list conditions read a division's and a bureau's issues and log rows on their own division and
	bureau columns; moving a station in the unit tree rewrites them, so lists follow the tree as forms do."""
	frappe.set_user("Administrator")
	station = make_station("สน.ย้ายสังกัด", "บก.น.5", "1007", ["100704"])
	ensure_committee("Station", station, [(make_user("chair.moved" + D), "Chair", {})])
	issue = raise_issue({**BKK, "station": station})
	modified = frappe.db.get_value("Community Issue", issue.name, "modified")

	def sees(rung, w):
		frappe.set_user(chair_of(w, rung))
		listed = issue.name in frappe.get_list("Community Issue", pluck="name", limit_page_length=0)
		readable = frappe.has_permission("Community Issue", "read", issue.name)
		logged = bool(frappe.get_list("Community Issue Log", filters={"community_issue": issue.name}))
		frappe.set_user("Administrator")
		assert listed == readable == logged, (
			f"{rung} of {w['slug']}: list {listed}, form {readable}, log {logged}"
		)
		return listed

	assert sees("Division", BKK) and sees("Bureau", BKK) and not sees("Division", UPC)
	unit = frappe.get_doc("Police Unit", station)
	unit.parent_police_unit = UPC["rungs"]["Division"][1]
	unit.save()
	try:
		assert frappe.db.get_value("Community Issue", issue.name, ["division", "bureau", "modified"]) == (
			"ภ.จว.ขอนแก่น",
			"ภ.4",
			modified,
		)
		log_chain = frappe.get_all(
			"Community Issue Log", filters={"community_issue": issue.name}, fields=["division", "bureau"]
		)
		assert {(r.division, r.bureau) for r in log_chain} == {("ภ.จว.ขอนแก่น", "ภ.4")}
		assert not sees("Division", BKK) and not sees("Bureau", BKK)
		assert sees("Division", UPC) and sees("Bureau", UPC)
	finally:
		unit.reload()
		unit.parent_police_unit = "บก.น.5"
		unit.save()
	assert frappe.db.get_value("Community Issue", issue.name, ["division", "bureau"]) == ("บก.น.5", "บช.น.")
	assert sees("Division", BKK) and not sees("Division", UPC)


def test_workflow_action_inbox_only_for_the_holding_committee_chair(world):
	issue = raise_issue(BKK)
	act(chair_of(BKK, "Station"), issue.name, "Escalate", action_reason="เกินอำนาจ")
	filters = {"reference_doctype": "Community Issue", "reference_name": issue.name, "status": "Open"}
	frappe.set_user(chair_of(BKK, "District"))
	assert frappe.get_list("Workflow Action", filters=filters)
	frappe.set_user(chair_of(UPC, "District"))  # same role, another district
	assert not frappe.get_list("Workflow Action", filters=filters)


def test_export_is_scoped(world):
	bkk, kk = raise_issue(BKK), raise_issue(UPC)
	frappe.db.commit()
	frappe.set_user(chair_of(UPC, "Station"))
	from frappe.desk.reportview import get_form_params

	frappe.local.form_dict = frappe._dict(
		doctype="Community Issue", fields=json.dumps(["name"]), filters="[]"
	)
	params = get_form_params()
	names = {r[0] for r in frappe.get_list(**{**params, "as_list": True, "limit_page_length": 0})}
	assert kk.name in names and bkk.name not in names


def _rest(calls):
	"""Run `calls(client)` against Frappe's WSGI application in its own thread (own frappe.local, own connection)."""
	from frappe.app import application
	from werkzeug.test import Client

	out = {}

	def run():
		client = Client(application)
		out["result"] = calls(client)

	t = threading.Thread(target=run)
	t.start()
	t.join()
	return out["result"]


def test_rest_reads_across_units_are_denied(world):
	bkk, kk = raise_issue(BKK), raise_issue(UPC)
	frappe.db.commit()
	site = frappe.local.site
	h = {"Host": site}

	def calls(c):
		r = c.post("/api/method/login", data={"usr": chair_of(BKK, "Station"), "pwd": PASSWORD}, headers=h)
		assert r.status_code == 200, r.get_data(as_text=True)
		own = c.get(f"/api/resource/Community Issue/{bkk.name}", headers=h)
		other = c.get(f"/api/resource/Community Issue/{kk.name}", headers=h)
		lst = c.get("/api/resource/Community Issue?limit_page_length=0", headers=h)
		log = c.get(
			f'/api/resource/Community Issue Log?filters=[["community_issue","=","{kk.name}"]]', headers=h
		)
		gl = c.post(
			"/api/method/frappe.client.get_list",
			data={"doctype": "Community Issue", "limit_page_length": 0},
			headers=h,
		)
		report_view = c.post(
			"/api/method/frappe.desk.reportview.get",
			data={
				"doctype": "Community Issue",
				"fields": json.dumps(["`tabCommunity Issue`.`name`"]),
				"page_length": 0,
			},
			headers=h,
		)
		export = c.post(
			"/api/method/frappe.desk.reportview.export_query",
			data={
				"doctype": "Community Issue",
				"fields": json.dumps(["`tabCommunity Issue`.`name`"]),
				"file_format_type": "CSV",
				"filters": "[]",
			},
			headers=h,
		)
		search = c.post(
			"/api/method/frappe.desk.search.search_link",
			data={"doctype": "Community Issue", "txt": kk.name},
			headers=h,
		)
		# the desk's workflow button on the other unit's issue, through the REST method
		move = c.post(
			"/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": json.dumps({"doctype": "Community Issue", "name": kk.name}), "action": "Escalate"},
			headers=h,
		)
		return own, other, lst, log, gl, move, report_view, export, search

	own, other, lst, log, gl, move, report_view, export, search = _rest(calls)
	assert own.status_code == 200
	assert other.status_code == 403
	names = {r["name"] for r in lst.get_json()["data"]}
	assert bkk.name in names and kk.name not in names
	assert log.get_json()["data"] == []
	assert kk.name not in {r["name"] for r in gl.get_json()["message"]}
	assert move.status_code == 403
	view = report_view.get_json()["message"]
	view_names = {row[0] for row in view.get("values", [])} if view else set()
	assert bkk.name in view_names and kk.name not in view_names
	assert export.status_code == 200 and bkk.name in export.get_data(as_text=True)
	assert kk.name not in export.get_data(as_text=True)
	assert search.status_code == 200 and kk.name not in search.get_data(as_text=True)


def test_rest_escalate_through_the_desk_endpoint(world):
	issue = raise_issue(BKK)
	frappe.db.commit()
	h = {"Host": frappe.local.site}
	modified = str(issue.modified)

	def calls(c):
		c.post("/api/method/login", data={"usr": chair_of(BKK, "Station"), "pwd": PASSWORD}, headers=h)
		doc = {
			"doctype": "Community Issue",
			"name": issue.name,
			"modified": modified,
			"action_reason": "เกินอำนาจ",
		}
		first = c.post(
			"/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": json.dumps(doc), "action": "Escalate"},
			headers=h,
		)
		again = c.post(
			"/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": json.dumps(doc), "action": "Escalate"},
			headers=h,
		)
		return first, again

	first, again = _rest(calls)
	assert first.status_code == 200, first.get_data(as_text=True)
	assert first.get_json()["message"]["workflow_state"] == "At District"
	assert again.status_code == 409 and "changed by someone else" in again.get_data(as_text=True)


# ---- concurrency ----------------------------------------------------------------------------------


def _race(issue_name, moves, via_api=True):
	"""Each (user, action, notes) acts in its own thread with its own connection, all released at once."""
	site, sites_path = frappe.local.site, frappe.local.sites_path
	barrier = threading.Barrier(len(moves))
	outcomes = [None] * len(moves)

	def run(i, user, action, notes):
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		try:
			frappe.set_user(user)
			doc = frappe.get_doc("Community Issue", issue_name)  # what the user has on screen
			barrier.wait()
			try:
				if via_api:
					api.act_on_issue(issue_name, action, expected_modified=str(doc.modified), notes=notes)
				else:
					apply_workflow(doc, action)
				frappe.db.commit()
				outcomes[i] = "ok"
			except Exception as e:
				frappe.db.rollback()
				outcomes[i] = e
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=run, args=(i, *m)) for i, m in enumerate(moves)]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	return outcomes


@pytest.mark.parametrize("via_api", [True, False], ids=["desk-endpoint", "core-apply-workflow"])
def test_two_chairs_at_once_exactly_one_transition(world, via_api):
	issue = raise_issue(BKK)
	if not via_api:  # Frappe's apply_workflow reads the notes from the saved issue
		frappe.db.set_value(
			"Community Issue", issue.name, {"action_reason": "เกินอำนาจ", "resolution": "แก้ไขได้"}
		)
	frappe.db.commit()
	outcomes = _race(
		issue.name,
		[
			(chair_of(BKK, "Station"), "Escalate", {"action_reason": "เกินอำนาจ"}),
			(world["acting"], "Resolve", {"resolution": "แก้ไขได้ในระดับสถานี"}),
		],
		via_api=via_api,
	)
	assert outcomes.count("ok") == 1, outcomes
	loser = next(o for o in outcomes if o != "ok")
	if via_api:
		assert isinstance(loser, LadderConflictError), loser
		assert "changed by someone else" in str(loser)
	else:
		assert isinstance(loser, frappe.TimestampMismatchError | LadderConflictError), repr(loser)
	frappe.db.rollback()
	log = log_of(issue.name)
	assert [r.sequence for r in log] == [1, 2]
	assert log[1].action in ("Escalate", "Resolve")
	state = frappe.db.get_value("Community Issue", issue.name, "workflow_state")
	assert state == ("At District" if log[1].action == "Escalate" else "Resolved")


# ---- SLA ------------------------------------------------------------------------------------------


def test_overdue_job_marks_notifies_and_escalates(world):
	from stronger_together.ladder import tasks

	issue = raise_issue(BKK)
	past = get_datetime(issue.rung_since) - timedelta(days=40)
	frappe.db.set_value(
		"Community Issue",
		issue.name,
		{"rung_since": past, "rung_due_date": add_days(past.date(), 15)},
		update_modified=False,
	)
	settings = frappe.get_single("Stronger Together Settings")
	settings.auto_escalate_overdue = 1
	settings.save()
	try:
		result = tasks.mark_overdue_issues()
		# what the daily job then queues on the long queue, one chunk per job
		result["escalated"] = tasks.auto_escalate_chunk(result["marked"])
	finally:
		settings.reload()
		settings.auto_escalate_overdue = 0
		settings.save()
		frappe.db.commit()
	assert issue.name in result["marked"] and issue.name in result["escalated"]
	assert frappe.db.exists(
		"Notification Log", {"for_user": chair_of(BKK, "Station"), "document_name": issue.name}
	)
	doc = frappe.get_doc("Community Issue", issue.name)
	assert (doc.workflow_state, doc.is_overdue) == ("At District", 0)
	last = log_of(issue.name)[-1]
	assert last.action == "Escalate" and "automatically" in last.reason and last.days_on_rung >= 40
