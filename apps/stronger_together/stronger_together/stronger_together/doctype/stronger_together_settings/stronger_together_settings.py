# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from frappe.model.document import Document
from stronger_together.utils.documents import ValuesChecked


class StrongerTogetherSettings(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		auto_escalate_overdue: DF.Check
		feedback_days: DF.Int
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
	pass
