"""List conditions (hooks: permission_query_conditions): every list, count, report, export, search and child
table query of the programme's records, as Frappe issues it, is cut to the user's scope here.

Each condition is an IN-list on an indexed column of the record itself (station, district, province,
police_unit), so the database walks the index instead of the whole table. A Community Issue and its log
rows carry the whole chain of units (station, division, bureau), so a division or bureau reads its own
column: its newest issues are the first entries of `(division, modified)`, whatever their number.
Records scoped by a parent (child tables, meetings) follow the parent's condition.
"""

import frappe

from stronger_together.permissions import personal_data
from stronger_together.permissions.scope import Scope, get_scope, is_admin

NOTHING = "1=0"


def _in(values) -> str:
	return "(" + ", ".join(frappe.db.escape(v) for v in sorted(values)) + ")"


def _any(parts: list[str]) -> str:
	return "(" + " or ".join(parts) + ")" if parts else NOTHING


def area_condition(scope: Scope, table: str, own: str | None = None, chain: bool = False) -> str:
	"""Records that sit at a station and in a district / province: issues, their log, members; `own` is the
	condition for what a network member's portal user may read of their own. `chain`: the table has the
	station's division and bureau too (Community Issue and its log), so unit subtrees are read by their
	roots."""
	if scope.all:
		return ""
	parts = [own] if own and scope.member else []
	if chain:
		for column, roots in (
			("station", scope.station_roots),
			("division", scope.division_roots),
			("bureau", scope.bureau_roots),
		):
			if roots:
				parts.append(f"{table}.{column} in {_in(roots)}")
	elif scope.stations:
		parts.append(f"{table}.station in {_in(scope.stations)}")
	if scope.districts:
		parts.append(f"{table}.district in {_in(scope.districts)}")
	if scope.provinces:
		parts.append(f"{table}.province in {_in(scope.provinces)}")
	return _any(parts)


def unit_condition(scope: Scope, column: str) -> str:
	"""Records that belong to one Police Unit (`column`): the unit lies in the user's areas."""
	if scope.all:
		return ""
	return f"{column} in {_in(scope.visible_units)}" if scope.visible_units else NOTHING


def committee_condition(scope: Scope, table: str = "`tabCommittee`") -> str:
	if scope.all:
		return ""
	parts = []
	if scope.committees:
		parts.append(f"{table}.name in {_in(scope.committees)}")
	if scope.units:
		parts.append(f"{table}.police_unit in {_in(scope.units)}")
	if scope.districts:
		parts.append(f"{table}.district in {_in(scope.districts)}")
	if scope.provinces:
		parts.append(f"{table}.province in {_in(scope.provinces)}")
	return _any(parts)


def meeting_condition(scope: Scope, table: str = "`tabCommittee Meeting`") -> str:
	"""A committee's meetings (which carry the committee's police_unit, district and province): its members,
	and the scope above it on the ladder: the units over a police unit's committee, the district and
	province committees over the stations serving them (a user's visible_units), as for the unit's records."""
	if scope.all:
		return ""
	parts = []
	if scope.committees:
		parts.append(f"{table}.committee in {_in(scope.committees)}")
	if scope.visible_units:
		parts.append(f"{table}.police_unit in {_in(scope.visible_units)}")
	if scope.districts:
		parts.append(f"{table}.district in {_in(scope.districts)}")
	if scope.provinces:
		parts.append(f"{table}.province in {_in(scope.provinces)}")
	return _any(parts)


def _parent_in(table: str, parent_doctype: str, parent_condition) -> str:
	"""Child rows follow their parent: `parent_condition(alias)` is the parent's own condition."""
	condition = parent_condition("p")
	if not condition or condition == NOTHING:
		return condition
	return f"{table}.parent in (select p.name from `tab{parent_doctype}` p where {condition})"


def _scope(user: str | None) -> Scope:
	return get_scope(user or frappe.session.user)


# ---- hooks.py: permission_query_conditions ------------------------------------------------------


def community_issue(user: str | None = None, doctype: str | None = None) -> str:
	if personal_data.query_asks_for_hidden_fields(user):
		return NOTHING
	scope = _scope(user)
	own = f"`tabCommunity Issue`.reporter = {frappe.db.escape(scope.member)}" if scope.member else None
	return area_condition(scope, "`tabCommunity Issue`", own, chain=True)


def community_issue_log(user: str | None = None, doctype: str | None = None) -> str:
	# a member reads their issue's history on the portal, in plain words, not the log itself
	return area_condition(_scope(user), "`tabCommunity Issue Log`", chain=True)


def network_member(user: str | None = None, doctype: str | None = None) -> str:
	if personal_data.query_asks_for_hidden_fields(user):
		return NOTHING
	scope = _scope(user)
	own = f"`tabNetwork Member`.name = {frappe.db.escape(scope.member)}" if scope.member else None
	return area_condition(scope, "`tabNetwork Member`", own)


def committee(user: str | None = None, doctype: str | None = None) -> str:
	return committee_condition(_scope(user))


def committee_member(user: str | None = None, doctype: str | None = None) -> str:
	scope = _scope(user)
	return _parent_in("`tabCommittee Member`", "Committee", lambda p: committee_condition(scope, p))


def committee_meeting(user: str | None = None, doctype: str | None = None) -> str:
	return meeting_condition(_scope(user))


def committee_meeting_attendance(user: str | None = None, doctype: str | None = None) -> str:
	scope = _scope(user)
	return _parent_in(
		"`tabCommittee Meeting Attendance`",
		"Committee Meeting",
		lambda p: meeting_condition(scope, p),
	)


def committee_meeting_agenda_item(user: str | None = None, doctype: str | None = None) -> str:
	scope = _scope(user)
	return _parent_in(
		"`tabCommittee Meeting Agenda Item`",
		"Committee Meeting",
		lambda p: meeting_condition(scope, p),
	)


def monthly_unit_report(user: str | None = None, doctype: str | None = None) -> str:
	return unit_condition(_scope(user), "`tabMonthly Unit Report`.police_unit")


def monthly_unit_report_category(user: str | None = None, doctype: str | None = None) -> str:
	scope = _scope(user)
	return _parent_in(
		"`tabMonthly Unit Report Category`",
		"Monthly Unit Report",
		lambda p: unit_condition(scope, f"{p}.police_unit"),
	)


def coordinator_officer(user: str | None = None, doctype: str | None = None) -> str:
	return unit_condition(_scope(user), "`tabCoordinator Officer`.police_unit")


def training_batch(user: str | None = None, doctype: str | None = None) -> str:
	return unit_condition(_scope(user), "`tabTraining Batch`.police_unit")


def training_attendance(user: str | None = None, doctype: str | None = None) -> str:
	scope = _scope(user)
	return _parent_in(
		"`tabTraining Attendance`", "Training Batch", lambda p: unit_condition(scope, f"{p}.police_unit")
	)


def workflow_action(user: str | None = None, doctype: str | None = None) -> str:
	"""Frappe lists a Workflow Action to every holder of the next role; for an issue only its chairs see it."""
	scope = _scope(user)
	if scope.all:
		return ""
	chaired = _in(scope.chaired) if scope.chaired else "('')"
	return (
		"(`tabWorkflow Action`.reference_doctype != 'Community Issue' or `tabWorkflow Action`.reference_name in "
		f"(select ci.name from `tabCommunity Issue` ci where ci.current_committee in {chaired}))"
	)


def admins_only(user: str | None = None, doctype: str | None = None) -> str:
	"""Open311 partners and their webhook deliveries: the programme's admins only (the roles already keep
	everyone else out; this holds even if a role were given read access by mistake)."""
	return "" if is_admin(user) else NOTHING
