"""Idempotent installation steps, run on install and after every migrate.

Each step is safe to re-run: it creates what is missing and leaves the rest alone.
"""

import frappe

from stronger_together.setup import geography, police_units, roles, workflow


def after_install():
	after_migrate()


def after_migrate():
	for step in get_steps():
		step()
	frappe.db.commit()


def get_steps():
	"""The ordered list of seeding steps. Later features append their own step here."""
	return [
		roles.sync_roles,
		geography.load_geography,
		police_units.seed_units,
		workflow.sync_workflow,
	]


def use_thai_desk():
	"""Thai desk for the programme's site: language, time zone and the date format Thai offices use."""
	frappe.db.set_single_value(
		"System Settings",
		{"language": "th", "time_zone": "Asia/Bangkok", "date_format": "dd/mm/yyyy", "country": "Thailand"},
	)
	frappe.db.commit()
