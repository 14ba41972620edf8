"""Workspace number cards that Frappe cannot count by itself (unit-scoped like everything else)."""

import frappe
from frappe import _

from stronger_together.permissions import scope as permissions
from stronger_together.reporting.monthly import members_per_station
from stronger_together.reporting.rollup import coverage


def stations_in_scope() -> int:
	"""How many active stations the session user's scope covers (the permissions module's own condition)."""
	condition = permissions.unit_condition(permissions.get_scope(), "`tabPolice Unit`.name") or "1=1"
	return frappe.db.sql(
		f"""select count(*) from `tabPolice Unit`
		where unit_type = 'Station' and disabled = 0 and {condition}"""
	)[0][0]


@frappe.whitelist()
def training_coverage(filters: str | dict | None = None) -> dict:
	"""Trained (or active) network members against the quota of the stations the user covers, in percent."""
	frappe.has_permission("Network Member", "read", throw=True)
	trained = frappe.get_list(
		"Network Member", filters={"status": ("in", ["Trained", "Active"])}, fields=["count(name) as n"]
	)[0].n
	quota = stations_in_scope() * members_per_station()
	return {
		"value": coverage(trained, quota),
		"fieldtype": "Percent",
		"route": ["query-report", "Monthly Roll-up"],
	}
