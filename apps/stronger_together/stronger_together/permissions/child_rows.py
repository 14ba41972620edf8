"""Child rows of the programme's records answer permission questions with their parent RECORD.

Frappe checks a child row against its parent (`frappe.permissions.has_child_permission`) by passing
`child.parent_doc` - which is empty for a row loaded on its own (`frappe.get_doc("Committee Member", name)`,
as `frappe.client.get`, `getdoc` and REST `/api/resource/<child>/<name>` do) - so the check falls back to
the parent DocType and any user with read on Committee could read every committee's member rows. A row of
these tables loads its parent when asked for it, so the parent's own permission hooks decide.
"""

import frappe
from frappe.model.base_document import BaseDocument
from frappe.model.document import Document


class ScopedChildRow(Document):
	@property
	def parent_doc(self):
		parent = BaseDocument.parent_doc.fget(self)
		if parent is None and self.get("parenttype") and self.get("parent"):
			if frappe.db.exists(self.parenttype, self.parent):
				parent = frappe.get_doc(self.parenttype, self.parent)
				self._parent_doc = parent
		return parent

	@parent_doc.setter
	def parent_doc(self, value):
		self._parent_doc = value

	@parent_doc.deleter
	def parent_doc(self):
		self._parent_doc = None
