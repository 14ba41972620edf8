# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class NetworkMember(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active_from: DF.Date | None
		category: DF.Literal["Natural Leader", "Local-Area Leader", "Local-Government Leader", "Other"]
		district: DF.Link | None
		first_name: DF.Data
		full_name: DF.Data | None
		inactive_from: DF.Date | None
		last_name: DF.Data
		line_id: DF.Data | None
		mobile: DF.Data | None
		national_id: DF.Data
		occupation: DF.Data | None
		station: DF.Link
		status: DF.Literal["Candidate", "Trained", "Active", "Inactive"]
		subdistrict: DF.Link
		title: DF.Literal[
			"\u0e19\u0e32\u0e22",
			"\u0e19\u0e32\u0e07",
			"\u0e19\u0e32\u0e07\u0e2a\u0e32\u0e27",
			"\u0e14\u0e23.",
			"\u0e27\u0e48\u0e32\u0e17\u0e35\u0e48\u0e23\u0e49\u0e2d\u0e22\u0e15\u0e23\u0e35",
			"\u0e27\u0e48\u0e32\u0e17\u0e35\u0e48\u0e23\u0e49\u0e2d\u0e22\u0e15\u0e23\u0e35\u0e2b\u0e0d\u0e34\u0e07",
		]
		trained_on: DF.Date | None
		training_batch: DF.Link | None
	# end: auto-generated types
	pass
