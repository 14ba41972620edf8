# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from stronger_together.ladder import committees
from stronger_together.ladder.routing import AREA_KIND, area_key
from stronger_together.utils.documents import ValuesChecked

# The Police Unit type each unit-based level must point at
UNIT_TYPE_FOR_LEVEL = {
	"Station": "Station",
	"Division": "Division",
	"Bureau": "Bureau",
	"National HQ": "National HQ",
}


class Committee(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF
		from stronger_together.stronger_together.doctype.committee_member.committee_member import (
			CommitteeMember,
		)

		area_key: DF.Data | None
		committee_level: DF.Literal["Station", "District", "Division", "Province", "Bureau", "National HQ"]
		committee_name: DF.Data | None
		district: DF.Link | None
		is_active: DF.Check
		members: DF.Table[CommitteeMember]
		order_reference: DF.Data | None
		police_unit: DF.Link | None
		province: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		self.set_committee_name()

	def validate(self):
		self.validate_area()
		self.set_committee_name()
		self.validate_members()
		self.set_area_key()

	def on_update(self):
		self.sync_member_roles()

	def on_trash(self):
		self.flags.members_to_sync = {m.user for m in self.members}
		self.members = []

	def after_delete(self):
		for user in self.flags.members_to_sync or ():
			committees.sync_user_roles(user)

	def validate_area(self):
		kind = AREA_KIND[self.committee_level]
		if kind == "Police Unit":
			self.district = self.province = None
			if not self.police_unit:
				frappe.throw(
					_("A {0} committee must name the Police Unit it serves.").format(_(self.committee_level))
				)
			expected = UNIT_TYPE_FOR_LEVEL[self.committee_level]
			unit_type = frappe.db.get_value("Police Unit", self.police_unit, "unit_type")
			if unit_type != expected:
				frappe.throw(
					_("A {0} committee must serve a {1}; {2} is a {3}.").format(
						_(self.committee_level), _(expected), self.police_unit, _(unit_type or "")
					)
				)
		elif kind == "District":
			self.police_unit = self.province = None
			if not self.district:
				frappe.throw(_("A District committee must name its District."))
		else:
			self.police_unit = self.district = None
			if not self.province:
				frappe.throw(_("A Province committee must name its Province."))

	def set_committee_name(self):
		if self.committee_name:
			return
		area = committees.area_of(self)
		label = area
		if self.committee_level == "District":
			label = frappe.db.get_value("District", area, "district_name_th") or area
		elif self.committee_level == "Province":
			label = frappe.db.get_value("Province", area, "province_name_th") or area
		name = f"{self.committee_level} Committee {label}"
		n = 1
		while frappe.db.exists("Committee", {"committee_name": name if n == 1 else f"{name} ({n})"}):
			n += 1
		self.committee_name = name if n == 1 else f"{name} ({n})"

	def validate_members(self):
		seen = set()
		for row in self.members:
			if row.user in seen:
				frappe.throw(
					_("Row {0}: {1} is already a member of this committee.").format(row.idx, row.user)
				)
			seen.add(row.user)
			if row.from_date and row.to_date and getdate(row.to_date) < getdate(row.from_date):
				frappe.throw(_("Row {0}: To Date is before From Date.").format(row.idx))
			if row.is_acting_chair and not (row.from_date and row.to_date):
				frappe.throw(
					_(
						"Row {0}: an acting chair is appointed for a period; set From Date and To Date."
					).format(row.idx)
				)
		chairs = [r for r in self.members if r.position == "Chair" and committees.is_current(r)]
		if len(chairs) > 1:
			frappe.throw(
				_(
					"The committee has more than one chair in office today (rows {0}); appoint an acting chair instead."
				).format(", ".join(str(r.idx) for r in chairs))
			)

	def set_area_key(self):
		"""One active committee per level and area: checked here and held by a unique index on area_key."""
		if not self.is_active:
			self.area_key = None
			return
		self.area_key = area_key(self.committee_level, committees.area_of(self))
		other = frappe.db.get_value("Committee", {"area_key": self.area_key, "name": ("!=", self.name)})
		if other:
			frappe.throw(
				_(
					"{0} is already the active {1} committee for {2}; deactivate it before activating another."
				).format(other, _(self.committee_level), committees.area_of(self)),
				frappe.UniqueValidationError,
				title=_("Duplicate Committee"),
			)

	def sync_member_roles(self):
		users = {m.user for m in self.members}
		before = self.get_doc_before_save()
		if before:
			users |= {m.user for m in before.members}
		for user in sorted(users):
			committees.sync_user_roles(user)
