"""Indexes on Frappe's own tables that the ladder leans on; the app's own DocTypes define theirs in
`on_doctype_update`, which Frappe calls only when the DocType itself is synced, so every migrate adds
the ones a site still lacks here too. Idempotent: `frappe.db.add_index` skips an index that exists.

Workflow Action: on every move Frappe marks the issue's open Workflow Actions completed and deletes stale
ones, by `reference_name` - a column without an index, so each of those statements scanned and locked the
whole table, and two chairs moving two different issues at once deadlocked.
"""

import frappe


def add_indexes():
	from stronger_together.stronger_together.doctype.community_issue import community_issue
	from stronger_together.stronger_together.doctype.community_issue_log import community_issue_log

	frappe.db.add_index("Workflow Action", ["reference_name", "reference_doctype"])
	community_issue.on_doctype_update()
	community_issue_log.on_doctype_update()
