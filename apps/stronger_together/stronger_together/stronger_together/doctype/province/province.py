# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class Province(Document):
	pass
