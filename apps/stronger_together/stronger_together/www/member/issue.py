"""/member/issue?name=ISS-...: one of the member's problems, its story in plain words, and the question
"was it solved?" once it is resolved. Another member's issue (or a name that does not exist) is not found."""

import frappe
from frappe import _

from stronger_together.portal import views

no_cache = 1
sitemap = 0


def get_context(context):
	member = views.page(context)
	issue = views.issue_view(member, frappe.form_dict.get("name") or "")
	if not issue:
		context.http_status_code = 404  # the same answer whether it is another member's or does not exist
		context.title = _("Problem Not Found")
		return
	context.issue = issue
	context.title = issue["title"]
