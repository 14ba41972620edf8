"""Create or update the ladder's Workflow record from the JSON in the module's workflow/ folder."""

import json
import os

import frappe

from stronger_together.ladder import transitions as T

WORKFLOW_FILE = os.path.join(
	os.path.dirname(os.path.dirname(__file__)),
	"stronger_together",
	"workflow",
	"community_issue_ladder",
	"community_issue_ladder.json",
)


def load_definition() -> dict:
	with open(WORKFLOW_FILE, encoding="utf-8") as f:
		return json.load(f)


def _signature(rows, keys) -> list[tuple]:
	return [tuple(str(r.get(k) or "") for k in keys) for r in rows]


STATE_KEYS = ("state", "doc_status", "allow_edit", "update_field", "update_value")
TRANSITION_KEYS = ("state", "action", "next_state", "allowed", "allow_self_approval", "condition")


def sync_workflow():
	"""Idempotent: masters first (states, actions), then the Workflow; saved only when it differs."""
	definition = load_definition()
	for state in definition["states"]:
		if not frappe.db.exists("Workflow State", state["state"]):
			frappe.get_doc(
				{
					"doctype": "Workflow State",
					"workflow_state_name": state["state"],
					"style": T.STATE_STYLE.get(state["state"], ""),
				}
			).insert(ignore_permissions=True)
	for action in {t["action"] for t in definition["transitions"]}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	name = definition["name"]
	if frappe.db.exists("Workflow", name):
		wf = frappe.get_doc("Workflow", name)
		same = (
			_signature(wf.states, STATE_KEYS) == _signature(definition["states"], STATE_KEYS)
			and _signature(wf.transitions, TRANSITION_KEYS)
			== _signature(definition["transitions"], TRANSITION_KEYS)
			and wf.is_active
			and wf.document_type == definition["document_type"]
		)
		if same:
			return
	else:
		wf = frappe.new_doc("Workflow")
		wf.workflow_name = name
	for key in ("document_type", "workflow_state_field", "is_active", "override_status", "send_email_alert"):
		wf.set(key, definition[key])
	wf.set("states", definition["states"])
	wf.set("transitions", definition["transitions"])
	wf.flags.ignore_permissions = True
	wf.save()
