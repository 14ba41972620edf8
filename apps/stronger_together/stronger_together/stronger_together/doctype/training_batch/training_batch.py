# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class TrainingBatch(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from stronger_together.stronger_together.doctype.training_attendance.training_attendance import (
			TrainingAttendance,
		)

		amended_from: DF.Link | None
		attendance: DF.Table[TrainingAttendance]
		audience: DF.Literal["Members", "Officers"]
		batch_title: DF.Data
		capacity: DF.Int
		end_date: DF.Date
		passed_count: DF.Int
		police_unit: DF.Link
		start_date: DF.Date
		trainers: DF.SmallText | None
		venue: DF.Data | None
	# end: auto-generated types
	pass
