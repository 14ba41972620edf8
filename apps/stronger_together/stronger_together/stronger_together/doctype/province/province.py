# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from frappe.model.document import Document
from stronger_together.utils.documents import ValuesChecked


class Province(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		bureau: DF.Link | None
		province_code: DF.Data
		province_name_en: DF.Data | None
		province_name_th: DF.Data
		source: DF.Data | None
	# end: auto-generated types
	pass
