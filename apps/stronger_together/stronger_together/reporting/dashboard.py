"""Workspace number cards that Frappe cannot count by itself (unit-scoped like everything else)."""

import frappe

from stronger_together import settings
from stronger_together.people.rules import TRAINED_STATUSES, coverage
from stronger_together.permissions.conditions import unit_condition
from stronger_together.permissions.scope import get_scope


def stations_in_scope() -> int:
	"""How many active stations the session user's scope covers (the permissions package's own condition)."""
	condition = unit_condition(get_scope(), "`tabPolice Unit`.name") or "1=1"
	return frappe.db.sql(
		f"""select count(*) from `tabPolice Unit`
		where unit_type = 'Station' and disabled = 0 and {condition}"""
	)[0][0]


def training_coverage() -> float:
	"""Trained (or active) network members against the quota of the stations the user covers, in percent."""
	trained = frappe.get_list(
		"Network Member", filters={"status": ("in", TRAINED_STATUSES)}, fields=["count(name) as n"]
	)[0].n
	return coverage(trained, stations_in_scope() * settings.quota()[0])
