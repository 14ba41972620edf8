"""Modules moved into domain packages (ladder/, people/, reporting/, permissions/, api/): records that name a
method by its path follow. Scheduled Job Types are re-synced from hooks.py by migrate itself."""

import frappe

MOVED = {
	"stronger_together.dashboard.training_coverage": "stronger_together.api.reporting.training_coverage",
}


def execute():
	for old, new in MOVED.items():
		frappe.db.set_value("Number Card", {"method": old}, "method", new, update_modified=False)
	for method in ("stronger_together.tasks.daily", "stronger_together.monthly_reports.draft_previous_month"):
		frappe.db.delete("Scheduled Job Type", {"method": method})
