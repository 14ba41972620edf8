"""Whitelisted endpoints of the people domain: the bulk member import."""

import json

import frappe
from frappe import _

from stronger_together.people import importer


@frappe.whitelist(methods=["POST"])
def import_members(rows: str | list) -> dict:
	"""Rows as a JSON list of objects (fieldnames, English or Thai headers as keys)."""
	importer.check_import_permission()
	if isinstance(rows, str):
		try:
			rows = json.loads(rows)
		except ValueError:
			frappe.throw(_("Rows must be a JSON list of objects."))
	if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
		frappe.throw(_("Rows must be a JSON list of objects."))
	return importer.import_members(rows)


@frappe.whitelist(methods=["POST"])
def import_file(file_url: str) -> dict:
	"""Import an attached CSV or XLSX laid out like member_import_template.csv.

	Row numbers in the answer are spreadsheet line numbers (the header is line 1)."""
	importer.check_import_permission()
	file_doc = frappe.get_doc("File", {"file_url": file_url})
	file_doc.check_permission("read")
	return importer.import_members(importer.rows_from_table(importer.read_table(file_doc)), first_row=2)
