"""Idempotent installation steps, run on install and after every migrate.

Each step is safe to re-run: it creates what is missing and leaves the rest alone.
"""

import frappe

from stronger_together.integrations.open311 import setup as open311
from stronger_together.setup import geography, indexes, police_units, roles, workflow


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
		indexes.add_indexes,
		open311.ensure_indexes,
	]


def use_thai_desk():
	"""The programme's site: a Thai desk that opens on the workspace rather than the setup wizard.

	Called by `./st up` and the demo generator, not on install: a site that hosts other apps keeps its own settings.
	"""
	desk = {"language": "th", "time_zone": "Asia/Bangkok", "date_format": "dd/mm/yyyy", "country": "Thailand"}
	frappe.db.set_single_value(
		"System Settings",
		{
			**desk,
			# what the setup wizard's last step does (frappe.desk.page.setup_wizard.disable_future_access)
			"setup_complete": 1,
		},
	)
	# what System Settings.on_update does: the desk reads these as defaults (boot's sysdefaults), e.g. the
	# date format of date fields and the time zone of the calendar view (which fails without one)
	for key, value in desk.items():
		frappe.db.set_default(key, value)
	frappe.db.set_default("desktop:home_page", "workspace")
	frappe.db.set_value("User", "Administrator", "language", "th", update_modified=False)
	frappe.db.commit()
	frappe.clear_cache()
