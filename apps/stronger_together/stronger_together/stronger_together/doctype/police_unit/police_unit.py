# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _

from frappe.utils.nestedset import NestedSet

from stronger_together import settings
from stronger_together.ladder import service as ladder

from stronger_together.people import rules as people

from stronger_together.people import queries as people_db
from stronger_together.people.units import NEEDS_PROVINCE, expected_parent_type, is_group
from stronger_together.utils.documents import ValuesChecked


class PoliceUnit(ValuesChecked, NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from stronger_together.stronger_together.doctype.police_unit_jurisdiction.police_unit_jurisdiction import (
			PoliceUnitJurisdiction,
		)

		coordinator_officer: DF.Link | None
		disabled: DF.Check
		is_group: DF.Check
		jurisdiction: DF.Table[PoliceUnitJurisdiction]
		lft: DF.Int
		member_count: DF.Int
		member_coverage: DF.Percent
		old_parent: DF.Link | None
		parent_police_unit: DF.Link | None
		parent_unit_code: DF.Data | None
		province: DF.Link | None
		rgt: DF.Int
		unit_code: DF.Data
		unit_name_en: DF.Data | None
		unit_name_th: DF.Data
		unit_type: DF.Literal["National HQ", "Bureau", "Division", "Station"]
	# end: auto-generated types
	nsm_parent_field = "parent_police_unit"

	def validate(self):
		self.resolve_parent_unit_code()
		self.set_is_group()
		self.validate_parent_type()
		self.validate_province()
		self.validate_jurisdiction()
		self.validate_coordinator_officer()
		self.set_member_coverage()

	def on_update(self):
		super().on_update()  # NestedSet: the tree's lft/rgt
		self.realign_issues()

	def after_rename(self, old: str, new: str, merge: bool = False):
		super().after_rename(old, new, merge)
		if merge:
			ladder.realign_issue_areas(new)

	def realign_issues(self):
		"""A unit moved under another parent: its issues take their division and bureau from the tree."""
		if self.has_value_changed("parent_police_unit"):
			ladder.realign_issue_areas(self.name)

	def resolve_parent_unit_code(self):
		"""Data Import names the parent by code; an unknown code fails this row only, with its name."""
		code = (self.parent_unit_code or "").strip()
		self.parent_unit_code = None
		if not code:
			return
		if not frappe.db.exists("Police Unit", code):
			frappe.throw(
				_("Unknown parent unit {0}: import or create it first, or correct the code.").format(code),
				title=_("Invalid Parent Unit"),
			)
		self.parent_police_unit = code

	def set_is_group(self):
		self.is_group = 1 if is_group(self.unit_type) else 0

	def validate_parent_type(self):
		expected = expected_parent_type(self.unit_type)
		if not expected:
			if self.parent_police_unit:
				frappe.throw(_("National HQ cannot have a parent unit."), title=_("Invalid Parent Unit"))
			return
		if not self.parent_police_unit:
			frappe.throw(
				_("A {0} must have a parent unit of type {1}.").format(_(self.unit_type), _(expected))
			)
		parent_type = frappe.db.get_value("Police Unit", self.parent_police_unit, "unit_type")
		if parent_type != expected:
			frappe.throw(
				_("The parent of a {0} must be a {1}; {2} is a {3}.").format(
					_(self.unit_type), _(expected), self.parent_police_unit, _(parent_type or "")
				),
				title=_("Invalid Parent Unit"),
			)

	def validate_province(self):
		if self.unit_type in NEEDS_PROVINCE and not self.province:
			frappe.throw(_("A {0} must have a province.").format(_(self.unit_type)))

	def validate_jurisdiction(self):
		if self.unit_type != "Station":
			self.jurisdiction = []
			return
		for row in self.jurisdiction:
			if frappe.db.get_value("District", row.district, "province") != self.province:
				frappe.throw(
					_("Jurisdiction row {0}: district {1} is not in province {2}.").format(
						row.idx, row.district, self.province
					),
					title=_("Outside the Station's Province"),
				)
			if (
				row.subdistrict
				and frappe.db.get_value("Subdistrict", row.subdistrict, "district") != row.district
			):
				frappe.throw(
					_("Jurisdiction row {0}: sub-district {1} is not in district {2}.").format(
						row.idx, row.subdistrict, row.district
					),
					title=_("Sub-district Outside the District"),
				)

	def validate_coordinator_officer(self):
		if not self.coordinator_officer:
			return
		if self.unit_type != "Station":
			self.coordinator_officer = None
			return
		officer_unit = frappe.db.get_value("Coordinator Officer", self.coordinator_officer, "police_unit")
		if officer_unit not in (self.name, self.parent_police_unit):
			frappe.throw(
				_("Coordinator officer {0} belongs to {1}, not to this station or its division.").format(
					self.coordinator_officer, officer_unit
				),
				title=_("Invalid Coordinator Officer"),
			)

	def set_member_coverage(self):
		"""Derived from the members: never trust what the form sent back."""
		if self.unit_type != "Station" or self.is_new():
			self.member_count, self.member_coverage = 0, 0
			return
		quota, _mode = settings.quota()
		self.member_count = people_db.counted_members(self.name)
		self.member_coverage = people.coverage(self.member_count, quota)
