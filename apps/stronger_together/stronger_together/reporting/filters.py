"""Shared pieces of the programme's reports.

Every report reads Community Issues through `frappe.get_list`, so the unit scoping of the
permissions module (permission_query_conditions) applies to it as it does to list views.
"""

import frappe
from frappe import _

from stronger_together.utils.thai import format_be_date

# The Community Issue field that holds a unit of each type
UNIT_FIELD: dict[str, str] = {"Station": "station", "Division": "division", "Bureau": "bureau"}

GROUP_LEVELS: dict[str, str] = {
	"Station": "station",
	"Division": "division",
	"Bureau": "bureau",
	"Province": "province",
	"District": "district",
}


def unit_filters(unit: str | None) -> list:
	"""Filters on Community Issue that keep the issues of `unit` and the units below it."""
	if not unit:
		return []
	unit_type = frappe.db.get_value("Police Unit", unit, "unit_type")
	if not unit_type:
		frappe.throw(_("Police Unit {0} not found.").format(unit))
	if unit_type == "National HQ":
		return []
	return [["Community Issue", UNIT_FIELD[unit_type], "=", unit]]


def log_unit_filters(unit: str | None) -> list:
	"""The same on Community Issue Log, whose rows carry their issue's station, division and bureau."""
	return [["Community Issue Log", *f[1:]] for f in unit_filters(unit)]


def date_filters(filters: dict, fieldname: str = "raised_on", doctype: str = "Community Issue") -> list:
	out = []
	if filters.get("from_date"):
		out.append([doctype, fieldname, ">=", filters["from_date"]])
	if filters.get("to_date"):
		out.append([doctype, fieldname, "<=", filters["to_date"]])
	return out


def be(value) -> str:
	"""A date as people read it: Buddhist Era, dd/mm/yyyy."""
	return format_be_date(value) if value else ""
