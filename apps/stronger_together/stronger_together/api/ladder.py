"""Whitelisted endpoints of the ladder.

`apply_workflow` replaces frappe.model.workflow.apply_workflow (hooks: override_whitelisted_methods), so the
desk's workflow buttons and REST clients reach the ladder's one authority, `CommunityIssue.act`, with the
notes they send. The endpoint only locks the issue's row, refuses a stale copy, and calls it. Every other
DocType goes straight to Frappe's own apply_workflow.

A move writes the issue, its log and Frappe's Workflow Action bookkeeping in one transaction; under load two
moves of different issues can deadlock in that bookkeeping (InnoDB's gap locks on `tabWorkflow Action`)
and MariaDB rolls one of them back entirely. The request is that transaction, so the endpoint rolls back and
runs the whole move again (a fresh locking read and the same checks), up to DEADLOCK_ATTEMPTS times; the
chair never sees the deadlock, and a move applied is logged once.
"""

import logging
import random
import time

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow as frappe_apply_workflow
from frappe.utils import get_datetime

from stronger_together.ladder import service
from stronger_together.ladder.transitions import Notes

DEADLOCK_ATTEMPTS = 5


@frappe.whitelist(methods=["POST"])
def apply_workflow(doc: str | dict, action: str):
	data = frappe.parse_json(doc)
	if not isinstance(data, dict) or data.get("doctype") != "Community Issue":
		return frappe_apply_workflow(doc, action)
	name = str(data.get("name") or "")
	messages = len(frappe.local.message_log)
	for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
		try:
			return act_on_issue(name, action, data.get("modified"), data)
		except frappe.QueryDeadlockError:
			frappe.db.rollback()  # MariaDB rolled the transaction back already; this resets Frappe's hooks
			del frappe.local.message_log[messages:]
			log = frappe.logger("stronger_together.ladder")
			log.setLevel(logging.WARNING)  # Frappe's loggers keep only errors outside the development server
			log.warning(
				"%s of %s met a deadlock (attempt %s of %s)", action, name, attempt, DEADLOCK_ATTEMPTS
			)
			if attempt == DEADLOCK_ATTEMPTS:
				service.raise_busy(name, action)
			time.sleep(random.uniform(0.02, 0.1) * attempt)


def act_on_issue(name: str, action: str, expected_modified: str | None = None, notes: dict | None = None):
	"""Apply `action` to issue `name` as the session user; of two simultaneous acts exactly one wins."""
	if not frappe.db.exists("Community Issue", name):
		frappe.throw(_("Community Issue {0} not found").format(name), frappe.DoesNotExistError)
	issue = frappe.get_doc("Community Issue", name, for_update=True)
	if not issue.has_permission("read"):
		frappe.throw(
			_(
				"Issue {0} is not in your area (your committees and unit); only the chair of the committee that holds it can act on it."
			).format(name),
			frappe.PermissionError,
			title=_("Not Your Area"),
		)
	if expected_modified and _as_datetime(expected_modified) != issue.modified:
		service.raise_conflict(name, action)
	return issue.act(action, notes=Notes.of(notes))


def _as_datetime(value):
	try:
		return get_datetime(value)
	except Exception:
		frappe.throw(
			_("{0} is not a valid date and time.").format(frappe.bold(value)), frappe.ValidationError
		)
