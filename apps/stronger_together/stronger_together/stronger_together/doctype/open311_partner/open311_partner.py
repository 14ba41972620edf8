# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

from urllib.parse import urlsplit

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from stronger_together.integrations.open311 import signing
from stronger_together.utils.documents import ValuesChecked

# Written only by issue_api_key / revoke_api_key; a form or REST body cannot set them
KEY_FIELDS = ("api_key_id", "api_key_salt", "api_key_hash", "api_key_issued_on", "api_key_revoked_on")
AREA_FIELD = {"Bureau": "bureau", "Province": "province"}


class Open311Partner(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		api_key_hash: DF.Data | None
		api_key_id: DF.Data | None
		api_key_issued_on: DF.Datetime | None
		api_key_revoked_on: DF.Datetime | None
		api_key_salt: DF.Data | None
		area_type: DF.Literal["Whole Country", "Bureau", "Province"]
		bureau: DF.Link | None
		contact_email: DF.Data | None
		contact_name: DF.Data | None
		contact_phone: DF.Data | None
		is_active: DF.Check
		partner_name: DF.Data
		province: DF.Link | None
		read_all_public: DF.Check
		webhook_secret: DF.Password | None
		webhook_url: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.keep_key_fields()
		self.validate_area()
		self.validate_webhook_url()

	def keep_key_fields(self):
		if self.flags.key_change:
			return
		before = self.get_doc_before_save()
		for field in KEY_FIELDS:
			self.set(field, before.get(field) if before else None)

	def validate_area(self):
		"""Only the area field the area type names is kept; a bureau is a Police Unit of type Bureau."""
		for area_type, field in AREA_FIELD.items():
			if self.area_type != area_type:
				self.set(field, None)
		if self.area_type == "Bureau":
			unit_type = frappe.db.get_value("Police Unit", self.bureau, "unit_type")
			if unit_type != "Bureau":
				frappe.throw(
					_(
						"{0} is not a police bureau; a partner's area is a bureau, a province or the whole country."
					).format(self.bureau),
					title=_("Not a Bureau"),
				)

	def validate_webhook_url(self):
		if not self.webhook_url:
			return
		parts = urlsplit(self.webhook_url.strip())
		if parts.scheme not in ("http", "https") or not parts.netloc:
			frappe.throw(
				_("The webhook URL must be an http:// or https:// address."), title=_("Invalid Webhook URL")
			)
		self.webhook_url = self.webhook_url.strip()

	def issue_api_key(self) -> str:
		"""A new key (any earlier one stops working): returned once, kept only as a salted hash."""
		key, key_id = signing.new_api_key()
		salt = signing.new_salt()
		self.update(
			{
				"api_key_id": key_id,
				"api_key_salt": salt,
				"api_key_hash": signing.hash_key(key, salt),
				"api_key_issued_on": now_datetime(),
				"api_key_revoked_on": None,
			}
		)
		self._save_key_change()
		return key

	def revoke_api_key(self) -> None:
		"""The key stops working at once; the partner is told it was revoked (403) when it uses it."""
		if not self.api_key_id or self.api_key_revoked_on:
			frappe.throw(_("Partner {0} has no key in use.").format(self.name), title=_("No Key"))
		self.api_key_revoked_on = now_datetime()
		self._save_key_change()

	def _save_key_change(self):
		self.flags.key_change = True
		try:
			self.save(ignore_permissions=True)  # the endpoint checked the user's permission first
		finally:
			self.flags.key_change = False
