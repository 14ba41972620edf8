"""The scope reads a division's and a bureau's issues and log rows on their own division and bureau columns
(permissions.conditions): the `(column, modified)` and `(column, acted_at)` indexes, and every issue's and
log row's division and bureau as its station's in the unit tree today (the log rows had none; an issue's
were its station's when it was raised)."""

import frappe

from stronger_together.ladder.service import realign_issue_areas
from stronger_together.stronger_together.doctype.community_issue.community_issue import (
	on_doctype_update as issue_indexes,
)
from stronger_together.stronger_together.doctype.community_issue_log.community_issue_log import (
	on_doctype_update as log_indexes,
)


def execute():
	issue_indexes()
	log_indexes()
	for root in frappe.get_all(
		"Police Unit", filters={"parent_police_unit": ("is", "not set")}, pluck="name"
	):
		realign_issue_areas(root)
