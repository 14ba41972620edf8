# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe

from stronger_together.permissions.child_rows import ScopedChildRow


class TrainingAttendance(ScopedChildRow):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		coordinator_officer: DF.Link | None
		days_attended: DF.Int
		network_member: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		passed: DF.Check
		person_name: DF.Data | None
		previous_status: DF.Data | None
		previous_trained_on: DF.Date | None
		previous_training_batch: DF.Data | None
	# end: auto-generated types
	pass
