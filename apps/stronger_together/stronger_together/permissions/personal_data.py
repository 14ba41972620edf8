"""Members' personal data: who may read it, and the doors through which it could be guessed.

A member's national ID and mobile phone are permlevel-1 fields. Only Stronger Together Admin, System
Manager and Coordinator Officer (who register members: read and write) and Station Committee Chair (who
contacts them: read) have permlevel 1. Frappe strips those fields from what everyone else receives (forms,
REST, lists, reports, exports), but it still lets them filter, sort and group on them, which would confirm
an ID digit by digit. `query_asks_for_hidden_fields` reads the request's query the way Frappe does (JSON
decoded, filters in every shape Frappe accepts) and answers whether it touches such a field; the list
conditions then return nothing. A filter VALUE that merely contains "mobile" is not a field.
"""

import json
import re

import frappe

PERSONAL = {"Network Member": ("national_id", "mobile")}
PERSONAL_FIELDS = frozenset(f for fields in PERSONAL.values() for f in fields)
MASK = "***"

# Request parameters of Frappe's read endpoints that name fields: filters in Frappe's shapes ...
FILTER_PARAMS = ("filters", "or_filters", "current_filters", "_filters")
# ... and field lists or SQL fragments (order by, group by, a field to count or search on)
FIELD_PARAMS = (
	"fields",
	"fieldname",
	"field",
	"order_by",
	"group_by",
	"sort_by",
	"searchfield",
	"stats",
	"aggregate_on",
	"group_by_field",
	"columns",
	"pluck",
	"search_fields",
)
_IDENTIFIER = re.compile(r"[A-Za-z0-9_$]+")
OPERATORS = frozenset(
	{
		"=", "!=", ">", "<", ">=", "<=", "like", "not like", "in", "not in", "is", "between", "timespan",
		"descendants of", "not descendants of", "ancestors of", "not ancestors of",
		"descendants of (inclusive)", "^", "fieldsof",
	}
)  # fmt: skip


def can_read(user: str | None = None, doctype: str = "Network Member") -> bool:
	"""May the user read the personal data (permlevel 1) of `doctype`?"""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return 1 in frappe.get_meta(doctype).get_permlevel_access("read", user=user)


def _decoded(value, depth: int = 0):
	"""A parameter as Frappe will use it: JSON text decoded (repeatedly, for text that holds JSON)."""
	while isinstance(value, str | bytes) and depth < 4:
		text = value.decode() if isinstance(value, bytes) else value
		stripped = text.strip()
		if not stripped or stripped[0] not in '[{"':
			return text
		try:
			value = json.loads(stripped)
		except ValueError:
			return text
		depth += 1
	return value


def identifiers(text) -> set[str]:
	"""Every name-like token of a field list or an SQL fragment ("`tabNetwork Member`.mobile desc")."""
	if isinstance(text, list | tuple | set):
		out = set()
		for item in text:
			out |= identifiers(_decoded(item))
		return out
	if isinstance(text, dict):
		return identifiers(list(text.keys())) | identifiers(list(text.values()))
	return {t.lower() for t in _IDENTIFIER.findall(str(text or ""))}


def filter_fields(filters) -> set[str]:
	"""The field names a filter argument filters on, in every shape Frappe accepts (never the values):
	{"field": value}, [["DocType", "field", "op", value]], [["field", "op", value]], ["field", "op", value],
	and a row given as an SQL condition string (every name in it counts)."""
	filters = _decoded(filters)
	if isinstance(filters, dict):
		return {str(k).lower() for k in filters}
	if isinstance(filters, str):
		return identifiers(filters)
	if not isinstance(filters, list | tuple):
		return set()
	if _is_row(filters):
		return identifiers(filters[1] if len(filters) >= 4 else filters[0])  # one row, not in a list
	out = set()
	for row in filters:
		row = _decoded(row)
		if isinstance(row, dict | str):
			out |= filter_fields(row)
		elif isinstance(row, list | tuple) and row:
			out |= identifiers(row[1] if len(row) >= 4 else row[0])
	return out


def _is_row(items) -> bool:
	"""["field", "op", value] or ["DocType", "field", "op", value(, ...)]: a filter row, not a list of rows."""
	if not items or any(isinstance(x, list | tuple | dict) for x in items[:2]):
		return False
	op = items[1] if len(items) == 3 else items[2] if len(items) in (4, 5) else None
	return isinstance(op, str) and op.strip().lower() in OPERATORS


def asked_fields(form: dict) -> set[str]:
	asked = set()
	for key in FILTER_PARAMS:
		if form.get(key) not in (None, ""):
			asked |= filter_fields(form.get(key))
	for key in FIELD_PARAMS:
		if form.get(key) not in (None, ""):
			asked |= identifiers(_decoded(form.get(key)))
	args = _decoded(form.get("args")) if form.get("args") else None
	if isinstance(args, dict):
		asked |= asked_fields(args)
	return asked


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
