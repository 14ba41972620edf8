"""Whitelisted endpoints of committee meetings: drawing the agenda, filling the attendance list (with the
quorum it needs), and the minutes as a Thai PDF. Each checks permission first: the form's buttons act for
the committee's secretary or chair (or an admin); the minutes are for whoever may read the meeting."""

import frappe
from frappe import _

from stronger_together.meetings import minutes, service

DOCTYPE = "Committee Meeting"


def _meeting_from_form(doc: str | dict):
	"""The meeting as the form holds it (saved or not), once the user may keep its committee's meetings."""
	data = frappe.parse_json(doc)
	if not isinstance(data, dict) or not data.get("committee") or not data.get("meeting_date"):
		frappe.throw(_("Choose the committee and the meeting date first."), title=_("Committee Meeting"))
	data["doctype"] = DOCTYPE
	meeting = frappe.get_doc(data)
	if not frappe.db.exists("Committee", meeting.committee):
		frappe.throw(_("Committee {0} not found").format(meeting.committee), frappe.DoesNotExistError)
	meeting.check_permission("write")
	if meeting.docstatus != 0:
		frappe.throw(
			_("Meeting {0} is submitted: its agenda and attendance are the record.").format(meeting.name)
		)
	return meeting


@frappe.whitelist(methods=["POST"])
def get_issues(doc: str | dict) -> list[dict]:
	"""The agenda with one row for every issue the committee holds now (oldest first, overdue marked),
	keeping the free items and what was already typed for an issue still held."""
	meeting = _meeting_from_form(doc)
	return service.draw_agenda(meeting)


@frappe.whitelist(methods=["POST"])
def fill_attendance(doc: str | dict) -> dict:
	"""The committee's members in office on the meeting date (marks kept) and the guests, with the quorum."""
	meeting = _meeting_from_form(doc)
	meeting.set("attendance", service.attendance_rows(meeting))
	quorum = service.quorum_of(meeting)
	return {
		"attendance": [
			{
				k: v
				for k, v in row.as_dict().items()
				if k not in ("name", "parent", "parenttype", "parentfield")
			}
			for row in meeting.attendance
		],
		"members_present": quorum.present,
		"quorum_members": quorum.members,
		"quorum_required": quorum.required,
	}


@frappe.whitelist()
def download_minutes(name: str) -> None:
	"""The minutes as a Thai PDF (a draft prints as it stands; a submitted meeting's is also attached)."""
	meeting = frappe.get_doc(DOCTYPE, name)
	meeting.check_permission("print")
	frappe.local.response.filename = minutes.file_name(meeting)
	frappe.local.response.filecontent = minutes.pdf(meeting)
	frappe.local.response.type = "pdf"
