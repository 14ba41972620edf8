# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CommunityIssueLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acted_at: DF.Datetime | None
		acted_by: DF.Link | None
		action: DF.Data | None
		committee: DF.Link | None
		community_issue: DF.Link
		days_on_rung: DF.Float
		from_rung: DF.Data | None
		from_state: DF.Data | None
		meeting_date: DF.Date | None
		reason: DF.SmallText | None
		resolution_reference: DF.Data | None
		sequence: DF.Int
		to_rung: DF.Data | None
		to_state: DF.Data | None
	# end: auto-generated types
	pass
