"""The members' portal adds day counts and a limit to Stronger Together Settings: an existing site's Single
gets their defaults (the form shows them; `settings.get` also takes the default for 0)."""

import frappe

from stronger_together.settings import DOCTYPE, POSITIVE


def execute():
	meta = frappe.get_meta(DOCTYPE)
	for field in POSITIVE:
		if not frappe.utils.cint(frappe.db.get_single_value(DOCTYPE, field)):
			frappe.db.set_single_value(DOCTYPE, field, meta.get_field(field).default)
