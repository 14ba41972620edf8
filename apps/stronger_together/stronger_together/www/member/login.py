"""/member/login: a network member logs in with their mobile number and a password or a one-time code."""

import frappe
from frappe import _

from stronger_together.portal import views

no_cache = 1
sitemap = 0


def get_context(context):
	member = views.page(context, login_required=False)
	context.title = _("Network Member Login")
	if member:
		frappe.local.flags.redirect_location = "/member"
		raise frappe.Redirect(302)
	context.member = None
