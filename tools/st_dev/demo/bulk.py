"""Bulk inserts for demo data: one multi-row INSERT per 10,000 rows, standard columns filled in."""

import frappe
from frappe.utils import now

CHUNK = 10_000


def _standard(ts: str, user: str) -> dict:
	return {"creation": ts, "modified": ts, "owner": user, "modified_by": user, "docstatus": 0}


def insert(doctype: str, rows: list[dict]) -> int:
	"""Insert `rows` (dicts with at least `name`) as they are: no controller runs."""
	if not rows:
		return 0
	std = _standard(now(), frappe.session.user)
	fields = list(dict.fromkeys([*std, *(k for r in rows for k in r)]))
	values = [tuple({**std, **r}.get(f) for f in fields) for r in rows]
	for i in range(0, len(values), CHUNK):
		frappe.db.bulk_insert(doctype, fields, values[i : i + CHUNK])
	return len(rows)


def with_defaults(doctype: str, rows: list[dict]) -> list[dict]:
	"""Rows completed with the DocType's field defaults (what a new document would get)."""
	meta = frappe.get_meta(doctype)
	defaults = {
		f.fieldname: f.default
		for f in meta.fields
		if f.default is not None
		and f.fieldtype not in ("Table", "Table MultiSelect")
		and "{" not in str(f.default)
		and not str(f.default).startswith(("Today", "now", "__"))
	}
	return [{**defaults, **r} for r in rows]


def insert_children(parenttype: str, doctype: str, parentfield: str, rows: list[tuple[str, dict]]) -> int:
	"""Child rows as (parent name, field dict); idx counts per parent."""
	idx: dict[str, int] = {}
	out = []
	for parent, values in rows:
		idx[parent] = idx.get(parent, 0) + 1
		out.append(
			{
				"name": frappe.generate_hash(length=12),
				"parent": parent,
				"parenttype": parenttype,
				"parentfield": parentfield,
				"idx": idx[parent],
				**values,
			}
		)
	return insert(doctype, out)


def insert_named_series(doctype: str, prefix: str, digits: int, rows: list[dict]) -> list[str]:
	"""Insert rows named by the naming series `prefix` + zero-padded counter, and move the series on."""
	if not rows:
		return []
	current = frappe.db.get_value("Series", prefix, "current", order_by="name") or 0
	names = [f"{prefix}{current + i:0{digits}d}" for i in range(1, len(rows) + 1)]
	insert(doctype, [{"name": n, **r} for n, r in zip(names, rows, strict=True)])
	if frappe.db.exists("Series", prefix):
		frappe.db.sql("update `tabSeries` set current = %s where name = %s", (current + len(rows), prefix))
	else:
		frappe.db.sql("insert into `tabSeries` (name, current) values (%s, %s)", (prefix, len(rows)))
	return names


def load_members(rows: list[dict]) -> tuple[int, list]:
	"""Members through the app's bulk path (the same validations as the form)."""
	from stronger_together.people.importer import import_members

	result = import_members(rows)
	return result.get("inserted", 0), result.get("errors", [])
