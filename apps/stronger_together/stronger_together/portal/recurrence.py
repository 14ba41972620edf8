"""Possible recurrence: a new issue in the same category and sub-district as one still open, or resolved
within `recurrence_days`, links to it for the station chair. It never blocks the new issue.

The rule is `rules.is_possible_recurrence`; this module asks the database for the most recent such issue
(an index on subdistrict and category keeps it cheap at a million issues).
"""

import frappe
from frappe.utils import nowdate

from stronger_together import settings
from stronger_together.portal import rules


def possible_recurrence_of(
	category: str, subdistrict: str, name: str | None = None, today=None
) -> str | None:
	"""The most recently raised earlier issue the new one may repeat, or None."""
	if not (category and subdistrict):
		return None
	since = rules.recurrence_since(today or nowdate(), settings.get().recurrence_days)
	found = frappe.get_all(
		"Community Issue",
		filters={"category": category, "subdistrict": subdistrict, "name": ("!=", name or "")},
		or_filters={
			"workflow_state": ("in", sorted(rules.RECURRENCE_OPEN_STATES)),
			"resolved_on": (">=", since),
		},
		pluck="name",
		order_by="creation desc",
		limit=1,
	)
	return found[0] if found else None
