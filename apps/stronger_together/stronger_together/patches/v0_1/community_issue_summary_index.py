"""Sites installed before the covering index existed get it too (new sites get it on install)."""

from stronger_together.stronger_together.doctype.community_issue.community_issue import on_doctype_update


def execute():
	on_doctype_update()
