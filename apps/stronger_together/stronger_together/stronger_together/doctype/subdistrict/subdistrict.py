# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from frappe.model.document import Document
from stronger_together.utils.documents import ValuesChecked


class Subdistrict(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from stronger_together.stronger_together.doctype.subdistrict_postcode.subdistrict_postcode import (
			SubdistrictPostcode,
		)

		district: DF.Link
		postcode: DF.Data | None
		postcodes: DF.Table[SubdistrictPostcode]
		province: DF.Link
		source: DF.Data | None
		subdistrict_code: DF.Data
		subdistrict_name_en: DF.Data | None
		subdistrict_name_th: DF.Data
	# end: auto-generated types
	pass
