# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from stronger_together.permissions.child_rows import ScopedChildRow


class CommitteeMeetingAgendaItem(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agenda_no: DF.Data | None
		community_issue: DF.Link | None
		details: DF.SmallText | None
		is_overdue: DF.Check
		issue_log_sequence: DF.Int
		issue_raised_on: DF.Date | None
		issue_rung: DF.Data | None
		issue_state: DF.Data | None
		item_type: DF.Literal["Announcements", "Previous Minutes", "Follow-up", "Issue", "Other Business"]
		outcome: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		resolution: DF.Literal["", "Resolve", "Escalate", "Return", "Defer"]
		resolution_text: DF.SmallText | None
		rung_due_date: DF.Date | None
		topic: DF.Data | None
		votes_abstain: DF.Int
		votes_against: DF.Int
		votes_for: DF.Int
	# end: auto-generated types

	pass
