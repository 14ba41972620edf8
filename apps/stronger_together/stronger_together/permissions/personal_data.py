"""Members' personal data: who may read it, and the doors through which it could be guessed.

A member's national ID and mobile phone are permlevel-1 fields. Only Stronger Together Admin, System
Manager and Coordinator Officer (who register members: read and write) and Station Committee Chair (who
contacts them: read) have permlevel 1. Frappe strips those fields from what everyone else receives (forms,
REST, lists, reports, exports), but it still lets them filter, sort and group on them, which would confirm
an ID digit by digit. `query_asks_for_hidden_fields` reads the request's query with the pure parser
`permissions/query_fields.py` (JSON decoded, filters in every shape Frappe accepts) and answers whether it
touches such a field; the list conditions then return nothing. A filter VALUE that merely contains "mobile"
is not a field.
"""

import frappe

from stronger_together.permissions.query_fields import asked_fields

PERSONAL = {"Network Member": ("national_id", "mobile")}
PERSONAL_FIELDS = frozenset(f for fields in PERSONAL.values() for f in fields)
MASK = "***"


def can_read(user: str | None = None, doctype: str = "Network Member") -> bool:
	"""May the user read the personal data (permlevel 1) of `doctype`?"""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return 1 in frappe.get_meta(doctype).get_permlevel_access("read", user=user)


def query_asks_for_hidden_fields(user: str | None = None) -> bool:
	"""Does the current request filter, sort, group or select on personal data the user may not read?"""
	form = getattr(frappe.local, "form_dict", None)
	if not form or can_read(user):
		return False
	return bool(asked_fields(form) & PERSONAL_FIELDS)


def mask_in_version(doc, method=None) -> None:
	"""doc_event Version.before_insert: the form timeline shows a Version's old and new values to anyone
	who can read the record, so personal data stays out of it (the change itself stays recorded)."""
	fields = PERSONAL.get(doc.ref_doctype)
	if not fields or not doc.data:
		return
	data = frappe.parse_json(doc.data)
	for change in data.get("changed") or []:
		if change and change[0] in fields:
			change[1:] = [MASK if value else value for value in change[1:]]
	doc.data = frappe.as_json(data)
