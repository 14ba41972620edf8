# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_datetime

from stronger_together.ladder import service as escalation

from stronger_together.people import rules as people

from stronger_together.people import queries as people_db

from stronger_together.ladder import sla
from stronger_together.ladder import transitions as T

# Set only by the ladder (insert and workflow moves); never taken from a form or a REST body
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
	"district",
	"province",
	"division",
	"bureau",
)
# Notes the acting chair fills in for the next move; the log keeps them and the issue forgets them
NOTE_FIELDS = ("action_reason", "meeting_date", "resolution_reference")


class CommunityIssue(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		accept_requested: DF.Check
		accepted_on: DF.Datetime | None
		action_reason: DF.SmallText | None
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
		is_overdue: DF.Check
		meeting_date: DF.Date | None
		priority: DF.Literal["Low", "Medium", "High", "Urgent"]
		province: DF.Link | None
		raised_on: DF.Date | None
		reported_to_government_on: DF.Date | None
		reporter: DF.Link | None
		resolution: DF.Text | None
		resolution_reference: DF.Data | None
		resolved_at_rung: DF.Literal[
			"", "Station", "District", "Division", "Province", "Bureau", "National HQ"
		]
		resolved_on: DF.Date | None
		rung_due_date: DF.Date | None
		rung_since: DF.Datetime | None
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
		else:
			self.refuse_changes_when_final()
			self.keep_ladder_fields()
			self.validate_reporter()
			self.apply_ladder_move()

	def on_update(self):
		self.write_log()

	# ---- insert ------------------------------------------------------------------------------

	def validate_station(self):
		unit_type = frappe.db.get_value("Police Unit", self.station, "unit_type")
		if unit_type != "Station":
			frappe.throw(
				_("{0} is not a police station ({1}); an issue is raised at a station.").format(
					self.station, _(unit_type or "")
				)
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
				)
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

	def set_area(self):
		self.district, self.province = frappe.db.get_value(
			"Subdistrict", self.subdistrict, ["district", "province"]
		) or (None, None)
		area = escalation.issue_area(self.station, self.district, self.province)
		self.division = area.division or None
		self.bureau = area.bureau or None

	def place_on_first_rung(self):
		for field in LADDER_FIELDS[:-4]:
			self.set(field, None)
		now = escalation.now()
		area = escalation.issue_area(self.station, self.district, self.province)
		self.workflow_state = T.RUNG_STATE["Station"]
		self.current_rung = "Station"
		self.current_committee = escalation.committee_at("Station", area)
		self.rung_since = now
		self.rung_due_date = escalation.due_date_for("Station", now)
		self.is_overdue = 0
		self.raised_on = self.raised_on or escalation.today()
		self.flags.ladder_log = {
			"action": T.RAISE,
			"to_state": self.workflow_state,
			"to_rung": "Station",
			"committee": self.current_committee,
			"acted_by": frappe.session.user,
			"acted_at": now,
			"days_on_rung": 0,
		}

	# ---- edits -------------------------------------------------------------------------------

	def refuse_changes_when_final(self):
		before = self.get_doc_before_save()
		escalation.assert_not_final(before.workflow_state, self.name)

	def keep_ladder_fields(self):
		"""Ladder fields only change through a move below; whatever a form or REST body says is ignored."""
		if self.flags.ladder_system_update:
			return
		before = self.get_doc_before_save()
		for field in LADDER_FIELDS:
			self.set(field, before.get(field))

	def apply_ladder_move(self):
		before = self.get_doc_before_save()
		action = self.flags.ladder_action
		# the Workflow sets accept_requested on every transition into a rung state (see workflow/)
		accept_requested = cint(self.accept_requested)
		self.accept_requested = 0
		if before.workflow_state == self.workflow_state:
			if action == T.ACCEPT or (accept_requested and not action):
				self.accept(before)
			return
		move = T.infer_move(
			before.workflow_state, self.workflow_state, before.current_rung, before.resolved_at_rung
		)
		if not move or (action and move.action != action):
			frappe.throw(
				_(
					"Issue {0} cannot go from {1} to {2}: it moves one rung at a time, up or down, and no rung is skipped."
				).format(self.name, _(before.workflow_state), _(self.workflow_state)),
				title=_("Rung Skipped"),
			)
		if not self.flags.ladder_system:
			escalation.assert_can_act(before, frappe.session.user)
		escalation.assert_notes(self, move.action)
		self.move(before, move)

	def accept(self, before):
		escalation.assert_move_allowed(before, T.ACCEPT)
		if not self.flags.ladder_system:
			escalation.assert_can_act(before, frappe.session.user)
		now = escalation.now()
		self.accepted_on = now
		self.flags.ladder_log = self.log_entry(before, T.ACCEPT, now, self.action_reason)
		self.clear_notes()

	def move(self, before, move):
		now = escalation.now()
		reason = (self.resolution if move.action == T.RESOLVE else self.action_reason) or ""
		self.flags.ladder_log = self.log_entry(before, move.action, now, reason)
		self.flags.ladder_move = move.action
		self.flags.ladder_reason = reason
		if move.to_state in T.STATE_RUNG:
			self.enter_rung(move.to_rung, now)
			if move.action == T.REOPEN:
				self.resolved_on = self.resolved_at_rung = self.resolution = None
		elif move.action == T.RESOLVE:
			self.resolved_on = escalation.today()
			self.resolved_at_rung = before.current_rung
			self.is_overdue = 0
		elif move.to_state == T.REPORTED:
			self.reported_to_government_on = escalation.today()
			self.is_overdue = 0
		elif move.to_state in T.FINAL_STATES:
			self.closing_reason = reason
			self.is_overdue = 0
		self.flags.ladder_log["to_rung"] = self.current_rung
		self.clear_notes()

	def enter_rung(self, rung: str, now):
		area = escalation.issue_area(self.station, self.district, self.province)
		self.current_committee = escalation.committee_at(rung, area)
		self.current_rung = rung
		self.rung_since = now
		self.rung_due_date = escalation.due_date_for(rung, now)
		self.is_overdue = 0
		self.accepted_on = None

	def log_entry(self, before, action: str, now, reason: str) -> dict:
		return {
			"action": action,
			"from_state": before.workflow_state,
			"to_state": self.workflow_state,
			"from_rung": before.current_rung,
			"to_rung": self.current_rung,
			"committee": before.current_committee,
			"acted_by": frappe.session.user,
			"acted_at": now,
			"reason": reason,
			"meeting_date": self.meeting_date,
			"resolution_reference": self.resolution_reference,
			"days_on_rung": sla.days_on_rung(get_datetime(before.rung_since), get_datetime(now))
			if before.rung_since
			else 0,
		}

	def clear_notes(self):
		for field in NOTE_FIELDS:
			self.set(field, None)

	def write_log(self):
		entry = self.flags.pop("ladder_log", None)
		if not entry:
			return
		escalation.write_log(self.name, entry)
		action = self.flags.pop("ladder_move", None)
		if action:
			escalation.notify_after_move(self, action, entry["acted_by"])


def on_doctype_update():
	"""Issue Ladder Summary groups live issues by station, rung and state: a covering index keeps it fast
	(80,000 issues: 1.6 s without it, 0.5 s with it)."""
	frappe.db.add_index("Community Issue", ["station", "current_rung", "workflow_state"])
