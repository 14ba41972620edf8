# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from stronger_together.utils.documents import ValuesChecked


class CommunityIssueLog(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acted_at: DF.Datetime | None
		acted_by: DF.Link | None
		action: DF.Data | None
		bureau: DF.Link | None
		committee: DF.Link | None
		committee_meeting: DF.Link | None
		community_issue: DF.Link
		days_on_rung: DF.Float
		district: DF.Link | None
		division: DF.Link | None
		from_rung: DF.Data | None
		from_state: DF.Data | None
		meeting_date: DF.Date | None
		province: DF.Link | None
		reason: DF.SmallText | None
		resolution_reference: DF.Data | None
		sequence: DF.Int
		station: DF.Link | None
		to_rung: DF.Data | None
		to_state: DF.Data | None

	# end: auto-generated types
	@classmethod
	def append(cls, issue, entry: dict) -> "CommunityIssueLog":
		"""The ladder's one way to write the log: the next step of `issue` (its row lock orders the steps). The
		row carries the issue's station, division, bureau and areas, so the log is scoped by the same indexed
		columns."""
		log = frappe.get_doc(
			{
				"doctype": "Community Issue Log",
				"community_issue": issue.name,
				"station": issue.station,
				"division": issue.division,
				"bureau": issue.bureau,
				"district": issue.district,
				"province": issue.province,
				**entry,
			}
		)
		last = frappe.db.sql(
			"select max(sequence) from `tabCommunity Issue Log` where community_issue = %s", issue.name
		)[0][0]
		log.sequence = (last or 0) + 1
		log._appended_by_ladder = True
		log.flags.ignore_links = True  # the issue's own links, and the committee and user of the move
		return log.insert(ignore_permissions=True)

	def before_insert(self):
		if not getattr(self, "_appended_by_ladder", False):
			frappe.throw(_("The escalation log is written by the ladder only."), frappe.PermissionError)

	def validate(self):
		if not self.is_new():
			frappe.throw(_("The escalation log cannot be changed."), frappe.PermissionError)

	def on_trash(self):
		frappe.throw(_("The escalation log cannot be deleted."), frappe.PermissionError)


def on_doctype_update():
	"""No gaps, no duplicates: one row per step of an issue, held by the database."""
	frappe.db.add_unique("Community Issue Log", ["community_issue", "sequence"], "unique_issue_sequence")
	frappe.db.add_index("Community Issue Log", ["community_issue", "acted_at"])
	# the log's list (newest first) cut to a user's scope, like the issues'
	for column in ("station", "division", "bureau", "district", "province"):
		frappe.db.add_index("Community Issue Log", [column, "acted_at"])
	# Time on Each Rung reads the moves of a date range: that range of the log, not every issue's log
	frappe.db.add_index("Community Issue Log", ["acted_at"])
