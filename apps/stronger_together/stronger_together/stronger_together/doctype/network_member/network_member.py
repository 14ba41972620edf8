# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe import _

from stronger_together import settings
from frappe.model.document import Document
from frappe.utils import getdate

from stronger_together.people import rules as people

from stronger_together.people import queries as people_db
from stronger_together.permissions import personal_data
from stronger_together.utils.documents import ValuesChecked


class NetworkMember(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		active_from: DF.Date | None
		category: DF.Literal["Natural Leader", "Local-Area Leader", "Local-Government Leader", "Other"]
		district: DF.Link | None
		first_name: DF.Data
		full_name: DF.Data | None
		inactive_from: DF.Date | None
		last_name: DF.Data
		line_id: DF.Data | None
		mobile: DF.Data | None
		national_id: DF.Data
		occupation: DF.Data | None
		province: DF.Link | None
		station: DF.Link
		status: DF.Literal["Candidate", "Trained", "Active", "Inactive"]
		subdistrict: DF.Link
		title: DF.Literal[
			"\u0e19\u0e32\u0e22",
			"\u0e19\u0e32\u0e07",
			"\u0e19\u0e32\u0e07\u0e2a\u0e32\u0e27",
			"\u0e14\u0e23.",
			"\u0e27\u0e48\u0e32\u0e17\u0e35\u0e48\u0e23\u0e49\u0e2d\u0e22\u0e15\u0e23\u0e35",
			"\u0e27\u0e48\u0e32\u0e17\u0e35\u0e48\u0e23\u0e49\u0e2d\u0e22\u0e15\u0e23\u0e35\u0e2b\u0e0d\u0e34\u0e07",
		]
		trained_on: DF.Date | None
		training_batch: DF.Link | None
		user: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.set_full_name()
		self.validate_national_id()
		self.validate_unique_national_id()
		self.validate_mobile()
		self.validate_station()
		self.validate_subdistrict()
		self.validate_status_dates()
		self.validate_quota()

	def on_update(self):
		self.refresh_coverage()

	def after_delete(self):
		self.refresh_coverage()

	def set_full_name(self):
		self.first_name = (self.first_name or "").strip()
		self.last_name = (self.last_name or "").strip()
		self.full_name = people.full_name(self.title, self.first_name, self.last_name)

	def validate_national_id(self):
		cleaned = people.clean_national_id(self.national_id)
		if not cleaned:
			frappe.throw(
				_("National ID {0} is not a valid 13-digit Thai national ID (check digit).").format(
					frappe.bold(self.national_id or "")
				),
				title=_("Invalid National ID"),
			)
		self.national_id = cleaned

	def validate_unique_national_id(self):
		holder = frappe.db.get_value(
			"Network Member",
			{"national_id": self.national_id, "name": ("!=", self.name or "")},
			["name", "station"],
			as_dict=True,
		)
		if not holder:
			return
		if personal_data.can_read() and frappe.has_permission("Network Member", "read", holder.name):
			message = _("National ID {0} is already registered: member {1} of station {2}.").format(
				self.national_id, holder.name, holder.station
			)
		else:
			message = _("This national ID is already registered to another network member.")
		frappe.throw(message, frappe.UniqueValidationError, title=_("Duplicate National ID"))

	def validate_mobile(self):
		if not self.mobile:
			return
		normalised = people.normalise_mobile(self.mobile)
		if not normalised:
			frappe.throw(
				_("Mobile phone {0} is not a Thai mobile number (10 digits starting 06, 08 or 09).").format(
					frappe.bold(self.mobile)
				),
				title=_("Invalid Mobile Phone"),
			)
		self.mobile = normalised

	def validate_station(self):
		unit_type = frappe.db.get_value("Police Unit", self.station, "unit_type")
		if unit_type != "Station":
			frappe.throw(
				_("{0} is not a police station: members belong to a station.").format(
					frappe.bold(self.station)
				),
				title=_("Not a Station"),
			)

	def validate_subdistrict(self):
		self.district, self.province = frappe.db.get_value(
			"Subdistrict", self.subdistrict, ["district", "province"]
		) or (None, None)
		if not people.in_jurisdiction(
			self.subdistrict, self.district, people_db.jurisdiction_rows(self.station)
		):
			frappe.throw(
				_("Sub-district {0} is not in the jurisdiction of station {1}.").format(
					frappe.bold(self.subdistrict), frappe.bold(self.station)
				),
				title=_("Outside the Station's Jurisdiction"),
			)

	def validate_status_dates(self):
		if self.status in ("Active", "Inactive") and not self.active_from:
			self.active_from = getdate()
		if self.status == "Inactive" and not self.inactive_from:
			self.inactive_from = getdate()
		if self.status != "Inactive":
			self.inactive_from = None
		if (
			self.active_from
			and self.inactive_from
			and getdate(self.inactive_from) < getdate(self.active_from)
		):
			frappe.throw(_("Inactive From cannot be before Active From."))

	def validate_quota(self):
		if self.status not in people.COUNTED_STATUSES:
			return
		before = self.get_doc_before_save()
		if before and before.station == self.station and before.status in people.COUNTED_STATUSES:
			return  # already counted here
		quota, mode = settings.quota()
		current = people_db.counted_members(self.station, exclude=self.name if before else None)
		if not people.quota_allows(current, 1, quota, mode):
			frappe.throw(
				_("Station {0} already has {1} members, its quota of {2}: no more can be added.").format(
					frappe.bold(self.station), current, quota
				),
				title=_("Station Quota Reached"),
			)

	def refresh_coverage(self):
		before = self.get_doc_before_save()
		people_db.refresh_station_coverage([self.station, before.station if before else None])
