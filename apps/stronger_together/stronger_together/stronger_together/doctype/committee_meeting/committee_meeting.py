# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_datetime, getdate

from stronger_together.ladder import committees
from stronger_together.meetings import minutes, notices, rules, service
from stronger_together.utils.documents import ValuesChecked
from stronger_together.utils.thai import format_be_date


class CommitteeMeeting(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from stronger_together.stronger_together.doctype.committee_meeting_agenda_item.committee_meeting_agenda_item import (
			CommitteeMeetingAgendaItem,
		)
		from stronger_together.stronger_together.doctype.committee_meeting_attendance.committee_meeting_attendance import (
			CommitteeMeetingAttendance,
		)

		agenda: DF.Table[CommitteeMeetingAgendaItem]
		amended_from: DF.Link | None
		attendance: DF.Table[CommitteeMeetingAttendance]
		be_year: DF.Int
		committee: DF.Link
		committee_level: DF.Literal["Station", "District", "Division", "Province", "Bureau", "National HQ"]
		committee_title: DF.Data | None
		district: DF.Link | None
		end_time: DF.Time | None
		ends_at: DF.Datetime | None
		meeting_date: DF.Date
		meeting_label: DF.Data | None
		meeting_number: DF.Int
		members_present: DF.Int
		minutes_pdf: DF.Attach | None
		minutes_reference: DF.Data | None
		number_key: DF.Data | None
		online_link: DF.Data | None
		police_unit: DF.Link | None
		presiding_chair: DF.Link | None
		presiding_chair_name: DF.Data | None
		province: DF.Link | None
		quorum_members: DF.Int
		quorum_required: DF.Int
		reminder_sent: DF.Check
		resolutions_applied: DF.Int
		secretary: DF.Link | None
		secretary_name: DF.Data | None
		start_time: DF.Time
		starts_at: DF.Datetime | None
		title: DF.Data | None
		venue: DF.Data | None
	# end: auto-generated types

	def submit(self):
		"""The committee's lock comes first: a second submit of the same committee waits here, holding no lock
		the first one needs (its own meeting row is locked only after)."""
		if self.committee:
			service.lock_committee(self.committee)
		return super().submit()

	def validate(self):
		self.require_committee()
		self.set_committee()
		self.set_times()
		self.set_officers()
		self.sync_attendance()
		self.set_quorum()
		self.validate_presiding_chair()
		self.validate_agenda()
		self.set_title()

	def before_submit(self):
		self.require_saved_draft()
		self.require_minutes_fields()
		self.require_quorum()
		self.require_presiding_chair()
		service.check_resolutions(self)
		service.assign_number(self)
		self.set_title()
		self.apply_resolutions()

	def on_submit(self):
		minutes.queue_attach(self)
		notices.after_resolutions(self, self.flags.moved or [])

	def before_update_after_submit(self):
		frappe.throw(
			_(
				"Meeting {0} ({1}) is submitted: its resolutions were applied once and its minutes are the record."
			).format(self.name, self.meeting_label),
			frappe.DocstatusTransitionError,
			title=_("Already Submitted"),
		)

	def before_cancel(self):
		service.refuse_cancel(self)

	def on_cancel(self):
		# the number stays with the cancelled meeting for the record; an amendment may take it over
		self.db_set("number_key", None, update_modified=False)

	def after_insert(self):
		notices.scheduled(self)

	def on_update(self):
		before = self.get_doc_before_save()
		if (
			before
			and self.docstatus == 0
			and (
				getdate(before.meeting_date) != getdate(self.meeting_date)
				or str(before.start_time) != str(self.start_time)
			)
		):
			self.db_set("reminder_sent", 0, update_modified=False)
			notices.scheduled(self, rescheduled=True)

	# ---- validate ----------------------------------------------------------------------------

	def require_committee(self):
		if not self.committee or not self.meeting_date:
			frappe.throw(
				_("Choose the committee and the meeting date first."),
				frappe.MandatoryError,
				title=_("Committee Meeting"),
			)

	def set_committee(self):
		info = service.committee_info(self.committee)
		if not info:
			frappe.throw(_("Committee {0} not found").format(self.committee), frappe.LinkValidationError)
		if self.docstatus == 0 and not info.is_active:
			frappe.throw(
				_("{0} is not an active committee; only an active committee meets.").format(self.committee),
				title=_("Inactive Committee"),
			)
		self.committee_level = info.committee_level
		self.police_unit, self.district, self.province = info.police_unit, info.district, info.province
		self.committee_title = service.committee_title(info)

	def set_times(self):
		"""starts_at / ends_at feed the calendar; a drag on the calendar moves the date and times."""
		self.take_calendar_move()
		closes = self.end_time and _seconds(self.end_time) > _seconds(self.start_time)
		self.starts_at = service.at(self.meeting_date, self.start_time)
		self.ends_at = service.at(self.meeting_date, self.end_time if closes else self.start_time)

	def take_calendar_move(self):
		before = self.get_doc_before_save()
		if not (before and before.starts_at and self.starts_at):
			return
		moved = get_datetime(self.starts_at)
		if moved == get_datetime(before.starts_at):
			return
		if getdate(self.meeting_date) != getdate(before.meeting_date) or _seconds(
			self.start_time
		) != _seconds(before.start_time):
			return  # the form changed the date or time itself
		length = _seconds(before.end_time) - _seconds(before.start_time) if before.end_time else 0
		self.meeting_date, self.start_time = moved.date(), moved.strftime("%H:%M:%S")
		if length > 0:
			end = _seconds(self.start_time) + length
			if end < 24 * 3600:
				self.end_time = f"{end // 3600:02d}:{end % 3600 // 60:02d}:{end % 60:02d}"

	def set_officers(self):
		"""Left empty, the presiding chair is the committee's chair on the meeting date and the secretary its
		secretary."""
		rows = committees.members_on(self.committee, self.meeting_date)
		if not self.presiding_chair:
			chairs = [r.user for r in rows if committees.is_chair_row(r)]
			self.presiding_chair = chairs[0] if chairs else None
		if not self.secretary:
			# the committee's secretary; a committee without one: the member who records the meeting
			secretaries = [r.user for r in rows if r.position == rules.SECRETARY]
			recorder = frappe.session.user if any(r.user == frappe.session.user for r in rows) else None
			self.secretary = secretaries[0] if secretaries else recorder
		for field in ("presiding_chair", "secretary"):
			name_field = f"{field}_name"
			self.set(
				name_field,
				frappe.db.get_value("User", self.get(field), "full_name") if self.get(field) else None,
			)

	def sync_attendance(self):
		"""A draft's attendance list is the committee's members on the meeting date (their marks kept) plus the
		invited guests (validate runs on save and on submit; a submitted meeting's list then stays)."""
		self.set("attendance", service.attendance_rows(self))
		for row in self.attendance:
			if row.attendee_type == rules.GUEST and not (row.attendee_name or row.user):
				frappe.throw(
					_("Attendance row {0}: an invited guest needs a name.").format(row.idx),
					title=_("Guest Without a Name"),
				)
			if row.attendee_type == rules.GUEST and not row.attendee_name:
				row.attendee_name = frappe.db.get_value("User", row.user, "full_name") or row.user

	def set_quorum(self):
		quorum = service.quorum_of(self)
		self.members_present, self.quorum_members, self.quorum_required = (
			quorum.present,
			quorum.members,
			quorum.required,
		)

	def validate_presiding_chair(self):
		"""Whoever presides is the chair (or acting chair) on the meeting date, or a vice-chair; that the chair
		was absent and the presiding chair present is checked on submit, when attendance is complete."""
		if not self.presiding_chair:
			return
		refusal = self.presiding_refusal()
		if refusal in ("not_member", "not_chair"):
			self.throw_presiding(refusal)

	def presiding_refusal(self) -> str | None:
		rows = committees.members_on(self.committee, self.meeting_date)
		marks = {r.user: r.attendance for r in self.attendance if r.attendee_type == rules.MEMBER}
		return rules.presiding_refusal(self.presiding_chair, rows, marks)

	def throw_presiding(self, refusal: str):
		day = format_be_date(self.meeting_date)
		messages = {
			"not_member": _("{0} is not a member of {1} on {2}: the chair or acting chair presides.").format(
				self.presiding_chair, self.committee, day
			),
			"not_chair": _(
				"{0} is not the chair or acting chair of {1} on {2}; a vice-chair presides only when the chair is marked absent."
			).format(self.presiding_chair, self.committee, day),
			"chair_present": _(
				"The chair of {0} is not marked absent or on leave, so the chair presides, not vice-chair {1}."
			).format(self.committee, self.presiding_chair),
			"absent": _("The presiding chair {0} is not marked present in the attendance list.").format(
				self.presiding_chair
			),
		}
		frappe.throw(messages[refusal], frappe.ValidationError, title=_("Presiding Chair"))

	def validate_agenda(self):
		seen = {}
		for row in self.agenda:
			if row.item_type != rules.ISSUE:
				row.community_issue = None
				row.resolution = None
				continue
			if not row.community_issue:
				frappe.throw(
					_("Agenda row {0}: an issue item names its Community Issue.").format(row.idx),
					title=_("Agenda"),
				)
			if row.community_issue in seen:
				frappe.throw(
					_("Issue {0} is on the agenda twice (rows {1} and {2}).").format(
						row.community_issue, seen[row.community_issue], row.idx
					),
					title=_("Agenda"),
				)
			seen[row.community_issue] = row.idx
			if row.resolution and row.resolution not in rules.RESOLUTIONS:
				frappe.throw(_("Agenda row {0}: unknown decision {1}.").format(row.idx, row.resolution))
		service.fill_snapshot(
			self, [r for r in self.agenda if r.item_type == rules.ISSUE and not r.issue_state]
		)
		for row in self.agenda:
			if not (row.topic or "").strip():
				frappe.throw(_("Agenda row {0}: write its topic.").format(row.idx), title=_("Agenda"))
		ordered = service.order_agenda(list(self.agenda))
		for idx, row in enumerate(ordered, start=1):
			row.idx = idx
		self.agenda = ordered

	def set_title(self):
		when = self.meeting_label or format_be_date(self.meeting_date)
		self.title = f"{self.committee_title} {when}"

	# ---- submit ------------------------------------------------------------------------------

	def require_saved_draft(self):
		"""The agenda is drawn and attendance recorded on a draft; a meeting is submitted once it is saved."""
		if self.flags.in_insert:
			frappe.throw(
				_("Save the meeting as a draft first, then submit it."), title=_("Committee Meeting")
			)

	def require_minutes_fields(self):
		missing = [
			_(self.meta.get_label(f)) for f in ("end_time", "secretary", "presiding_chair") if not self.get(f)
		]
		unmarked = [
			r.attendee_name for r in self.attendance if r.attendee_type == rules.MEMBER and not r.attendance
		]
		if self.end_time and _seconds(self.end_time) <= _seconds(self.start_time):
			frappe.throw(
				_("The closing time ({0}) must be after the opening time ({1}).").format(
					str(self.end_time)[:5], str(self.start_time)[:5]
				),
				title=_("Invalid Times"),
			)
		if missing:
			frappe.throw(
				_("The minutes need: {0}.").format(", ".join(missing)),
				frappe.MandatoryError,
				title=_("Minutes Incomplete"),
			)
		if unmarked:
			frappe.throw(
				_("Mark every member present, absent or on leave: {0}.").format(", ".join(unmarked)),
				frappe.MandatoryError,
				title=_("Attendance Incomplete"),
			)

	def require_quorum(self):
		quorum = service.quorum_of(self)
		if not quorum.met:
			frappe.throw(
				_(
					"No quorum: {0} of the {1} members in office on {2} are present, and the quorum is {3} ({4}). Invited guests do not count."
				).format(
					quorum.present,
					quorum.members,
					format_be_date(self.meeting_date),
					quorum.required,
					service.quorum_rule_text(),
				),
				service.NoQuorum,
				title=_("No Quorum"),
			)

	def require_presiding_chair(self):
		refusal = self.presiding_refusal()
		if refusal:
			self.throw_presiding(refusal)

	def apply_resolutions(self):
		self.flags.moved = service.apply_resolutions(self)
		self.resolutions_applied = len(self.flags.moved)


def _seconds(value) -> int:
	parts = [int(float(p)) for p in str(value).split(":")]
	parts += [0] * (3 - len(parts))
	return parts[0] * 3600 + parts[1] * 60 + parts[2]


def on_doctype_update():
	"""Numbered per committee and Buddhist year: the lookup of the highest number walks this index."""
	frappe.db.add_index("Committee Meeting", ["committee", "be_year", "meeting_number"], service.NUMBER_INDEX)
	frappe.db.add_index("Committee Meeting", ["police_unit", "meeting_date"])
