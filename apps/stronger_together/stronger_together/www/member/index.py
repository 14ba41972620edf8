"""/member: the member's own problems, with their status in plain Thai and the rung they are on."""

from frappe import _

from stronger_together.portal import views

no_cache = 1
sitemap = 0


def get_context(context):
	member = views.page(context)
	context.title = _("My Problems")
	context.issues = views.my_issues(member)
	context.ask_count = sum(1 for i in context.issues if i["ask"])
