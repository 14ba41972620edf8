"""Whitelisted endpoints of the ladder.

`apply_workflow` replaces frappe.model.workflow.apply_workflow (hooks: override_whitelisted_methods),
so the desk's workflow buttons and REST clients go through it. For a Community Issue it locks the
issue row (SELECT ... FOR UPDATE), refuses a stale copy with a clear conflict error, explains every
refusal, takes the acting chair's notes from the request, then runs the real Workflow's transition.
Every other DocType goes straight to Frappe's own apply_workflow.
"""

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow as frappe_apply_workflow
from frappe.model.workflow import get_transitions
from frappe.utils import get_datetime

from stronger_together.ladder import service as escalation
from stronger_together.ladder.service import LadderConflictError

# Notes a client may send along with the action (the desk sends the whole form)
REQUEST_NOTES = ("action_reason", "meeting_date", "resolution_reference", "resolution")


@frappe.whitelist(methods=["POST"])
def apply_workflow(doc: str | dict, action: str):
	data = frappe.parse_json(doc)
	if not isinstance(data, dict) or data.get("doctype") != "Community Issue":
		return frappe_apply_workflow(doc, action)
	return act_on_issue(data.get("name"), action, expected_modified=data.get("modified"), notes=data)


def act_on_issue(name: str, action: str, expected_modified: str | None = None, notes: dict | None = None):
	"""Apply `action` to issue `name` as the session user; exactly one of two simultaneous acts wins."""
	locked = frappe.db.sql(
		"select name, modified, workflow_state from `tabCommunity Issue` where name = %s for update",
		name,
		as_dict=True,
	)
	if not locked:
		frappe.throw(_("Community Issue {0} not found").format(name), frappe.DoesNotExistError)
	locked = locked[0]
	if expected_modified and get_datetime(expected_modified) != locked.modified:
		raise_conflict(name, locked, action)

	doc = frappe.get_doc("Community Issue", name)
	if not doc.has_permission("read"):
		frappe.throw(
			_(
				"Issue {0} is not in your area (your committees and unit); only the chair of the committee that holds it can act on it."
			).format(name),
			frappe.PermissionError,
			title=_("Not Your Area"),
		)
	if doc.modified != locked.modified:
		# our snapshot predates a move another session committed while we waited for the lock
		raise_conflict(name, locked, action)

	escalation.assert_move_allowed(doc, action)
	escalation.assert_can_act(doc, frappe.session.user)
	for field in REQUEST_NOTES:
		if notes and notes.get(field) not in (None, ""):
			doc.set(field, notes.get(field))
	escalation.assert_notes(doc, action)

	# the same steps as frappe.model.workflow.apply_workflow, on the notes just taken
	transition = next((t for t in get_transitions(doc) if t.action == action), None)
	if not transition:
		frappe.throw(
			_("{0} is not open to you on issue {1} (roles: the {2} rung needs its chair's role).").format(
				_(action), name, _(doc.current_rung)
			),
			frappe.PermissionError,
		)
	doc.flags.ladder_action = action
	doc.workflow_state = transition.next_state
	try:
		doc.save()
	except frappe.TimestampMismatchError:
		raise_conflict(name, locked, action)
	doc.add_comment("Workflow", _(transition.next_state))
	return doc


def raise_conflict(name: str, locked, action: str):
	state = (
		frappe.db.get_value("Community Issue", name, "workflow_state", for_update=True)
		or locked.workflow_state
	)
	frappe.throw(
		_(
			"Issue {0} was changed by someone else while you were acting (it is now {1}); your {2} was not applied. Reload the issue and decide again."
		).format(name, _(state), _(action)),
		LadderConflictError,
		title=_("Conflict"),
	)
