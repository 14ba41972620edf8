"""Raw values are checked before anything uses them: a translated 417, never a 500.

Every programme DocType's controller takes `ValuesChecked` first among its bases::

        class CommunityIssue(ValuesChecked, Document): ...

Its `insert` and `save` check each field of the record and of its child rows against the field's type
(`utils/field_values.py`) before Frappe's own checks (links, permissions) and the controller's `validate`
run: a malformed date or number, a check that is not 0/1, a Select value outside the options, a list or an
object where text belongs is refused with `InvalidValue` naming the field and the value, instead of a
database error or a crash in a controller (both a 500 to the user). Mandatory fields are checked before
`validate` too (Frappe checks them after it). REST (POST and PUT), the desk, Data Import and code all pass
through `insert` / `save`; submit and cancel save too.
"""

import json

import frappe
from frappe import _
from frappe.model.base_document import BaseDocument
from frappe.utils import escape_html

from stronger_together.utils import field_values as fv

SHOWN_LENGTH = 60
ROW = "row"  # a child table's row that is not a row (an object)
# Frappe's own columns of every record, which a REST body can name too
STANDARD_TYPES = {
	"name": "Data",
	"owner": "Data",
	"modified_by": "Data",
	"creation": "Datetime",
	"modified": "Datetime",
	"idx": "Int",
	"docstatus": "Int",
	"parent": "Data",
	"parentfield": "Data",
	"parenttype": "Data",
	"amended_from": "Data",
	"_user_tags": "Text",
	"_comments": "Text",
	"_assign": "Text",
	"_liked_by": "Text",
	"_seen": "Text",
}


class InvalidValue(frappe.ValidationError):
	"""A field's value is not a value of the field's type (HTTP 417)."""


class ValuesChecked:
	"""Mixin for programme controllers: values are checked first on insert and save, and a child table takes
	only rows (a REST body's table of numbers or text would otherwise crash while the record is built)."""

	def extend(self, key, value):
		if not isinstance(value, list | tuple):
			_refuse(ROW, _table_label(self, key), value)
		return super().extend(key, value)

	def append(self, key, value=None, *args, **kwargs):
		if value is not None and not isinstance(value, dict | BaseDocument):
			_refuse(ROW, _table_label(self, key), value)
		return super().append(key, value, *args, **kwargs)

	def insert(self, *args, **kwargs):
		check_values(self)
		return super().insert(*args, **kwargs)

	def save(self, *args, **kwargs):
		check_values(self)
		return super().save(*args, **kwargs)

	def before_validate(self):
		"""Frappe checks mandatory fields after `validate`, whose steps would crash on a missing value first: the
		same check (Frappe's own message, MandatoryError) runs before them. A controller that defines its own
		before_validate calls super().before_validate()."""
		self._validate_mandatory()


def check_values(doc) -> None:
	"""Refuse the first malformed value of `doc` or of its child rows (InvalidValue)."""
	_check_fields(doc, lambda df: _(df.label or df.fieldname))
	for table in doc.meta.get_table_fields():
		rows = doc.get(table.fieldname) or []
		if not isinstance(rows, list):
			_refuse(ROW, _(table.label or table.fieldname), rows)
		for index, row in enumerate(rows, start=1):
			if isinstance(row, dict):
				continue  # Frappe makes it a row document when it sets the table
			number = row.idx or index
			_check_fields(
				row,
				lambda df, number=number, table=table: _("{0} (row {1} of {2})").format(
					_(df.label or df.fieldname), number, _(table.label or table.fieldname)
				),
			)


def _check_fields(doc, label_of) -> None:
	if doc.get("idx") in (None, ""):
		doc.idx = 0  # a REST body's null: the column takes no NULL
	if doc.get("amended_from") and not doc.meta.has_field("amended_from"):
		doc.amended_from = None  # nothing to amend: Frappe would look for a column the table does not have
	for fieldname, fieldtype in STANDARD_TYPES.items():
		value = doc.get(fieldname)
		kind = fv.problem(fieldtype, value)
		if (
			not kind
			and fieldname == "docstatus"
			and not fv.is_empty(value)
			and int(float(value)) not in (0, 1, 2)
		):
			kind = fv.RANGE
		if kind:
			_refuse(kind, fieldname, value)
	for df in doc.meta.fields:
		value = doc.get(df.fieldname)
		kind = fv.problem(df.fieldtype, value, df.options)
		if kind:
			_refuse(kind, label_of(df), value, df.options)
		if df.fieldtype == "Geolocation" and isinstance(value, dict):
			doc.set(df.fieldname, json.dumps(value, ensure_ascii=False))  # Frappe stores Geolocation as text
		elif (cleaned := fv.clean(df.fieldtype, value)) is not value:
			doc.set(df.fieldname, cleaned)


def _table_label(doc, fieldname: str) -> str:
	df = doc.meta.get_field(fieldname)
	return _(df.label if df and df.label else fieldname)


def _refuse(kind: str, label: str, value, options: str | None = None) -> None:
	frappe.throw(message(kind, label, value, options), InvalidValue, title=_("Invalid Value"))


def message(kind: str, label: str, value, options: str | None = None) -> str:
	"""The translated refusal for a value of the wrong kind (the value escaped and shortened)."""
	shown = frappe.bold(escape_html(shown_value(value)))
	if kind == fv.DATE:
		return _("{0}: {1} is not a date (YYYY-MM-DD).").format(label, shown)
	if kind == fv.DATETIME:
		return _("{0}: {1} is not a date and time (YYYY-MM-DD HH:MM:SS).").format(label, shown)
	if kind == fv.INT:
		return _("{0}: {1} is not a whole number.").format(label, shown)
	if kind == fv.NUMBER:
		return _("{0}: {1} is not a number.").format(label, shown)
	if kind == fv.RANGE:
		return _("{0}: {1} is out of range.").format(label, shown)
	if kind == fv.CHECK:
		return _("{0}: {1} is not 0 or 1.").format(label, shown)
	if kind == fv.SELECT:
		choices = ", ".join(_(o) for o in fv.select_options(options))
		return _("{0}: {1} is not one of {2}.").format(label, shown, choices)
	if kind == fv.CHARACTERS:
		return _("{0} holds characters that cannot be stored.").format(label)
	if kind == ROW:
		return _("{0}: {1} is not a row.").format(label, shown)
	return _("{0}: {1} is not text.").format(label, shown)


def shown_value(value) -> str:
	"""The value as the user sent it, short, and encodable whatever it holds."""
	text = value if isinstance(value, str) else json.dumps(value, default=str)
	if len(text) > SHOWN_LENGTH:
		text = text[:SHOWN_LENGTH] + "…"
	return text.encode("utf-8", "backslashreplace").decode("utf-8")
