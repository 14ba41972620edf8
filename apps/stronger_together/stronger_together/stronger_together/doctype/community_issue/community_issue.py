# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CommunityIssue(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		accepted_on: DF.Datetime | None
		action_reason: DF.SmallText | None
		bureau: DF.Link | None
		category: DF.Literal["Crime", "Drugs", "Traffic and Road Safety", "Public Order", "Livelihood", "Culture", "Tourism", "Environment", "Other"]
		closing_reason: DF.SmallText | None
		current_committee: DF.Link | None
		current_rung: DF.Literal["Station", "District", "Division", "Province", "Bureau", "National HQ"]
		description: DF.TextEditor | None
		district: DF.Link | None
		division: DF.Link | None
		is_overdue: DF.Check
		meeting_date: DF.Date | None
		priority: DF.Literal["Low", "Medium", "High", "Urgent"]
		province: DF.Link | None
		raised_on: DF.Date | None
		reported_to_government_on: DF.Date | None
		reporter: DF.Link | None
		resolution: DF.Text | None
		resolution_reference: DF.Data | None
		resolved_at_rung: DF.Literal["", "Station", "District", "Division", "Province", "Bureau", "National HQ"]
		resolved_on: DF.Date | None
		rung_due_date: DF.Date | None
		rung_since: DF.Datetime | None
		station: DF.Link
		subdistrict: DF.Link
		title: DF.Data
		workflow_state: DF.Link | None
	# end: auto-generated types
	pass
