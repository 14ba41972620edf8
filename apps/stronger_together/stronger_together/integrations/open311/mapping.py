"""Issue categories as the standard's services, and issues as its service requests (pure).

`tr(text, lang)` translates a message into "en" or "th" (the service passes Frappe's translation);
`locale` is the partner's choice ("en" unless it sent `locale=th`).
"""

import datetime as dt
import html
import re
from collections.abc import Callable, Mapping

from stronger_together.integrations.open311 import spec
from stronger_together.integrations.open311.spec import Message, _
from stronger_together.ladder import transitions as T

Translate = Callable[[str, str], str]

# The attributes every service takes (the standard's service definition). Routing needs `subdistrict`,
# or an address line with the sub-district's name and its postcode.
ATTRIBUTES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
	(
		"subdistrict",
		"string",
		_(
			"The DOPA code of the sub-district (6 digits, for example 100704). Without it, send address_string naming the sub-district, with its postcode."
		),
		(),
	),
	("postcode", "string", _("The postcode (5 digits), when address_string does not end with it."), ()),
	("priority", "singlevaluelist", _("How urgent the problem is."), spec.PRIORITIES),
	(
		"external_id",
		"string",
		_(
			"Your platform's own id of the report: a repeated POST with the same id returns the same service request."
		),
		(),
	),
)
SERVICE_DESCRIPTION = _(
	"{0}: a problem or need of the community, for the police station committee that serves it."
)
CHANGESET = "2026-11-25T00:00:00+07:00"


def services(categories, tr: Translate, locale: str) -> list[dict]:
	out = []
	for category in categories:
		name_th = tr(category, "th")
		out.append(
			{
				"service_code": spec.service_code(category),
				"service_name": name_th if locale == "th" else category,
				"description": Message(SERVICE_DESCRIPTION, (category,)).render(lambda s: tr(s, locale)),
				"metadata": True,
				"type": "realtime",
				"keywords": ", ".join(dict.fromkeys([category.lower(), name_th])),
				"group": tr(spec.group_of(category), locale),
				# extension: both names whatever the locale
				"service_name_en": category,
				"service_name_th": name_th,
			}
		)
	return out


def service_definition(code: str, tr: Translate, locale: str) -> dict:
	return {
		"service_code": code,
		"attributes": [
			{
				"variable": True,
				"code": attr,
				"datatype": datatype,
				"required": False,
				"datatype_description": "",
				"order": order,
				"description": tr(description, locale),
				"values": [{"key": v, "name": tr(v, locale)} for v in values] or None,
			}
			for order, (attr, datatype, description, values) in enumerate(ATTRIBUTES, start=1)
		],
	}


def discovery(base_url: str, contact: str, key_service: str) -> dict:
	return {
		"changeset": CHANGESET,
		"contact": contact,
		"key_service": key_service,
		"endpoints": [
			{
				"specification": spec.SPECIFICATION,
				"url": base_url,
				"changeset": CHANGESET,
				"type": "production",
				"formats": ["application/json", "text/xml"],
			}
		],
	}


def plain_text(value: str | None) -> str:
	"""A Text Editor value as the plain text a partner sent."""
	text = re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", value or "")
	text = re.sub(r"<[^>]*>", "", text)
	return html.unescape(text).strip()


def service_request(row: Mapping, tz: dt.tzinfo, tr: Translate, locale: str, own: bool) -> dict:
	"""One issue as the standard's service request. `row` holds the issue's columns and its latest log step
	(log_action, log_to_state, log_from_rung, log_to_rung). The description and the partner's own id go
	only to the partner that sent the request (`own`): nothing typed by anyone else leaves the system."""
	state = row.get("workflow_state") or ""
	category = row.get("category") or ""
	status = spec.status_of(state)
	note = spec.status_note(
		row.get("log_action"), row.get("log_to_state"), row.get("log_from_rung"), row.get("log_to_rung")
	)
	lat, long = row.get("latitude"), row.get("longitude")
	located = lat is not None and long is not None and (lat or long)
	return {
		"service_request_id": row["name"],
		"status": status,
		"status_notes": note.render(lambda s: tr(s, locale)) if note else None,
		"service_name": tr(category, "th") if locale == "th" else category,
		"service_code": spec.service_code(category),
		"description": plain_text(row.get("description")) if own else None,
		"agency_responsible": row.get("current_committee"),
		"service_notice": None,
		"requested_datetime": spec.format_datetime(row.get("creation"), tz),
		"updated_datetime": spec.format_datetime(row.get("modified"), tz),
		"expected_datetime": spec.format_datetime(row.get("rung_due_date"), tz)
		if state in T.OPEN_STATES
		else None,
		"address": row.get("address_string") or row.get("subdistrict_name_th") or None,
		"address_id": row.get("subdistrict"),
		"zipcode": row.get("postcode") or None,
		"lat": float(lat) if located else None,
		"long": float(long) if located else None,
		"media_url": None,
		# extension (mySociety's style): the ladder's richer state
		"extended_attributes": {
			"detailed_status": spec.detailed_status(state),
			"ladder_state": state,
			"ladder_rung": row.get("current_rung"),
			"external_id": (row.get("external_id") or None) if own else None,
		},
	}
