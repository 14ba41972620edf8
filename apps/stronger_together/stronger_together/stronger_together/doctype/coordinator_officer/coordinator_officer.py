# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from stronger_together.utils.documents import ValuesChecked


class CoordinatorOfficer(ValuesChecked, Document):
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

	def validate(self):
		self.set_full_title()
		self.validate_unit()
		self.validate_user()

	def set_full_title(self):
		self.officer_name = (self.officer_name or "").strip()
		self.full_title = f"{self.rank} {self.officer_name}".strip()

	def validate_unit(self):
		unit_type = frappe.db.get_value("Police Unit", self.police_unit, "unit_type")
		if unit_type not in ("Station", "Division"):
			frappe.throw(
				_("A coordinator officer belongs to a station or a division; {0} is a {1}.").format(
					frappe.bold(self.police_unit), _(unit_type or "")
				),
				title=_("Invalid Unit"),
			)

	def validate_user(self):
		if not self.user:
			return
		other = frappe.db.get_value(
			"Coordinator Officer", {"user": self.user, "name": ("!=", self.name or "")}, "name"
		)
		if other:
			frappe.throw(
				_("User {0} is already linked to coordinator officer {1}.").format(self.user, other),
				frappe.UniqueValidationError,
			)
