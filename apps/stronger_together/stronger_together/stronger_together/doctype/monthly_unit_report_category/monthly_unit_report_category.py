# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt


from stronger_together.permissions.child_rows import ScopedChildRow


class MonthlyUnitReportCategory(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Literal[
			"Crime",
			"Drugs",
			"Traffic and Road Safety",
			"Public Order",
			"Livelihood",
			"Culture",
			"Tourism",
			"Environment",
			"Other",
		]
		issues_escalated: DF.Int
		issues_overdue: DF.Int
		issues_pending: DF.Int
		issues_received: DF.Int
		issues_solved_above_station: DF.Int
		issues_solved_at_station: DF.Int
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
