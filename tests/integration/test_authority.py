"""Tier 2: the ladder's one authority keeps Frappe's Workflow whole.

Every path that moves an issue goes through `CommunityIssue.act` (or, for Frappe's own apply_workflow, through
the same checks in `validate`), and what a Workflow can say still holds: a transition that forbids
self-approval refuses the chair who raised the issue, a state's update_field is applied, Workflow Actions
are kept for the next chairs, and the notes of one move never carry over to the next.
"""

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from stronger_together.ladder.service import LadderRefusal, NoteMissing

from .fuzz.world import A1, build

WORKFLOW = "Community Issue Ladder"


@pytest.fixture(scope="module")
def chairs():
	build()
	station_chair = "fz.station.chair@fuzz.test"
	district_chair = "fz.district.chair@fuzz.test"
	return station_chair, district_chair


def _raise(owner: str) -> str:
	frappe.set_user(owner)
	subdistrict = frappe.db.get_value("Subdistrict", {"district": "9001"}, "name", order_by="name")
	doc = frappe.get_doc(
		{
			"doctype": "Community Issue",
			"title": "ไฟฟ้าดับบ่อย",
			"category": "Other",
			"station": A1,
			"subdistrict": subdistrict,
		}
	).insert()
	return doc.name


def _set_transition(state: str, action: str, **values):
	wf = frappe.get_doc("Workflow", WORKFLOW)
	for t in wf.transitions:
		if t.state == state and t.action == action:
			t.update(values)
	wf.save(ignore_permissions=True)


def test_self_approval_rule_is_frappes(chairs):
	station_chair, _ = chairs
	frappe.set_user("Administrator")
	_set_transition("At Station", "Escalate", allow_self_approval=0)
	try:
		mine = _raise(station_chair)
		issue = frappe.get_doc("Community Issue", mine)
		with pytest.raises(frappe.PermissionError, match="Self approval is not allowed"):
			issue.act("Escalate", notes={"reason": "เกินขีดความสามารถ"})
		frappe.set_user("Administrator")
		theirs = _raise("Administrator")
		frappe.set_user(station_chair)
		frappe.get_doc("Community Issue", theirs).act("Escalate", notes={"reason": "เกินขีดความสามารถ"})
		assert frappe.db.get_value("Community Issue", theirs, "workflow_state") == "At District"
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		_set_transition("At Station", "Escalate", allow_self_approval=1)
		frappe.db.commit()


def test_a_states_update_field_and_workflow_actions_follow_a_move(chairs):
	station_chair, district_chair = chairs
	frappe.set_user("Administrator")
	wf = frappe.get_doc("Workflow", WORKFLOW)
	resolved = next(s for s in wf.states if s.state == "Resolved")
	resolved.update_field, resolved.update_value = "priority", "Low"
	wf.save(ignore_permissions=True)
	try:
		name = _raise("Administrator")
		frappe.set_user(station_chair)
		frappe.get_doc("Community Issue", name).act("Escalate", notes={"reason": "ต้องการงบประมาณ"})
		# Frappe's own bookkeeping: a Workflow Action for the district committee's chair role
		assert frappe.db.exists(
			"Workflow Action",
			{"reference_name": name, "reference_doctype": "Community Issue", "status": "Open"},
		)
		frappe.set_user(district_chair)
		doc = frappe.get_doc("Community Issue", name).act("Resolve", notes={"resolution": "ซ่อมแล้ว"})
		assert (doc.workflow_state, doc.priority) == ("Resolved", "Low")
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		wf = frappe.get_doc("Workflow", WORKFLOW)
		resolved = next(s for s in wf.states if s.state == "Resolved")
		resolved.update_field = resolved.update_value = None
		wf.save(ignore_permissions=True)
		frappe.db.commit()


def test_a_resolution_typed_on_one_rung_is_not_taken_by_the_next(chairs):
	station_chair, district_chair = chairs
	name = _raise("Administrator")
	frappe.set_user(station_chair)
	issue = frappe.get_doc("Community Issue", name)
	issue.resolution = "ร่างมติของสถานีที่ยังไม่ได้ใช้"
	issue.action_reason = "ต้องการงบประมาณ"
	issue.save()
	frappe.get_doc("Community Issue", name).act("Escalate", notes={"reason": issue.action_reason})
	moved = frappe.get_doc("Community Issue", name)
	assert not moved.resolution and not moved.action_reason
	frappe.set_user(district_chair)
	# the district's Resolve through Frappe's own apply_workflow reads the notes from the saved issue: none
	with pytest.raises(NoteMissing, match="Resolve needs the resolution"):
		apply_workflow(frappe.get_doc("Community Issue", name), "Resolve")


def test_no_state_written_around_the_ladder(chairs):
	station_chair, _ = chairs
	name = _raise("Administrator")
	frappe.set_user(station_chair)
	issue = frappe.get_doc("Community Issue", name)
	issue.workflow_state = "At Province"  # two rungs up, as a REST body could ask
	with pytest.raises(LadderRefusal, match="no rung is skipped"):
		issue.save()
	issue = frappe.get_doc("Community Issue", name)
	issue.current_rung, issue.current_committee = "Bureau", None  # ladder fields a form might send back
	issue.title = "ไฟฟ้าดับทั้งซอย"
	issue.save()
	saved = frappe.get_doc("Community Issue", name)
	assert (saved.title, saved.current_rung, saved.workflow_state) == ("ไฟฟ้าดับทั้งซอย", "Station", "At Station")
