# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from frappe.model.document import Document
from stronger_together.utils.documents import ValuesChecked


class District(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		district_code: DF.Data
		district_name_en: DF.Data | None
		district_name_th: DF.Data
		province: DF.Link
		source: DF.Data | None
	# end: auto-generated types
	pass
