"""Single documents (hooks: has_permission): a form, REST GET/PUT, frappe.client.get, print, a child row
(Frappe checks the parent). The same scope as the list conditions, tested on the document's own values.

A controller can only deny (frappe.permissions.has_controller_permissions): None lets the roles decide.
"""

import frappe
from frappe import _

from stronger_together.permissions.scope import Scope, get_scope, is_admin

# Meetings: everyone who may read a meeting may print it; keeping one (create, edit, submit) is narrower
READ_PTYPES = frozenset({None, "read", "print", "email", "report", "export", "select"})


def _decide(allowed: bool):
	return None if allowed else False


def _scope(user: str | None) -> Scope:
	return get_scope(user or frappe.session.user)


def in_area(scope: Scope, station=None, district=None, province=None) -> bool:
	return (
		scope.all
		or (bool(station) and station in scope.stations)
		or (bool(district) and district in scope.districts)
		or (bool(province) and province in scope.provinces)
	)


def unit_visible(scope: Scope, unit: str | None) -> bool:
	return scope.all or (bool(unit) and unit in scope.visible_units)


def committee_visible(scope: Scope, committee) -> bool:
	if scope.all:
		return True
	if isinstance(committee, str):
		committee = frappe.db.get_value(
			"Committee", committee, ["name", "police_unit", "district", "province"], as_dict=True
		)
	if not committee:
		return False
	return (
		committee.get("name") in scope.committees
		or (bool(committee.get("police_unit")) and committee.get("police_unit") in scope.units)
		or (bool(committee.get("district")) and committee.get("district") in scope.districts)
		or (bool(committee.get("province")) and committee.get("province") in scope.provinces)
	)


def _issue_area(doc) -> tuple:
	district, province = doc.get("district"), doc.get("province")
	if not district and doc.get("subdistrict"):
		# a new issue is checked before validate fills in its district and province
		district, province = frappe.db.get_value(
			"Subdistrict", doc.get("subdistrict"), ["district", "province"]
		) or (None, None)
	return doc.get("station"), district, province


# ---- hooks.py: has_permission -------------------------------------------------------------------


def community_issue(doc, ptype=None, user=None, debug=False):
	scope = _scope(user)
	own = bool(scope.member) and doc.get("reporter") == scope.member and ptype in ("read", "print", None)
	return _decide(own or in_area(scope, *_issue_area(doc)))


def community_issue_log(doc, ptype=None, user=None, debug=False):
	scope = _scope(user)
	station, district, province = doc.get("station"), doc.get("district"), doc.get("province")
	if not station and doc.get("community_issue"):
		station, district, province = frappe.db.get_value(
			"Community Issue", doc.get("community_issue"), ["station", "district", "province"]
		) or (None, None, None)
	return _decide(in_area(scope, station, district, province))


def network_member(doc, ptype=None, user=None, debug=False):
	scope = _scope(user)
	own = bool(scope.member) and doc.get("name") == scope.member and ptype in ("read", "print", None)
	province = doc.get("province")
	if not province and doc.get("station"):
		province = frappe.db.get_value("Police Unit", doc.get("station"), "province")
	return _decide(own or in_area(scope, doc.get("station"), doc.get("district"), province))


def committee(doc, ptype=None, user=None, debug=False):
	return _decide(committee_visible(_scope(user), doc))


def monthly_unit_report(doc, ptype=None, user=None, debug=False):
	return _decide(unit_visible(_scope(user), doc.get("police_unit")))


def coordinator_officer(doc, ptype=None, user=None, debug=False):
	return _decide(unit_visible(_scope(user), doc.get("police_unit")))


def training_batch(doc, ptype=None, user=None, debug=False):
	return _decide(unit_visible(_scope(user), doc.get("police_unit")))


def may_keep_meetings(user: str, committee: str | None) -> bool:
	"""Creating, editing, submitting or cancelling a committee's meetings: its secretary or chair (or acting
	chair) today, or an admin."""
	from stronger_together.ladder import committees

	return is_admin(user) or (bool(committee) and committees.is_officer(user, committee))


def meeting_visible(scope: Scope, doc) -> bool:
	"""The same test as conditions.meeting_condition, on the meeting's own values (a meeting not saved yet
	takes its committee's)."""
	if scope.all:
		return True
	committee = doc.get("committee")
	if not committee:
		return False
	area = doc
	if not (doc.get("police_unit") or doc.get("district") or doc.get("province")):
		area = (
			frappe.db.get_value("Committee", committee, ["police_unit", "district", "province"], as_dict=True)
			or {}
		)
	return (
		committee in scope.committees
		or (bool(area.get("police_unit")) and area.get("police_unit") in scope.visible_units)
		or (bool(area.get("district")) and area.get("district") in scope.districts)
		or (bool(area.get("province")) and area.get("province") in scope.provinces)
	)


def committee_meeting(doc, ptype=None, user=None, debug=False):
	user = user or frappe.session.user
	committee = doc.get("committee")
	if ptype in READ_PTYPES:
		return _decide(meeting_visible(_scope(user), doc))
	if not committee and ptype == "create":
		return None  # nothing to check yet: a meeting names its committee before it is saved
	return _decide(may_keep_meetings(user, committee))


def _meeting_of_row(doc) -> frappe._dict | None:
	parent = doc.get("parent")
	if not parent or doc.get("parenttype") not in (None, "Committee Meeting"):
		return None
	return frappe.db.get_value(
		"Committee Meeting",
		parent,
		["name", "committee", "police_unit", "district", "province"],
		as_dict=True,
	)


def committee_meeting_attendance(doc, ptype=None, user=None, debug=False):
	"""Child rows follow their meeting (Frappe itself checks the parent; this answers the same when asked)."""
	meeting = _meeting_of_row(doc)
	return _decide(bool(meeting) and committee_meeting(meeting, ptype, user) is None)


def committee_meeting_agenda_item(doc, ptype=None, user=None, debug=False):
	meeting = _meeting_of_row(doc)
	return _decide(bool(meeting) and committee_meeting(meeting, ptype, user) is None)


# ---- hooks.py: doc_events validate_share (Frappe's DocShare asks the shared record) -------------

CHECKS = {
	"Community Issue": community_issue,
	"Community Issue Log": community_issue_log,
	"Committee": committee,
	"Network Member": network_member,
	"Monthly Unit Report": monthly_unit_report,
	"Coordinator Officer": coordinator_officer,
	"Training Batch": training_batch,
	"Committee Meeting": committee_meeting,
}


def validate_share(doc, method=None, share=None):
	"""A programme record is shared only with a user its area already covers (never with everyone): a share
	would otherwise let that user read or edit it outside the ladder's scope."""
	if share is None:
		return
	check = CHECKS[doc.doctype]
	if share.everyone or not share.user or check(doc, "read", share.user) is False:
		frappe.throw(
			_("{0} {1} can only be shared with users whose area covers it.").format(_(doc.doctype), doc.name),
			frappe.PermissionError,
			title=_("Not Shared"),
		)


def guard_comment(doc, method=None):
	"""doc_event Comment.before_insert: a comment someone types on a programme record needs read permission on
	that record (Frappe's website comment endpoint lets any logged-in user comment on any record by name).
	Comments the system writes (workflow, attachments, edits) are not typed by the session user."""
	if doc.comment_type not in ("Comment", "Like") or not doc.reference_doctype:
		return
	if frappe.get_meta(doc.reference_doctype).module != "Stronger Together":
		return
	if frappe.session.user == "Administrator" or not doc.reference_name:
		return
	if not frappe.get_doc(doc.reference_doctype, doc.reference_name).has_permission("read"):
		frappe.throw(
			_("You cannot comment on {0} {1}.").format(_(doc.reference_doctype), doc.reference_name),
			frappe.PermissionError,
		)


def admins_only(doc, ptype=None, user=None, debug=False):
	"""Open311 partners and their webhook deliveries (see conditions.admins_only)."""
	return _decide(is_admin(user))
