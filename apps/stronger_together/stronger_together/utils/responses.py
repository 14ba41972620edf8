"""What an error response may carry out of the server.

Frappe sends the server's traceback with every error response when System Settings allow it (the default
on a new site): file paths, code and, at times, values of records. The set-up turns that setting off on the
sites it creates; this hook (hooks: after_request) keeps tracebacks from non-admin users whatever the
setting says. The traceback of a server error stays in the Error Log.
"""

import json

import frappe

ADMINS = frozenset({"System Manager", "Administrator"})


def hide_tracebacks(response=None, request=None) -> None:
	if response is None or response.status_code < 400 or "json" not in (response.content_type or ""):
		return
	user = getattr(frappe.session, "user", None) if getattr(frappe.local, "session", None) else None
	if user == "Administrator" or (user and user != "Guest" and ADMINS & set(frappe.get_roles(user))):
		return
	try:
		data = json.loads(response.get_data())
	except ValueError:
		return
	if not isinstance(data, dict) or "exc" not in data:
		return
	data.pop("exc", None)
	data.pop("_exc_source", None)
	response.set_data(json.dumps(data))
