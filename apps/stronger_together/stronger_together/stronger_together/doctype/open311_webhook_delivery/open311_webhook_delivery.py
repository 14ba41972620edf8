# Copyright (c) 2026, Stronger Together and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from stronger_together.utils.documents import ValuesChecked


class Open311WebhookDelivery(ValuesChecked, Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attempts: DF.Int
		community_issue: DF.Link | None
		delivered_at: DF.Datetime | None
		event: DF.Data | None
		ladder_state: DF.Data | None
		last_attempt_at: DF.Datetime | None
		last_error: DF.SmallText | None
		last_http_status: DF.Int
		next_attempt_at: DF.Datetime | None
		partner: DF.Link | None
		payload: DF.Code | None
		sequence: DF.Int
		status: DF.Literal["Queued", "Delivered", "Retrying", "Failed"]
	# end: auto-generated types
	pass


def on_doctype_update():
	"""The retry job looks for deliveries that are due: by status and time of the next attempt."""
	frappe.db.add_index("Open311 Webhook Delivery", ["status", "next_attempt_at"])
