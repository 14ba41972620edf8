"""Which fields a read request's query names (pure: no database, no Frappe).

Frappe's read endpoints (/api/resource, frappe.client.get_list / get_count, frappe.desk.reportview.get /
get_count, the list view's group-by counts, the sidebar stats) take filters and field lists in many shapes.
`asked_fields(form)` reads a request's parameters the way Frappe does (JSON text decoded, filters in every
shape Frappe accepts) and returns the lower-cased field names it filters, sorts, groups or selects on.
Filter VALUES are never names: `{"first_name": ["like", "%mobile%"]}` asks for first_name only.

An SQL fragment (order by, group by, a field expression, a filter row given as an SQL condition) counts
every name-like token in it, quoted or not: a false alarm costs an empty list, a miss would leak.

`permissions/personal_data.py` compares the answer with the personal fields a user may not read.
"""

import json
import re

# Request parameters of Frappe's read endpoints that hold filters in Frappe's shapes ...
FILTER_PARAMS = ("filters", "or_filters", "current_filters", "_filters", "applied_filters")
# ... and those that hold field lists or SQL fragments (order by, group by, a field to count or search on)
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
	"aggregate_on_field",
	"group_by_field",
	"columns",
	"pluck",
	"search_fields",
)
# A parameter that carries a whole request of its own (a report's or a dashboard's arguments)
NESTED_PARAMS = ("args",)

_IDENTIFIER = re.compile(r"[A-Za-z0-9_$]+")
OPERATORS = frozenset(
	{
		"=", "!=", ">", "<", ">=", "<=", "like", "not like", "in", "not in", "is", "between", "timespan",
		"descendants of", "not descendants of", "ancestors of", "not ancestors of",
		"descendants of (inclusive)", "^", "fieldsof",
	}
)  # fmt: skip
# JSON text holding JSON text is decoded this many times at most; deeper text is read as an SQL fragment
MAX_JSON_DEPTH = 4


def decoded(value, depth: int = 0):
	"""A parameter as Frappe will use it: JSON text decoded (repeatedly, for text that holds JSON)."""
	while isinstance(value, str | bytes) and depth < MAX_JSON_DEPTH:
		text = value.decode(errors="replace") if isinstance(value, bytes) else value
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
	"""Every name-like token of a field list or an SQL fragment, lower-cased ("`tabNetwork Member`.mobile desc"
	gives tabnetwork, member, mobile, desc). Lists and dicts are read item by item (a dict: keys and values)."""
	if isinstance(text, list | tuple | set):
		out = set()
		for item in text:
			out |= identifiers(decoded(item))
		return out
	if isinstance(text, dict):
		return identifiers(list(text.keys())) | identifiers(list(text.values()))
	return {t.lower() for t in _IDENTIFIER.findall(str(text or ""))}


def filter_fields(filters) -> set[str]:
	"""The field names a filter argument filters on, in every shape Frappe accepts (never the values):
	{"field": value}, [["DocType", "field", "op", value(, ...)]], [["field", "op", value]], ["field", "op", value],
	[{"field": value}], and a row given as an SQL condition string (every name in it counts)."""
	filters = decoded(filters)
	if isinstance(filters, dict):
		return identifiers(list(filters.keys()))
	if isinstance(filters, str):
		return identifiers(filters)
	if not isinstance(filters, list | tuple):
		return set()
	if is_row(filters):
		return row_field(filters)  # one row, not in a list
	out = set()
	for row in filters:
		row = decoded(row)
		if isinstance(row, dict | str):
			out |= filter_fields(row)
		elif isinstance(row, list | tuple) and row:
			out |= row_field(row)
	return out


def row_field(row) -> set[str]:
	"""The field of one filter row: [field, op, value] or [DocType, field, op, value(, ...)]."""
	return identifiers(decoded(row[1] if len(row) >= 4 else row[0]))


def is_row(items) -> bool:
	"""["field", "op", value] or ["DocType", "field", "op", value(, ...)]: a filter row, not a list of rows."""
	if not items or any(isinstance(x, list | tuple | dict) for x in items[:2]):
		return False
	op = items[1] if len(items) == 3 else items[2] if len(items) in (4, 5) else None
	return isinstance(op, str) and op.strip().lower() in OPERATORS


def asked_fields(form: dict) -> set[str]:
	"""Every field a request's parameters filter, sort, group or select on (lower-cased)."""
	asked = set()
	for key in FILTER_PARAMS:
		if form.get(key) not in (None, ""):
			asked |= filter_fields(form.get(key))
	for key in FIELD_PARAMS:
		if form.get(key) not in (None, ""):
			asked |= identifiers(decoded(form.get(key)))
	for key in NESTED_PARAMS:
		nested = decoded(form.get(key)) if form.get(key) else None
		if isinstance(nested, dict):
			asked |= asked_fields(nested)
	return asked
