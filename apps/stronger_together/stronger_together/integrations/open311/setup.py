"""Idempotent set-up of Open311 (an installation step: setup/install.get_steps)."""

import frappe

UNIQUE_REFERENCE = "unique_open311_external_id"


def ensure_indexes() -> None:
	"""GET requests reads a partner's issues, or an area's, newest first inside a window of creation times:
	(open311_partner, creation) and (creation) keep that one indexed query. A partner's own reference is
	unique per partner (a repeated POST returns the first request)."""
	frappe.db.add_index("Community Issue", ["open311_partner", "creation"])
	frappe.db.add_index("Community Issue", ["creation"])
	# frappe.db.add_unique looks the constraint up in every database of the server; this site's table only
	if not frappe.db.has_index("tabCommunity Issue", UNIQUE_REFERENCE):
		frappe.db.commit()
		frappe.db.sql_ddl(
			f"alter table `tabCommunity Issue` add unique `{UNIQUE_REFERENCE}`(open311_partner, external_id)"
		)
