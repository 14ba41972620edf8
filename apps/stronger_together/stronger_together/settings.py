"""Stronger Together Settings: the one accessor, with one set of defaults (the DocType's own).

Every rule that needs a setting asks `get()`; nobody reads the Single directly or keeps a default of
its own. A value left empty (a site that never saved the settings, a field added later) takes the
default written in the DocType; the per-rung SLA days and the portal's day counts and limit must be positive.

	from stronger_together import settings

	settings.get().members_per_station
	settings.sla_days()  # {"Station": 15, ...}
	settings.quorum_rule()  # (50, "More than")
"""

import frappe
from frappe.utils import cint

from stronger_together.ladder.rungs import RUNGS
from stronger_together.ladder.sla import setting_field

DOCTYPE = "Stronger Together Settings"
# Day counts and limits that must be positive: 0 (a Single saved before the field existed) takes the default
POSITIVE = ("feedback_days", "raise_limit_per_day", "recurrence_days")
_VALUE_TYPES = {"Int": cint, "Check": cint, "Select": str, "Data": str, "Small Text": str, "Float": float}


@frappe.request_cache
def get() -> frappe._dict:
	"""Every setting, as stored or else the DocType's default (cached for the request)."""
	doc = frappe.get_cached_doc(DOCTYPE)
	out = frappe._dict()
	for df in frappe.get_meta(DOCTYPE).fields:
		cast = _VALUE_TYPES.get(df.fieldtype)
		if not cast:
			continue
		value = doc.get(df.fieldname)
		if value is None or value == "":
			value = df.default
		out[df.fieldname] = cast(value) if value not in (None, "") else cast(0) if cast is cint else None
	for field in (*(setting_field(rung) for rung in RUNGS), *POSITIVE):
		if out.get(field, 0) <= 0:
			out[field] = cint(frappe.get_meta(DOCTYPE).get_field(field).default)
	return out


def sla_days() -> dict[str, int]:
	"""Days allowed on each rung."""
	values = get()
	return {rung: values[setting_field(rung)] for rung in RUNGS}


def quota() -> tuple[int, str]:
	"""(members per station, quota mode)."""
	values = get()
	return values.members_per_station, values.quota_mode or "Soft"


def quorum_rule() -> tuple[int, str]:
	"""(share of members in percent, "More than" or "At least") for a committee meeting's quorum."""
	values = get()
	percent = values.meeting_quorum_percent
	if not 0 < percent <= 100:
		percent = cint(frappe.get_meta(DOCTYPE).get_field("meeting_quorum_percent").default)
	return percent, values.meeting_quorum_rule or "More than"


def clear(doc=None, method=None) -> None:
	"""doc_event: a saved Settings record is read afresh within the same request too."""
	cache = getattr(frappe.local, "request_cache", None)
	if cache is not None:
		cache.pop(get.__wrapped__, None)
