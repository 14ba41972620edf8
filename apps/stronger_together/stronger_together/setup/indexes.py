"""Indexes on Frappe's own tables that the ladder leans on (the app's own DocTypes add theirs in
`on_doctype_update`). Idempotent: `frappe.db.add_index` skips an index that exists.

Workflow Action: on every move Frappe marks the issue's open Workflow Actions completed and deletes stale
ones, by `reference_name` - a column without an index, so each of those statements scanned and locked the
whole table, and two chairs moving two different issues at once deadlocked.
"""

import frappe


def add_indexes():
	frappe.db.add_index("Workflow Action", ["reference_name", "reference_doctype"])
