"""Workspace number cards that Frappe cannot count by itself (unit-scoped like everything else)."""

import frappe
from frappe import _

from stronger_together import permissions
from stronger_together.monthly_reports import members_per_station
from stronger_together.rollup import coverage


def stations_in_scope() -> int:
	"""How many active stations the session user's scope covers."""
	scope = permissions.get_scope()
	station = {"unit_type": "Station", "disabled": 0}
	if scope.all:
		return frappe.db.count("Police Unit", station)
	names: set[str] = set()
	for lft, rgt in scope.units:
		names.update(
			frappe.get_all(
				"Police Unit", filters={**station, "lft": (">=", lft), "rgt": ("<=", rgt)}, pluck="name"
			)
		)
	if scope.provinces:
		names.update(
			frappe.get_all(
				"Police Unit", filters={**station, "province": ("in", list(scope.provinces))}, pluck="name"
			)
		)
	if scope.districts:
		names.update(
			frappe.get_all(
				"Police Unit Jurisdiction",
				filters={"parenttype": "Police Unit", "district": ("in", list(scope.districts))},
				pluck="parent",
			)
		)
	return len(names)


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
