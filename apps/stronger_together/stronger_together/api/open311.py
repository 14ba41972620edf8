"""Whitelisted endpoints of the Open311 partners (the desk's buttons on an Open311 Partner).

The Open311 API itself is not a whitelisted method: it lives under /api/open311/v2/
(stronger_together.integrations.open311.routes).
"""

import frappe

PARTNER = "Open311 Partner"


@frappe.whitelist(methods=["POST"])
def issue_api_key(partner: str) -> dict:
	"""A new API key for `partner`, returned this once (only its salted hash is kept); any earlier key stops
	working. Admins only (write permission on Open311 Partner)."""
	frappe.has_permission(PARTNER, "write", throw=True)
	doc = frappe.get_doc(PARTNER, partner)
	doc.check_permission("write")
	key = doc.issue_api_key()
	return {"api_key": key, "key_id": doc.api_key_id}


@frappe.whitelist(methods=["POST"])
def revoke_api_key(partner: str) -> None:
	"""The partner's key stops working at once (a request with it is answered 403, "revoked")."""
	frappe.has_permission(PARTNER, "write", throw=True)
	doc = frappe.get_doc(PARTNER, partner)
	doc.check_permission("write")
	doc.revoke_api_key()
