# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from stronger_together.utils.documents import ValuesChecked


class StrongerTogetherSettings(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		auto_escalate_overdue: DF.Check
		feedback_days: DF.Int
		meeting_quorum_percent: DF.Int
		meeting_quorum_rule: DF.Literal["More than", "At least"]
		members_per_station: DF.Int
		open311_requests_per_minute: DF.Int
		quota_mode: DF.Literal["Soft", "Hard"]
		raise_limit_per_day: DF.Int
		recurrence_days: DF.Int
		sla_bureau_days: DF.Int
		sla_district_days: DF.Int
		sla_division_days: DF.Int
		sla_national_hq_days: DF.Int
		sla_province_days: DF.Int
		sla_station_days: DF.Int

	# end: auto-generated types
	def validate(self):
		self.fill_new_defaults()
		self.validate_quorum_share()

	def fill_new_defaults(self):
		"""A site saved before a setting existed holds nothing for it: it takes the DocType's default."""
		for field in ("meeting_quorum_rule", "meeting_quorum_percent"):
			if not self.get(field):
				self.set(field, self.meta.get_field(field).default)

	def validate_quorum_share(self):
		if not 1 <= cint(self.meeting_quorum_percent) <= 100:
			frappe.throw(
				_("The quorum share must be between 1 and 100 percent, not {0}.").format(
					self.meeting_quorum_percent
				),
				title=_("Invalid Quorum"),
			)
