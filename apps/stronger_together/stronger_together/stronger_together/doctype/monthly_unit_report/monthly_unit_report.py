# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import nowdate

from stronger_together.reporting import monthly

from stronger_together.reporting import rollup
from stronger_together.utils.thai import format_be_month
from stronger_together.utils.documents import ValuesChecked


class MonthlyUnitReport(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from stronger_together.stronger_together.doctype.monthly_unit_report_category.monthly_unit_report_category import (
			MonthlyUnitReportCategory,
		)

		amended_from: DF.Link | None
		area_needs: DF.Text | None
		by_category: DF.Table[MonthlyUnitReportCategory]
		issues_escalated: DF.Int
		issues_overdue: DF.Int
		issues_pending: DF.Int
		issues_received: DF.Int
		issues_reported_to_government: DF.Int
		issues_solved_above_station: DF.Int
		issues_solved_at_station: DF.Int
		meetings_held: DF.Int
		members_active: DF.Int
		members_quota: DF.Int
		members_trained: DF.Int
		month: DF.Int
		parent_unit: DF.Link | None
		period_end: DF.Date | None
		period_label: DF.Data | None
		period_start: DF.Date | None
		police_unit: DF.Link
		problems_and_obstacles: DF.Text | None
		resolutions_made: DF.Int
		submitted_on: DF.Date | None
		training_coverage: DF.Percent
		unit_type: DF.Literal["", "National HQ", "Bureau", "Division", "Station"]
		units_expected: DF.Int
		units_missing: DF.SmallText | None
		units_reported: DF.Int
		year: DF.Int

	# end: auto-generated types
	def autoname(self):
		self.set_period()
		self.name = f"{self.police_unit} {self.period_label}"

	def validate(self):
		self.set_unit()
		self.set_period()
		self.validate_one_per_month()
		if self.docstatus == 0:
			self.refresh_figures()
			self.prefill_narrative()

	def before_submit(self):
		self.refresh_figures()
		self.submitted_on = nowdate()

	def before_cancel(self):
		self.validate_parent_not_submitted()

	def validate_parent_not_submitted(self):
		"""A submitted roll-up holds this report's figures: cancel (and amend) it from the top down."""
		if not self.parent_unit:
			return
		parent_report = frappe.db.get_value(
			self.doctype,
			{"police_unit": self.parent_unit, "year": self.year, "month": self.month, "docstatus": 1},
			"name",
		)
		if parent_report:
			frappe.throw(
				_("Cancel {0} first: its submitted figures include this report.").format(parent_report),
				title=_("Report Included in a Roll-up"),
			)

	def set_unit(self):
		self.unit_type, self.parent_unit = frappe.db.get_value(
			"Police Unit", self.police_unit, ["unit_type", "parent_police_unit"]
		)

	def set_period(self):
		try:
			self.period_start, self.period_end = rollup.period_of(int(self.year), int(self.month))
		except (TypeError, ValueError):
			frappe.throw(
				_("Month must be between 1 and 12, not {0}.").format(self.month), title=_("Invalid Month")
			)
		self.period_label = format_be_month(int(self.year), int(self.month))

	def validate_one_per_month(self):
		other = frappe.db.get_value(
			self.doctype,
			{
				"police_unit": self.police_unit,
				"year": self.year,
				"month": self.month,
				"docstatus": ("<", 2),
				"name": ("!=", "" if self.is_new() or self.flags.in_insert else self.name),
			},
			"name",
		)
		if other:
			frappe.throw(
				_("{0} already has a monthly report for {1}: {2}.").format(
					self.police_unit, self.period_label, other
				),
				title=_("Duplicate Monthly Report"),
			)

	def prefill_narrative(self):
		"""A roll-up starts from its units' problems and needs; what its staff write is kept."""
		if self.unit_type == "Station":
			return
		missing = [f for f in monthly.NARRATIVE_FIELDS if not (self.get(f) or "").strip()]
		if not missing:
			return
		texts = monthly.children_narratives(self.police_unit, self.year, self.month)
		for field in missing:
			self.set(field, texts[field] or None)

	def refresh_figures(self):
		"""Drafts follow the issues; from submission on the stored figures are frozen (never called after)."""
		figures = self.flags.precomputed or monthly.compute(self)
		self.flags.precomputed = None
		monthly.apply(self, figures)
