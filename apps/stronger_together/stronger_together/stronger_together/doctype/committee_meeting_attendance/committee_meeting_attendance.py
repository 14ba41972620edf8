# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from stronger_together.permissions.child_rows import ScopedChildRow


class CommitteeMeetingAttendance(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attendance: DF.Literal["", "Present", "Absent", "On Leave"]
		attendee_name: DF.Data | None
		attendee_type: DF.Literal["Invited Guest", "Member"]
		is_acting_chair: DF.Check
		organisation: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		position: DF.Literal["", "Chair", "Vice-Chair", "Secretary", "Member"]
		remarks: DF.Data | None
		user: DF.Link | None
	# end: auto-generated types

	pass
