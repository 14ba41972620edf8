# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_datetime

from stronger_together.ladder import notifications, service, sla
from stronger_together.ladder import transitions as T
from stronger_together.ladder.service import CHAIR, MEETING, REPORTER, SYSTEM, Request
from stronger_together.people import queries as people_db
from stronger_together.people import rules as people
from stronger_together.portal import recurrence
from stronger_together.stronger_together.doctype.community_issue_log.community_issue_log import (
	CommunityIssueLog,
)
from stronger_together.utils.documents import ValuesChecked

# Set only by the ladder (insert and moves); never taken from a form or a REST body
LADDER_FIELDS = (
	"current_rung",
	"current_committee",
	"rung_since",
	"rung_due_date",
	"is_overdue",
	"accepted_on",
	"resolved_on",
	"resolved_at_rung",
	"reported_to_government_on",
	"closing_reason",
	"possible_recurrence_of",
	"reporter_answer",
	"reporter_reopened",
)
# Derived from the station and sub-district when the issue is raised
AREA_FIELDS = ("district", "province", "division", "bureau")
# Notes the acting chair fills in for the next move; the log keeps them and the issue forgets them
NOTE_FIELDS = ("action_reason", "meeting_date", "resolution_reference")


class CommunityIssue(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		accept_requested: DF.Check
		accepted_on: DF.Datetime | None
		action_reason: DF.SmallText | None
		address_string: DF.Data | None
		bureau: DF.Link | None
		category: DF.Literal[
			"Crime",
			"Drugs",
			"Traffic and Road Safety",
			"Public Order",
			"Livelihood",
			"Culture",
			"Tourism",
			"Environment",
			"Other",
		]
		closing_reason: DF.SmallText | None
		current_committee: DF.Link | None
		current_rung: DF.Literal["Station", "District", "Division", "Province", "Bureau", "National HQ"]
		description: DF.TextEditor | None
		district: DF.Link | None
		division: DF.Link | None
		external_id: DF.Data | None
		is_overdue: DF.Check
		latitude: DF.Float
		longitude: DF.Float
		meeting_date: DF.Date | None
		open311_partner: DF.Link | None
		possible_recurrence_of: DF.Link | None
		priority: DF.Literal["Low", "Medium", "High", "Urgent"]
		province: DF.Link | None
		raised_on: DF.Date | None
		reported_to_government_on: DF.Date | None
		reporter: DF.Link | None
		reporter_answer: DF.Literal["", "Solved", "Not Solved", "No Answer"]
		reporter_reopened: DF.Check
		resolution: DF.Text | None
		resolution_reference: DF.Data | None
		resolved_at_rung: DF.Literal[
			"", "Station", "District", "Division", "Province", "Bureau", "National HQ"
		]
		resolved_on: DF.Date | None
		rung_due_date: DF.Date | None
		rung_since: DF.Datetime | None
		source: DF.Literal["Desk", "Portal", "Open311"]
		station: DF.Link
		subdistrict: DF.Link
		title: DF.Data
		workflow_state: DF.Link | None

	# end: auto-generated types

	def validate(self):
		if self.is_new():
			self.validate_station()
			self.validate_subdistrict_served()
			self.validate_reporter()
			self.set_area()
			self.place_on_first_rung()
			self.mark_possible_recurrence()
		else:
			self.refuse_changes_when_final()
			self.keep_ladder_fields()
			self.validate_reporter()
			self.apply_ladder_move()

	def on_update(self):
		self.write_log()

	def after_insert(self):
		notifications.raised(self)

	# ---- the ladder's one authority ------------------------------------------------------------

	def act(self, action: str, actor: str | None = None, notes=None, kind: str = CHAIR) -> "CommunityIssue":
		"""Move the issue: the one way every path does it (desk button, REST, Frappe's apply_workflow, a
		meeting's resolutions, a member's answer, the SLA job). Checks the actor (`kind`: a chair of the
		committee holding the issue, the reporter, or the system), the rung and the notes, applies the
		Workflow's transition with its side effects, and writes the log.

		The caller holds the issue's row lock (frappe.get_doc(..., for_update=True)) for a consistent read."""
		request = Request(action, actor or frappe.session.user, T.Notes.of(notes), kind)
		self.check_request(self, request)
		transition = service.workflow_transition(self, request)
		self._ladder_request = request
		# what frappe.model.workflow.apply_workflow does: the next state and the state's update_field
		self.workflow_state = transition.next_state
		state = service.next_state_row(self, transition.next_state)
		if state.update_field:
			self.set(state.update_field, state.update_value)
		# The issue was read from the database under its row lock and a move sets only ladder fields, each
		# from a record the ladder has just read: Frappe's check of every Link field again is skipped.
		self.flags.ignore_links = True
		try:
			with service.workflow_states_memoized():
				self.save(ignore_permissions=True)  # who may act was decided above, by the ladder
		except frappe.TimestampMismatchError:
			service.raise_conflict(self.name, action)
		finally:
			self._ladder_request = None
			self.flags.ignore_links = False
		self.add_comment("Workflow", _(self.workflow_state))
		return self

	def validate_workflow(self):
		"""Frappe checks a state change against the session user's roles; a move made through `act` was checked
		against its actor's (a meeting acts as its presiding chair, the SLA job as the system)."""
		if getattr(self, "_ladder_request", None):
			return
		super().validate_workflow()

	def apply_ladder_move(self):
		"""Every save of an existing issue passes here: a move requested through `act`, a move made by Frappe's
		own apply_workflow (which can only change the state and set the Workflow's update_field), or a plain
		edit, which cannot change the state."""
		before = self.get_doc_before_save()
		request = getattr(self, "_ladder_request", None)
		# The Workflow's update_field: a transition into a rung state asks for Accept when the state stays put
		accept_requested, self.accept_requested = cint(self.accept_requested), 0
		if request is None:
			action = self.action_from_workflow(before, accept_requested)
			if not action:
				return
			notes = T.Notes.of({f: self.get(f) for f in (*NOTE_FIELDS, "resolution")})
			request = Request(action, frappe.session.user, notes)
			self.check_request(before, request)
		self.move(before, request)

	def action_from_workflow(self, before, accept_requested: int) -> str | None:
		if before.workflow_state == self.workflow_state:
			return T.ACCEPT if accept_requested else None
		move = T.infer_move(
			before.workflow_state, self.workflow_state, before.current_rung, before.resolved_at_rung
		)
		if not move:
			service.refuse_skipped_rung(self.name, before.workflow_state, self.workflow_state)
		return move.action

	def check_request(self, issue, request: Request):
		"""The ladder's rules for a move from `issue` (the issue as it stands before the move): it is open, the
		action leads somewhere from its state (no skipped rung), the actor may take it, the notes are there."""
		service.assert_not_final(issue.workflow_state, self.name)
		target = T.target_state(
			issue.workflow_state, request.action, issue.current_rung, issue.resolved_at_rung
		)
		if not target or (request.action == T.ACCEPT and issue.accepted_on):
			service.refuse_move(issue, request.action)
		if issue is not self and target != self.workflow_state:
			service.refuse_skipped_rung(self.name, issue.workflow_state, self.workflow_state)
		service.assert_can_act(issue, request)
		service.assert_notes(self.name, request.action, request.notes)

	def move(self, before, request: Request):
		now, notes, action = service.now(), request.notes, request.action
		reason = notes.resolution if action == T.RESOLVE else notes.reason
		self._ladder_log = self.log_entry(before, request, now, reason)
		# the SLA job and a meeting tell each chair once, in a digest, rather than once per issue
		self._ladder_notice = (
			(action, request.actor, reason) if request.kind not in (SYSTEM, MEETING) else None
		)
		if action == T.ACCEPT:
			self.accepted_on = now
		elif self.workflow_state in T.STATE_RUNG:
			self.enter_rung(T.STATE_RUNG[self.workflow_state], now)
			if action == T.REOPEN:
				self.resolved_on = self.resolved_at_rung = None
		elif action == T.RESOLVE:
			self.resolved_on = service.today()
			self.resolved_at_rung = before.current_rung
			self.is_overdue = 0
		elif self.workflow_state == T.REPORTED:
			self.reported_to_government_on = service.today()
			self.is_overdue = 0
		elif self.workflow_state in T.FINAL_STATES:
			self.closing_reason = reason
			self.is_overdue = 0
		self._ladder_log["to_rung"] = self.current_rung
		self.record_reporter_answer(before, request)
		self.clear_notes(keep_resolution=action == T.RESOLVE)
		if action == T.RESOLVE:
			self.resolution = notes.resolution

	def record_reporter_answer(self, before, request: Request):
		"""A resolution waits for the reporter's answer; their answer (or the system's close when none came)
		is kept for the satisfaction figures."""
		if request.action == T.RESOLVE:
			self.reporter_answer = None
			return
		answer = T.reporter_answer(request.action, before.workflow_state, request.kind)
		if answer and self.reporter:
			self.reporter_answer = answer
			if answer == T.NOT_SOLVED:
				self.reporter_reopened = 1

	def enter_rung(self, rung: str, now):
		area = service.issue_area(self.station, self.district, self.province)
		self.current_committee = service.committee_at(rung, area)
		self.current_rung = rung
		self.rung_since = now
		self.rung_due_date = service.due_date_for(rung, now)
		self.is_overdue = 0
		self.accepted_on = None

	def log_entry(self, before, request: Request, now, reason: str) -> dict:
		notes = request.notes
		return {
			"action": request.action,
			"from_state": before.workflow_state,
			"to_state": self.workflow_state,
			"from_rung": before.current_rung,
			"to_rung": self.current_rung,
			"committee": before.current_committee,
			"acted_by": request.actor,
			"acted_at": now,
			"reason": reason or "",
			"meeting_date": notes.meeting_date,
			"resolution_reference": notes.resolution_reference,
			"committee_meeting": notes.committee_meeting or None,
			"days_on_rung": sla.days_on_rung(get_datetime(before.rung_since), get_datetime(now))
			if before.rung_since
			else 0,
		}

	def clear_notes(self, keep_resolution: bool = False):
		"""A move uses up its notes: nothing typed for one rung is taken by the next rung's move."""
		for field in NOTE_FIELDS:
			self.set(field, None)
		if not keep_resolution:
			self.resolution = None

	def write_log(self):
		entry = getattr(self, "_ladder_log", None)
		if not entry:
			return
		self._ladder_log = None
		CommunityIssueLog.append(self, entry)
		if self._ladder_notice:
			notifications.after_move(self, *self._ladder_notice)
		notifications.to_reporter(self, entry)

	# ---- insert ------------------------------------------------------------------------------

	def validate_station(self):
		unit_type = frappe.db.get_value("Police Unit", self.station, "unit_type")
		if unit_type != "Station":
			frappe.throw(
				_("{0} is not a police station ({1}); an issue is raised at a station.").format(
					self.station, _(unit_type or "")
				),
				title=_("Not a Station"),
			)

	def validate_subdistrict_served(self):
		rows = people_db.jurisdiction_rows(self.station)
		if not rows:
			return
		district = frappe.db.get_value("Subdistrict", self.subdistrict, "district")
		if not people.in_jurisdiction(self.subdistrict, district, rows):
			frappe.throw(
				_("Station {0} does not serve sub-district {1}; see the station's Jurisdiction.").format(
					self.station, self.subdistrict
				),
				title=_("Outside the Station's Jurisdiction"),
			)

	def validate_reporter(self):
		if not self.reporter:
			return
		member_station = frappe.db.get_value("Network Member", self.reporter, "station")
		if member_station != self.station:
			frappe.throw(
				_(
					"Reporter {0} is a network member of {1}, not of {2}; a member raises issues at their own station."
				).format(self.reporter, member_station or _("no station"), self.station),
				title=_("Member of Another Station"),
			)

	def mark_possible_recurrence(self):
		self.possible_recurrence_of = recurrence.possible_recurrence_of(
			self.category, self.subdistrict, self.name
		)

	def set_area(self):
		self.district, self.province = frappe.db.get_value(
			"Subdistrict", self.subdistrict, ["district", "province"]
		) or (None, None)
		area = service.issue_area(self.station, self.district, self.province)
		self.division = area.division or None
		self.bureau = area.bureau or None

	def place_on_first_rung(self):
		for field in LADDER_FIELDS:
			self.set(field, None)
		now = service.now()
		self.workflow_state = T.RUNG_STATE["Station"]
		self.accept_requested = 0
		self.enter_rung("Station", now)
		self.raised_on = self.raised_on or service.today()
		self.clear_notes()
		self._ladder_log = {
			"action": T.RAISE,
			"to_state": self.workflow_state,
			"to_rung": "Station",
			"committee": self.current_committee,
			"acted_by": frappe.session.user,
			"acted_at": now,
			"days_on_rung": 0,
		}
		self._ladder_notice = None

	# ---- edits -------------------------------------------------------------------------------

	def refuse_changes_when_final(self):
		service.assert_not_final(self.get_doc_before_save().workflow_state, self.name)

	def keep_ladder_fields(self):
		"""Ladder and area fields only change through a move; whatever a form or REST body says is ignored."""
		before = self.get_doc_before_save()
		for field in (*LADDER_FIELDS, *AREA_FIELDS):
			self.set(field, before.get(field))


def on_doctype_update():
	"""Indexes for a million issues.

	- The desk list (newest first) and its count, cut to a user's scope by an IN-list on station, division,
	  bureau, district or province (permissions/conditions.py): one index per scope column, ordered by
	  `modified`, so a scope's 20 newest issues are the first 20 entries of its own index.
	- Issue Ladder Summary groups live issues by station, rung and state: a covering index, for a whole
	  station list and for a division or bureau (its scope column first).
	- The month's issues for the station reports: one range per date column (reporting/monthly.issue_rows).
	- The SLA job: unmarked issues past their due date; Overdue Issues as a chair: the overdue issues of the
	  user's stations, districts or provinces, by due date.
	- The national compilation: the issues on the national rung OR reported to the government (an index on
	  each side of the OR, merged)."""
	for column in ("station", "division", "bureau", "district", "province"):
		frappe.db.add_index("Community Issue", [column, "modified"])
	frappe.db.add_index("Community Issue", ["station", "current_rung", "workflow_state"])
	for column in ("division", "bureau"):
		frappe.db.add_index("Community Issue", [column, "station", "current_rung", "workflow_state"])
	for column in ("raised_on", "resolved_on", "reported_to_government_on"):
		frappe.db.add_index("Community Issue", [column])
	frappe.db.add_index("Community Issue", ["is_overdue", "rung_due_date"])
	for column in ("station", "district", "province"):
		frappe.db.add_index("Community Issue", [column, "is_overdue", "rung_due_date"])
	frappe.db.add_index("Community Issue", ["current_rung"])
	# a new issue looks for the latest possible recurrence in its sub-district and category (100,000 issues
	# in one sub-district: 76 ms with an index on the two, 2 to 4 ms with creation in it too)
	frappe.db.add_index("Community Issue", ["subdistrict", "category", "creation"])
