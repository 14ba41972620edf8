"""Scheduled jobs of the ladder."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from stronger_together.ladder import committees, sla
from stronger_together.ladder import service as escalation
from stronger_together.ladder import transitions as T
from stronger_together.ladder.rungs import next_rung


def daily():
	mark_overdue_issues()
	committees.sync_roles_for_changed_periods()


def mark_overdue_issues() -> dict:
	"""Mark issues past their rung's due date, notify the chair; escalate them if the settings say so."""
	today = getdate(nowdate())
	rung_states = list(T.STATE_RUNG)
	newly = frappe.get_all(
		"Community Issue",
		filters={"workflow_state": ("in", rung_states), "rung_due_date": ("<", today), "is_overdue": 0},
		pluck="name",
	)
	for name in newly:
		frappe.db.set_value("Community Issue", name, "is_overdue", 1, update_modified=False)
		issue = frappe.get_doc("Community Issue", name)
		escalation.notify_overdue(issue, sla.days_overdue(getdate(issue.rung_due_date), today))
	escalated = []
	if frappe.db.get_single_value("Stronger Together Settings", "auto_escalate_overdue"):
		overdue = frappe.get_all(
			"Community Issue",
			filters={
				"workflow_state": ("in", [T.RUNG_STATE[r] for r in T.RUNG_STATE if next_rung(r)]),
				"is_overdue": 1,
			},
			pluck="name",
		)
		for name in overdue:
			try:
				auto_escalate(name, today)
				escalated.append(name)
				frappe.db.commit()
			except Exception:
				frappe.db.rollback()
				frappe.log_error(title=f"Automatic escalation of {name} failed")
	frappe.db.commit()
	return {"marked": newly, "escalated": escalated}


def auto_escalate(name: str, today) -> None:
	issue = frappe.get_doc("Community Issue", name, for_update=True)
	days_over = sla.days_overdue(getdate(issue.rung_due_date), today)
	issue.action_reason = _(
		"Escalated automatically by the system: {0} days past the {1} rung's due date {2}."
	).format(days_over, _(issue.current_rung), issue.rung_due_date)
	issue.workflow_state = T.target_state(issue.workflow_state, T.ESCALATE, issue.current_rung)
	issue.flags.ladder_system = True
	issue.flags.ladder_action = T.ESCALATE
	issue.flags.ignore_permissions = True
	issue.save()
