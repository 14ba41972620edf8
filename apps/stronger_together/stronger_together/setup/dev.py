"""Developer-only helpers (need developer_mode)."""

import frappe


def export_doctypes(names: str | None = None):
	"""Re-save the app's DocTypes so Frappe writes canonical JSON and the typed controller block.

	bench --site SITE execute stronger_together.setup.dev.export_doctypes [--kwargs "{'names': 'A,B'}"]
	"""
	if not frappe.conf.developer_mode:
		frappe.throw("developer_mode is off")
	filters = {"module": "Stronger Together", "custom": 0}
	if names:
		filters["name"] = ("in", [n.strip() for n in names.split(",")])
	for name in frappe.get_all("DocType", filters=filters, pluck="name"):
		frappe.get_doc("DocType", name).save()
		print("exported", name)
	frappe.db.commit()
