# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt


from stronger_together.permissions.child_rows import ScopedChildRow


class CommitteeMember(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from_date: DF.Date | None
		full_name: DF.Data | None
		is_acting_chair: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		position: DF.Literal["Chair", "Vice-Chair", "Secretary", "Member"]
		to_date: DF.Date | None
		user: DF.Link
	# end: auto-generated types
	pass
