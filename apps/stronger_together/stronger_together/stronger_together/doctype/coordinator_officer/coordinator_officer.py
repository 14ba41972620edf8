# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class CoordinatorOfficer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		full_title: DF.Data | None
		officer_name: DF.Data
		police_unit: DF.Link
		rank: DF.Literal[
			"\u0e1e\u0e25.\u0e15.\u0e2d.",
			"\u0e1e\u0e25.\u0e15.\u0e17.",
			"\u0e1e\u0e25.\u0e15.\u0e15.",
			"\u0e1e.\u0e15.\u0e2d.",
			"\u0e1e.\u0e15.\u0e17.",
			"\u0e1e.\u0e15.\u0e15.",
			"\u0e23.\u0e15.\u0e2d.",
			"\u0e23.\u0e15.\u0e17.",
			"\u0e23.\u0e15.\u0e15.",
			"\u0e14.\u0e15.",
			"\u0e08.\u0e2a.\u0e15.",
			"\u0e2a.\u0e15.\u0e2d.",
			"\u0e2a.\u0e15.\u0e17.",
			"\u0e2a.\u0e15.\u0e15.",
			"\u0e1e.\u0e15.\u0e2d.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e1e.\u0e15.\u0e17.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e1e.\u0e15.\u0e15.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e23.\u0e15.\u0e2d.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e23.\u0e15.\u0e17.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e23.\u0e15.\u0e15.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e14.\u0e15.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e08.\u0e2a.\u0e15.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e2a.\u0e15.\u0e2d.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e2a.\u0e15.\u0e17.\u0e2b\u0e0d\u0e34\u0e07",
			"\u0e2a.\u0e15.\u0e15.\u0e2b\u0e0d\u0e34\u0e07",
		]
		trained_on: DF.Date | None
		training_batch: DF.Link | None
		training_status: DF.Literal["Not Trained", "Trained"]
		user: DF.Link | None
	# end: auto-generated types
	pass
