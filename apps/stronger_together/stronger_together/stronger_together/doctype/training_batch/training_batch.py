# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import date_diff

from stronger_together.people import rules as people
from stronger_together.utils.documents import ValuesChecked

# audience -> (attendance field, person DocType, fields a batch changes on the person)
AUDIENCES = {
	"Members": ("network_member", "Network Member", ("status", "trained_on", "training_batch")),
	"Officers": (
		"coordinator_officer",
		"Coordinator Officer",
		("training_status", "trained_on", "training_batch"),
	),
}


class TrainingBatch(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from stronger_together.stronger_together.doctype.training_attendance.training_attendance import (
			TrainingAttendance,
		)

		amended_from: DF.Link | None
		attendance: DF.Table[TrainingAttendance]
		audience: DF.Literal["Members", "Officers"]
		batch_title: DF.Data
		capacity: DF.Int
		end_date: DF.Date
		passed_count: DF.Int
		police_unit: DF.Link
		start_date: DF.Date
		trainers: DF.SmallText | None
		venue: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.validate_dates()
		self.validate_attendees()
		self.validate_no_duplicates()
		self.validate_capacity()
		self.validate_days_attended()
		self.validate_overlapping_batches()
		self.set_passed_count()

	def on_submit(self):
		self.mark_trained()

	def on_cancel(self):
		self.revert_trained()

	@property
	def person_field(self) -> str:
		return AUDIENCES[self.audience][0]

	@property
	def person_doctype(self) -> str:
		return AUDIENCES[self.audience][1]

	def validate_dates(self):
		if not people.valid_range(self.start_date, self.end_date):
			frappe.throw(_("End Date cannot be before Start Date."), title=_("Invalid Dates"))

	def validate_attendees(self):
		other_field = "coordinator_officer" if self.person_field == "network_member" else "network_member"
		for row in self.attendance:
			row.set(other_field, None)
			person = row.get(self.person_field)
			if not person:
				frappe.throw(
					_("Attendance row {0}: choose the {1}.").format(row.idx, _(self.person_doctype)),
					title=_("Missing Attendee"),
				)
			title_field = "full_name" if self.audience == "Members" else "full_title"
			row.person_name = frappe.db.get_value(self.person_doctype, person, title_field)

	def validate_no_duplicates(self):
		repeated = people.duplicates(row.get(self.person_field) for row in self.attendance)
		if repeated:
			frappe.throw(
				_("{0} is listed more than once in this batch.").format(", ".join(repeated)),
				title=_("Duplicate Attendee"),
			)

	def validate_capacity(self):
		if self.capacity and len(self.attendance) > self.capacity:
			frappe.throw(
				_("This batch has {0} attendees but a capacity of {1}.").format(
					len(self.attendance), self.capacity
				),
				title=_("Over Capacity"),
			)

	def validate_days_attended(self):
		days = date_diff(self.end_date, self.start_date) + 1
		for row in self.attendance:
			if row.days_attended is not None and not 0 <= row.days_attended <= days:
				frappe.throw(
					_("Attendance row {0}: days attended must be between 0 and {1}.").format(row.idx, days)
				)

	def validate_overlapping_batches(self):
		persons = [row.get(self.person_field) for row in self.attendance if row.get(self.person_field)]
		if not persons:
			return
		field = self.person_field
		# the batches these people are in (a handful each); which of them overlap is the people rule's call
		batches = frappe.db.sql(
			f"""
			select ta.`{field}` as person, tb.name as batch, tb.start_date, tb.end_date
			from `tabTraining Attendance` ta
			join `tabTraining Batch` tb on tb.name = ta.parent
			where ta.parenttype = 'Training Batch' and ta.parentfield = 'attendance'
				and tb.docstatus < 2 and tb.name != %(name)s
				and ta.`{field}` in %(persons)s
			order by tb.start_date
			""",
			{"name": self.name or "", "persons": tuple(persons)},
			as_dict=True,
		)
		clashes = [
			b
			for b in batches
			if people.ranges_overlap(b.start_date, b.end_date, self.start_date, self.end_date)
		]
		if clashes:
			first = clashes[0]
			frappe.throw(
				_("{0} is already in training batch {1} ({2} to {3}), which overlaps this one.").format(
					frappe.bold(first.person), first.batch, first.start_date, first.end_date
				),
				title=_("Overlapping Training Batch"),
			)

	def set_passed_count(self):
		self.passed_count = sum(1 for row in self.attendance if row.passed)

	def passed_attendees(self):
		"""(attendance row, person, the person's training fields now) for each attendee who passed."""
		_field, doctype, fields = AUDIENCES[self.audience]
		for row in self.attendance:
			if not row.passed:
				continue
			person = row.get(self.person_field)
			current = frappe.db.get_value(doctype, person, list(fields), as_dict=True)
			if current:
				yield row, person, current

	def mark_trained(self):
		_field, doctype, fields = AUDIENCES[self.audience]
		for row, person, current in self.passed_attendees():
			row.db_set(
				{
					"previous_status": current.get(fields[0]),
					"previous_trained_on": current.trained_on,
					"previous_training_batch": current.training_batch,
				},
				update_modified=False,
			)
			frappe.db.set_value(
				doctype, person, people.after_training(current, self.name, self.end_date, self.audience)
			)

	def revert_trained(self):
		_field, doctype, fields = AUDIENCES[self.audience]
		for row, person, current in self.passed_attendees():
			saved = {
				fields[0]: row.previous_status
				or ("Candidate" if self.audience == "Members" else "Not Trained"),
				"trained_on": row.previous_trained_on,
				"training_batch": row.previous_training_batch or None,
			}
			restore = people.after_cancel(current, saved, self.name)
			if restore is not None:
				frappe.db.set_value(doctype, person, restore)
