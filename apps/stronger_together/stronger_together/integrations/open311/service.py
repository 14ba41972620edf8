"""Open311 against the database: partners' keys, routing, issue creation and queries.

Every request endpoint authenticates the partner first (`authenticate`), then reads only what the partner
may read (`visibility`): the requests it created, or, when an admin allows it, every issue of its area
(without descriptions or anything people typed). A partner only creates issues and reads them: the ladder's
one authority, `CommunityIssue.act`, is the only thing that moves them.

Errors are `spec.Open311Error` (HTTP status + a message translated when the response is written).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import escape_html, get_system_timezone, now_datetime

from stronger_together.integrations.open311 import geo, mapping, signing, spec
from stronger_together.integrations.open311.spec import Open311Error, _
from stronger_together.ladder import service as ladder
from stronger_together.people import queries as people_db

PARTNER = "Open311 Partner"
ISSUE = "Community Issue"
SOURCE = "Open311"
WHOLE_COUNTRY, BUREAU, PROVINCE = "Whole Country", "Bureau", "Province"


@dataclass(frozen=True)
class Partner:
	name: str
	area_type: str
	bureau: str | None
	province: str | None
	read_all_public: bool


@dataclass(frozen=True)
class Location:
	subdistrict: str
	district: str
	province: str
	station: str


def translate(text: str, lang: str) -> str:
	return frappe._(text, lang=lang) if lang != "en" else text


def site_tz() -> dt.tzinfo:
	return ZoneInfo(get_system_timezone() or "Asia/Bangkok")


def categories() -> list[str]:
	return [c for c in (frappe.get_meta(ISSUE).get_field("category").options or "").split("\n") if c]


def codes() -> dict[str, str]:
	return spec.service_codes(categories())


# ---- partners ----------------------------------------------------------------------------------


def authenticate(api_key) -> Partner:
	"""The partner an api_key belongs to; 403 for a missing, unknown, revoked key or an inactive partner."""
	key = spec.text(api_key, "api_key")
	if not key:
		raise Open311Error(403, _("api_key was not provided."))
	key_id = signing.key_id_of(key)
	row = (
		frappe.db.get_value(
			PARTNER,
			{"api_key_id": key_id},
			[
				"name",
				"is_active",
				"area_type",
				"bureau",
				"province",
				"read_all_public",
				"api_key_salt",
				"api_key_hash",
				"api_key_revoked_on",
			],
			as_dict=True,
		)
		if key_id
		else None
	)
	if not row or not signing.key_matches(key, row.api_key_salt, row.api_key_hash):
		raise Open311Error(403, _("Invalid api_key."))
	if row.api_key_revoked_on:
		raise Open311Error(
			403, _("This api_key was revoked; ask the Stronger Together administrators for a new one.")
		)
	if not row.is_active:
		raise Open311Error(403, _("The partner of this api_key is not active."))
	return Partner(row.name, row.area_type, row.bureau, row.province, bool(row.read_all_public))


def area_label(partner: Partner) -> str:
	if partner.area_type == BUREAU:
		return partner.bureau or ""
	if partner.area_type == PROVINCE:
		name = frappe.db.get_value("Province", partner.province, "province_name_en")
		return f"{name} ({partner.province})" if name else partner.province or ""
	return WHOLE_COUNTRY


# ---- routing -----------------------------------------------------------------------------------


def subdistricts_with_postcode(postcode: str) -> list[dict]:
	"""Sub-districts that carry `postcode` (their main one or one of their Subdistrict Postcode rows)."""
	return frappe.db.sql(
		"""select s.name, s.subdistrict_name_th as name_th, s.subdistrict_name_en as name_en,
			d.district_name_th as district_th, d.district_name_en as district_en
		from `tabSubdistrict` s left join `tabDistrict` d on d.name = s.district
		where s.postcode = %(p)s or s.name in (
			select sp.parent from `tabSubdistrict Postcode` sp
			where sp.postcode = %(p)s and sp.parenttype = 'Subdistrict')
		order by s.name""",
		{"p": postcode},
		as_dict=True,
	)


def _named(rows) -> str:
	return ", ".join(f"{r.name_th or r.name_en} ({r.name})" for r in rows)


def find_subdistrict(attrs: dict, address: str) -> str:
	"""The sub-district of a report: `attribute[subdistrict]` (a DOPA code), or the address line's
	sub-district among those of its postcode (`attribute[postcode]` or the address line's last 5 digits)."""
	code = geo.digits(spec.text(attrs.get("subdistrict"), "attribute[subdistrict]"))
	if code:
		if not geo.is_subdistrict_code(code) or not frappe.db.exists("Subdistrict", code):
			raise Open311Error(
				400, _("attribute[subdistrict] {0} is not a known DOPA sub-district code."), code
			)
		return code
	postcode = geo.digits(spec.text(attrs.get("postcode"), "attribute[postcode]")) or geo.find_postcode(
		address
	)
	if not address and not postcode:
		raise Open311Error(
			400,
			_(
				"The location cannot be routed: send attribute[subdistrict] (a DOPA code), or address_string naming the sub-district with its postcode (lat and long alone are not enough)."
			),
		)
	if not postcode:
		raise Open311Error(
			400,
			_("address_string has no postcode: add the 5-digit postcode, or send attribute[subdistrict]."),
		)
	candidates = subdistricts_with_postcode(postcode) if len(postcode) == 5 and postcode.isdigit() else []
	if not candidates:
		raise Open311Error(400, _("Postcode {0} is not known."), postcode)
	hits = geo.match_subdistrict(address, candidates)
	if not hits:
		raise Open311Error(
			400,
			_(
				"address_string names none of the sub-districts of postcode {0} ({1}); send attribute[subdistrict]."
			),
			postcode,
			_named(candidates),
		)
	if len(hits) > 1:
		raise Open311Error(
			400,
			_(
				"address_string matches several sub-districts of postcode {0} ({1}); send attribute[subdistrict]."
			),
			postcode,
			_named(hits),
		)
	return hits[0]["name"]


def station_for(subdistrict: str, district: str) -> str:
	"""The one station whose jurisdiction serves the sub-district (people.rules.in_jurisdiction)."""
	candidates = frappe.get_all(
		"Police Unit Jurisdiction",
		filters={"parenttype": "Police Unit"},
		or_filters={"subdistrict": subdistrict, "district": district},
		pluck="parent",
		distinct=True,
	)
	stations = (
		frappe.get_all(
			"Police Unit",
			filters={"name": ("in", candidates), "unit_type": "Station", "disabled": 0},
			pluck="name",
		)
		if candidates
		else []
	)
	serving = geo.stations_serving(
		subdistrict, district, {s: people_db.jurisdiction_rows(s) for s in stations}
	)
	if not serving:
		raise Open311Error(400, _("No police station serves sub-district {0} yet."), subdistrict)
	if len(serving) > 1:
		raise Open311Error(
			400,
			_(
				"Sub-district {0} is served by several stations ({1}); the report cannot be routed to one of them."
			),
			subdistrict,
			", ".join(serving),
		)
	return serving[0]


def locate(attrs: dict, address: str) -> Location:
	subdistrict = find_subdistrict(attrs, address)
	district, province = frappe.db.get_value("Subdistrict", subdistrict, ["district", "province"])
	return Location(subdistrict, district, province, station_for(subdistrict, district))


def assert_in_area(partner: Partner, location: Location) -> None:
	if partner.area_type == WHOLE_COUNTRY:
		return
	if partner.area_type == PROVINCE and location.province == partner.province:
		return
	if partner.area_type == BUREAU:
		if ladder.issue_area(location.station, location.district, location.province).bureau == partner.bureau:
			return
	raise Open311Error(
		400,
		_("Sub-district {0} lies outside this partner's area ({1}); it may post only inside it."),
		location.subdistrict,
		area_label(partner),
	)


# ---- creating a request ------------------------------------------------------------------------


def create_request(partner: Partner, form: dict, locale: str) -> tuple[int, list[dict]]:
	"""POST requests: a Community Issue at the station that serves the location, raised through the
	controller (first rung, log, the station chair's notification). A repeated `external_id` returns the
	request it created before. Contact details of the reporter (name, email, phone, device and account
	ids) are not stored: the partner keeps them and hears of every state change by webhook."""
	code = spec.text(form.get("service_code"), "service_code")
	if not code:
		raise Open311Error(400, _("service_code is required."))
	category = codes().get(code)
	if not category:
		raise Open311Error(400, _("service_code {0} is not a service of this endpoint."), code)
	attrs = spec.attributes(form)
	external_id = spec.text(
		attrs.get("external_id") or form.get("external_id"), "attribute[external_id]", spec.MAX_EXTERNAL_ID
	)
	if external_id:
		existing = frappe.db.get_value(ISSUE, {"open311_partner": partner.name, "external_id": external_id})
		if existing:
			return 200, [posted(existing, locale)]
	description = spec.text(form.get("description"), "description", spec.MAX_DESCRIPTION)
	address = spec.text(form.get("address_string"), "address_string", spec.MAX_ADDRESS)
	lat, long = spec.coordinates(form.get("lat"), form.get("long"))
	priority = spec.priority(attrs.get("priority"))
	location = locate(attrs, address)
	assert_in_area(partner, location)
	issue = frappe.get_doc(
		{
			"doctype": ISSUE,
			"title": spec.title_for(description, f"{translate(category, 'th')} (Open311)"),
			"category": category,
			"priority": priority or "Medium",
			"station": location.station,
			"subdistrict": location.subdistrict,
			"description": escape_html(description).replace("\n", "<br>") if description else None,
			"source": SOURCE,
			"open311_partner": partner.name,
			"external_id": external_id or None,
			"address_string": address or None,
			"latitude": lat,
			"longitude": long,
			"location": _geojson(lat, long),
		}
	)
	issue.flags.open311_partner_verified = True
	try:
		issue.insert(ignore_permissions=True)  # the partner was authenticated and the location checked
	except frappe.UniqueValidationError:
		# the same external_id posted twice at once: the other request created it
		frappe.db.rollback()
		existing = external_id and frappe.db.get_value(
			ISSUE, {"open311_partner": partner.name, "external_id": external_id}
		)
		if not existing:
			raise
		return 200, [posted(existing, locale)]
	except ladder.NoCommitteeForRung:
		raise Open311Error(
			400,
			_(
				"Station {0}, which serves this location, has no active committee yet; the report cannot be taken."
			),
			location.station,
		) from None
	return 201, [posted(issue.name, locale)]


def _geojson(lat, long) -> str | None:
	if lat is None:
		return None
	return frappe.as_json(
		{
			"type": "FeatureCollection",
			"features": [
				{
					"type": "Feature",
					"properties": {},
					"geometry": {"type": "Point", "coordinates": [long, lat]},
				}
			],
		}
	)


def posted(name: str, locale: str) -> dict:
	station, committee = frappe.db.get_value(ISSUE, name, ["station", "current_committee"])
	notice = spec.Message(
		_("Received: police station {0}; the committee {1} holds it."), (station, committee)
	)
	return {
		"service_request_id": name,
		"service_notice": notice.render(lambda s: translate(s, locale)),
		"account_id": None,
	}


def guard_issue_fields(doc, method=None) -> None:
	"""doc_event (Community Issue validate): only this service marks an issue as a partner's; nobody
	changes the partner, its reference or the source afterwards (a partner reads what it created)."""
	fields = ("source", "open311_partner", "external_id")
	if doc.is_new():
		if (doc.source == SOURCE or doc.open311_partner or doc.external_id) and not doc.flags.get(
			"open311_partner_verified"
		):
			frappe.throw(
				frappe._("Only the Open311 API raises issues for an Open311 partner."),
				frappe.PermissionError,
				title=frappe._("Not Allowed"),
			)
		return
	before = doc.get_doc_before_save()
	if before and any((doc.get(f) or None) != (before.get(f) or None) for f in fields):
		frappe.throw(
			frappe._("The source and the Open311 partner of issue {0} cannot be changed.").format(doc.name),
			frappe.PermissionError,
			title=frappe._("Not Allowed"),
		)


# ---- reading requests --------------------------------------------------------------------------

# Times come back as text, turned into ISO 8601 by mapping (the driver's own datetime conversion of 2,000
# values costs more than the query)
COLUMNS = """ci.name, ci.category, ci.workflow_state, ci.current_rung, ci.current_committee,
	cast(ci.creation as char) as creation, cast(ci.modified as char) as modified,
	cast(ci.rung_due_date as char) as rung_due_date, ci.subdistrict, ci.address_string, ci.latitude, ci.longitude,
	ci.open311_partner, ci.external_id,
	case when ci.open311_partner = %(partner)s then ci.description end as description,
	sd.subdistrict_name_th, sd.postcode"""
FROM = """`tabCommunity Issue` ci left join `tabSubdistrict` sd on sd.name = ci.subdistrict"""
LOG_FIELDS = ("log_action", "log_to_state", "log_from_rung", "log_to_rung")


def visibility(partner: Partner) -> tuple[str, dict]:
	"""What a partner may read: its own requests; with read_all_public, every issue of its area too."""
	own = "ci.open311_partner = %(partner)s"
	values = {"partner": partner.name}
	if not partner.read_all_public:
		return own, values
	if partner.area_type == WHOLE_COUNTRY:
		return "1=1", values
	column, area = (
		("bureau", partner.bureau) if partner.area_type == BUREAU else ("province", partner.province)
	)
	values["area"] = area
	return f"({own} or ci.{column} = %(area)s)", values


def fetch(partner: Partner, where: list[str], values: dict, limit: int) -> list[dict]:
	"""The issues a partner may read that match `where`, newest first, each with its latest log step: two
	indexed queries (the issues; then the log rows of those issues), whatever the number of rows."""
	condition, visible = visibility(partner)
	rows = frappe.db.sql(
		f"""select {COLUMNS} from {FROM}
		where {condition} and {" and ".join(where) or "1=1"}
		order by ci.creation desc, ci.name desc
		limit {int(limit)}""",
		{**visible, **values},
		as_dict=True,
	)
	if rows:
		latest: dict[str, tuple] = {}
		for issue, sequence, *step in frappe.db.sql(
			"""select community_issue, sequence, action, to_state, from_rung, to_rung
			from `tabCommunity Issue Log` where community_issue in %(names)s""",
			{"names": tuple(r.name for r in rows)},
		):
			if sequence > latest.get(issue, (0,))[0]:
				latest[issue] = (sequence, *step)
		for row in rows:
			row.update(zip(LOG_FIELDS, latest.get(row.name, (0, None, None, None, None))[1:], strict=True))
	return rows


def as_requests(partner: Partner, rows: list[dict], locale: str) -> list[dict]:
	tz = site_tz()
	return [
		mapping.service_request(row, tz, translate, locale, own=row.open311_partner == partner.name)
		for row in rows
	]


def find_requests(partner: Partner, form: dict, locale: str) -> list[dict]:
	"""GET requests: by ids (which override the other filters), or by service_code, status and a window of
	requested_datetime (the last 90 days unless given; at most 90 days); more than 1,000 results is an error."""
	where, values = [], {}
	ids = spec.id_list(form.get("service_request_id"))
	if ids:
		where.append("ci.name in %(ids)s")
		values["ids"] = tuple(ids)
	else:
		wanted = spec.categories_for(form.get("service_code"), codes())
		states = spec.states_for(form.get("status"))
		tz = site_tz()
		start, end = spec.window(
			spec.parse_datetime(form.get("start_date"), "start_date", tz),
			spec.parse_datetime(form.get("end_date"), "end_date", tz),
			now_datetime(),
		)
		where.append("ci.creation between %(start)s and %(end)s")
		values.update(start=start, end=end)
		if wanted:
			where.append("ci.category in %(categories)s")
			values["categories"] = tuple(wanted)
		if states is not None:
			where.append("ci.workflow_state in %(states)s")
			values["states"] = tuple(states)
	rows = fetch(partner, where, values, spec.MAX_RESULTS + 1)
	if len(rows) > spec.MAX_RESULTS:
		raise Open311Error(
			400,
			_(
				"More than {0} requests match; narrow the search (start_date and end_date, service_code or status)."
			),
			spec.MAX_RESULTS,
		)
	return as_requests(partner, rows, locale)


def get_request(partner: Partner, request_id: str, locale: str) -> list[dict]:
	"""GET requests/{id}: the request if the partner may read it, else 404 (as if it did not exist)."""
	request_id = spec.text(request_id, "service_request_id", 140)
	rows = fetch(partner, ["ci.name = %(id)s"], {"id": request_id}, 1)
	if not rows:
		raise Open311Error(404, _("service_request_id {0} was not found."), request_id)
	return as_requests(partner, rows, locale)


def request_for_webhook(partner: str, issue: str) -> dict | None:
	"""The issue as its partner reads it (for a webhook's payload)."""
	row = frappe.db.get_value(
		PARTNER, partner, ["name", "area_type", "bureau", "province", "read_all_public"], as_dict=True
	)
	if not row:
		return None
	who = Partner(row.name, row.area_type, row.bureau, row.province, bool(row.read_all_public))
	rows = fetch(who, ["ci.name = %(id)s"], {"id": issue}, 1)
	return as_requests(who, rows, "en")[0] if rows else None
