# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class Committee(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from stronger_together.stronger_together.doctype.committee_member.committee_member import CommitteeMember

		area_key: DF.Data | None
		committee_level: DF.Literal["Station", "District", "Division", "Province", "Bureau", "National HQ"]
		committee_name: DF.Data | None
		district: DF.Link | None
		is_active: DF.Check
		members: DF.Table[CommitteeMember]
		order_reference: DF.Data | None
		police_unit: DF.Link | None
		province: DF.Link | None
	# end: auto-generated types
	pass
