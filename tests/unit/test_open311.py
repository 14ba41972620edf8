"""Tier 1: the pure parts of Open311 GeoReport v2 (spec, mapping, geo, signing, XML), without a site."""

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

import pytest

from stronger_together.integrations.open311 import geo, mapping, signing, spec, xmldoc
from stronger_together.integrations.open311.spec import Open311Error
from stronger_together.ladder import transitions as T

BKK = ZoneInfo("Asia/Bangkok")
CATEGORIES = ["Crime", "Drugs", "Traffic and Road Safety", "Public Order", "Other"]
OPENAPI = (
	Path(__file__).resolve().parents[2]
	/ "apps/stronger_together/stronger_together/integrations/open311/openapi.json"
)


def tr(text, lang):
	return {"Crime": "อาชญากรรม", "Safety": "ความปลอดภัย"}.get(text, text) if lang == "th" else text


def error_of(fn, *args):
	with pytest.raises(Open311Error) as info:
		fn(*args)
	return info.value.code, info.value.message.render()


# ---- errors and parameters ---------------------------------------------------------------------


def test_error_body_is_the_standards_list():
	e = Open311Error(403, "Invalid api_key.")
	assert e.body() == [{"code": 403, "description": "Invalid api_key."}]
	e = Open311Error(400, "service_code {0} is not a service of this endpoint.", "x")
	assert e.body(lambda s: s.upper()) == [
		{"code": 400, "description": "SERVICE_CODE X IS NOT A SERVICE OF THIS ENDPOINT."}
	]


@pytest.mark.parametrize(
	"value,expected",
	[("th", "th"), ("th_TH", "th"), ("TH-th", "th"), ("en", "en"), ("fr", "en"), (None, "en")],
)
def test_locale(value, expected):
	assert spec.locale_of(value) == expected


def test_text_parameters():
	assert spec.text("  abc ", "x") == "abc"
	assert spec.text(12, "x") == "12"
	assert spec.text(None, "x") == ""
	assert error_of(spec.text, ["a"], "description") == (400, "description must be text.")
	assert error_of(spec.text, "x" * 11, "description", 10) == (
		400,
		"description is longer than 10 characters.",
	)


def test_attributes_from_a_form_and_from_json():
	form = {"attribute[subdistrict]": "830101", "attribute[tags][]": "a", "service_code": "crime"}
	assert spec.attributes(form) == {"subdistrict": "830101", "tags": "a"}
	assert spec.attributes({"attribute": {"postcode": "83000"}}) == {"postcode": "83000"}


def test_coordinates():
	assert spec.coordinates("7.88", "98.39") == (7.88, 98.39)
	assert spec.coordinates("", None) == (None, None)
	assert error_of(spec.coordinates, "7.88", "") == (400, "lat and long must be sent together.")
	assert error_of(spec.coordinates, "north", "98")[0] == 400
	assert error_of(spec.coordinates, "91", "98")[1].startswith("lat must lie between -90 and 90")
	assert error_of(spec.coordinates, "nan", "98")[0] == 400


def test_priority():
	assert spec.priority("urgent") == "Urgent"
	assert spec.priority(None) is None
	assert error_of(spec.priority, "soon") == (
		400,
		"attribute[priority] must be one of Low, Medium, High, Urgent.",
	)


def test_title_from_the_description():
	assert spec.title_for("\n  ไฟถนนดับ  ซอย 5\nรายละเอียด", "x") == "ไฟถนนดับ ซอย 5"
	long = "word " * 60
	title = spec.title_for(long, "x")
	assert len(title) <= spec.MAX_TITLE and title.endswith("…")
	assert spec.title_for("", "อาชญากรรม (Open311)") == "อาชญากรรม (Open311)"


# ---- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"value,expected",
	[
		("2026-01-31", dt.datetime(2026, 1, 31)),
		("2026-01-31T08:00:00+07:00", dt.datetime(2026, 1, 31, 8)),
		("2026-01-31T01:00:00Z", dt.datetime(2026, 1, 31, 8)),
		("2026-01-31T01:00:00.5Z", dt.datetime(2026, 1, 31, 8, 0, 0, 500000)),
		("2026-01-31T08:00", dt.datetime(2026, 1, 31, 8)),
		("2026-01-31 08:00:00+0700", dt.datetime(2026, 1, 31, 8)),
		("2026-01-30T20:00:00-05:00", dt.datetime(2026, 1, 31, 8)),
	],
)
def test_parse_datetime_to_site_time(value, expected):
	assert spec.parse_datetime(value, "start_date", BKK) == expected


@pytest.mark.parametrize(
	"value",
	[
		"yesterday",
		"2026-13-01",
		"2026-02-30",
		"31/01/2026",
		"2026-01-31T25:00",
		"0001-01-01",
		"2026-01-31T08:00+25:00",
	],
)
def test_malformed_dates_are_400(value):
	code, message = error_of(spec.parse_datetime, value, "start_date", BKK)
	assert code == 400 and message.startswith("start_date is not")


def test_format_datetime_has_the_offset():
	assert spec.format_datetime(dt.datetime(2026, 1, 31, 8, 0, 0, 123), BKK) == "2026-01-31T08:00:00+07:00"
	assert spec.format_datetime(dt.date(2026, 1, 31), BKK) == "2026-01-31T23:59:59+07:00"
	assert spec.format_datetime(None, BKK) is None
	# as the database gives them back as text
	assert spec.format_datetime("2026-01-31 08:00:00.123456", BKK) == "2026-01-31T08:00:00+07:00"
	assert spec.format_datetime("2026-01-31", BKK) == "2026-01-31T23:59:59+07:00"


def test_window_defaults_and_limits():
	now = dt.datetime(2026, 6, 1, 12)
	assert spec.window(None, None, now) == (now - dt.timedelta(days=90), now)
	start = dt.datetime(2026, 1, 1)
	assert spec.window(start, None, now) == (start, start + dt.timedelta(days=90))
	assert spec.window(None, now, now) == (now - dt.timedelta(days=90), now)
	assert error_of(spec.window, now, start, now) == (400, "start_date must not be after end_date.")
	assert error_of(spec.window, start, now, now) == (
		400,
		"start_date and end_date may not span more than 90 days.",
	)


def test_id_lists():
	assert spec.id_list("ISS-1, ISS-2,,ISS-1") == ["ISS-1", "ISS-2"]
	assert spec.id_list(None) == []
	ids = ",".join(f"ISS-{i}" for i in range(1001))
	assert error_of(spec.id_list, ids) == (400, "service_request_id lists more than 1000 ids.")


# ---- services and statuses ---------------------------------------------------------------------


def test_service_codes_are_stable_slugs():
	assert spec.service_code("Traffic and Road Safety") == "traffic-and-road-safety"
	codes = spec.service_codes(CATEGORIES)
	assert codes["public-order"] == "Public Order"
	assert spec.categories_for("crime,drugs", codes) == ["Crime", "Drugs"]
	assert error_of(spec.categories_for, "crime,potholes", codes) == (
		400,
		"service_code potholes is not a service of this endpoint.",
	)


def test_every_ladder_state_has_a_status_and_a_detailed_status():
	for state in T.STATES:
		assert spec.status_of(state) in ("open", "closed")
		assert spec.detailed_status(state) in {
			"open",
			"internal_referral",
			"fixed",
			"closed",
			"not_councils_responsibility",
		}
	assert all(spec.status_of(s) == "open" for s in T.OPEN_STATES)
	assert spec.status_of(T.REPORTED) == "open"
	assert all(spec.status_of(s) == "closed" for s in (*T.FINAL_STATES, T.RESOLVED))
	assert spec.detailed_status("At District") == "internal_referral"
	assert spec.detailed_status(T.REJECTED) == "not_councils_responsibility"


def test_status_filter():
	assert spec.states_for(None) is None
	assert spec.states_for("open,closed") is None
	assert set(spec.states_for("open")) == spec.OPEN_STATUS_STATES
	assert set(spec.states_for("CLOSED")) == {T.RESOLVED, T.CLOSED, T.REJECTED}
	assert error_of(spec.states_for, "fixed")[0] == 400


def test_status_notes_are_fixed_words_without_reasons_or_names():
	assert (
		spec.status_note(T.RAISE, "At Station", None, "Station").render()
		== "Received by the Station committee."
	)
	assert (
		spec.status_note(T.ESCALATE, "At District", "Station", "District").render()
		== "Escalated to the District committee."
	)
	assert spec.status_note(T.ESCALATE, T.REPORTED, "National HQ", "National HQ").render() == (
		"Reported to the government for a national solution."
	)
	assert (
		spec.status_note(T.RESOLVE, T.RESOLVED, "Division", "Division").render()
		== "Resolved by the Division committee."
	)
	assert (
		spec.status_note(T.REJECT, T.REJECTED, "Station", "Station")
		.render()
		.startswith("Closed by the Station")
	)
	for action in (*T.ACTIONS, T.RAISE):
		note = spec.status_note(action, "At Station", "Station", "Station")
		assert note is not None and note.args in ((), ("Station",))


# ---- mapping -----------------------------------------------------------------------------------


def test_services_carry_both_names_and_a_group():
	en = mapping.services(CATEGORIES, tr, "en")
	assert en[0] == {
		"service_code": "crime",
		"service_name": "Crime",
		"description": "Crime: a problem or need of the community, for the police station committee that serves it.",
		"metadata": True,
		"type": "realtime",
		"keywords": "crime, อาชญากรรม",
		"group": "Safety",
		"service_name_en": "Crime",
		"service_name_th": "อาชญากรรม",
	}
	th = mapping.services(CATEGORIES, tr, "th")
	assert (th[0]["service_name"], th[0]["group"]) == ("อาชญากรรม", "ความปลอดภัย")
	assert en[-1]["group"] == "Other"


def test_service_definition():
	d = mapping.service_definition("crime", tr, "en")
	assert [a["code"] for a in d["attributes"]] == ["subdistrict", "postcode", "priority", "external_id"]
	assert [a["order"] for a in d["attributes"]] == [1, 2, 3, 4]
	priority = d["attributes"][2]
	assert priority["datatype"] == "singlevaluelist" and [v["key"] for v in priority["values"]] == list(
		spec.PRIORITIES
	)


ROW = {
	"name": "ISS-2026-0000001",
	"category": "Traffic and Road Safety",
	"workflow_state": "At District",
	"current_rung": "District",
	"current_committee": "คณะกรรมการ อ.เมืองภูเก็ต",
	"creation": dt.datetime(2026, 1, 31, 8, 0, 0, 123456),
	"modified": dt.datetime(2026, 2, 1, 9, 30),
	"rung_due_date": dt.date(2026, 2, 16),
	"subdistrict": "830101",
	"subdistrict_name_th": "ตลาดใหญ่",
	"postcode": "83000",
	"address_string": None,
	"latitude": 7.88,
	"longitude": 98.39,
	"external_id": "TF-1",
	"description": "<p>ไฟดับ &amp; มืด<br>ซอย 5</p>",
	"log_action": "Escalate",
	"log_to_state": "At District",
	"log_from_rung": "Station",
	"log_to_rung": "District",
}


def test_service_request_of_the_partners_own_issue():
	r = mapping.service_request(ROW, BKK, tr, "en", own=True)
	assert r["service_request_id"] == "ISS-2026-0000001"
	assert (r["status"], r["status_notes"]) == ("open", "Escalated to the District committee.")
	assert (r["service_code"], r["service_name"]) == ("traffic-and-road-safety", "Traffic and Road Safety")
	assert r["description"] == "ไฟดับ & มืด\nซอย 5"
	assert r["agency_responsible"] == "คณะกรรมการ อ.เมืองภูเก็ต"
	assert r["requested_datetime"] == "2026-01-31T08:00:00+07:00"
	assert r["updated_datetime"] == "2026-02-01T09:30:00+07:00"
	assert r["expected_datetime"] == "2026-02-16T23:59:59+07:00"
	assert (r["address"], r["address_id"], r["zipcode"], r["lat"], r["long"]) == (
		"ตลาดใหญ่",
		"830101",
		"83000",
		7.88,
		98.39,
	)
	assert r["extended_attributes"] == {
		"detailed_status": "internal_referral",
		"ladder_state": "At District",
		"ladder_rung": "District",
		"external_id": "TF-1",
	}


def test_another_partners_issue_carries_nothing_anyone_typed():
	r = mapping.service_request({**ROW, "workflow_state": "Resolved"}, BKK, tr, "en", own=False)
	assert r["description"] is None and r["extended_attributes"]["external_id"] is None
	assert (r["status"], r["expected_datetime"]) == ("closed", None)
	no_location = mapping.service_request({**ROW, "latitude": 0.0, "longitude": 0.0}, BKK, tr, "en", own=True)
	assert no_location["lat"] is None and no_location["long"] is None


# ---- geography ---------------------------------------------------------------------------------

PHUKET = [
	{
		"name": "830101",
		"name_th": "ตลาดใหญ่",
		"name_en": "Talat Yai",
		"district_th": "เมืองภูเก็ต",
		"district_en": "Mueang Phuket",
	},
	{
		"name": "830102",
		"name_th": "ตลาดเหนือ",
		"name_en": "Talat Nuea",
		"district_th": "เมืองภูเก็ต",
		"district_en": "Mueang Phuket",
	},
]
BANGKOK = [
	{
		"name": "100703",
		"name_th": "ปทุมวัน",
		"name_en": "Pathum Wan",
		"district_th": "เขตปทุมวัน",
		"district_en": "Pathum Wan",
	},
	{
		"name": "100704",
		"name_th": "ลุมพินี",
		"name_en": "Lumphini",
		"district_th": "เขตปทุมวัน",
		"district_en": "Pathum Wan",
	},
]


@pytest.mark.parametrize(
	"address,postcode",
	[
		("ถนนรัษฎา ต.ตลาดใหญ่ อ.เมือง ภูเก็ต 83000", "83000"),
		("๑๒ ถนนเทพกระษัตรี ๘๓๐๐๐", "83000"),
		("no postcode", None),
		("ID 1234567 83000 ext", "83000"),
	],
)
def test_find_postcode(address, postcode):
	assert geo.find_postcode(address) == postcode


@pytest.mark.parametrize(
	"address,candidates,expected",
	[
		("ถนนรัษฎา ตำบลตลาดใหญ่ 83000", PHUKET, ["830101"]),
		("Talat Nuea, Mueang Phuket 83000", PHUKET, ["830102"]),
		("ภูเก็ต 83000", PHUKET, []),
		("ตลาดใหญ่ ตลาดเหนือ 83000", PHUKET, ["830101", "830102"]),
		# the district's name is a sub-district's name too: the prefixed name decides
		("แขวงลุมพินี เขตปทุมวัน กรุงเทพฯ 10330", BANGKOK, ["100704"]),
		("แขวงปทุมวัน เขตปทุมวัน 10330", BANGKOK, ["100703"]),
		("Khwaeng Lumphini, Khet Pathum Wan 10330", BANGKOK, ["100704"]),
		("anything", PHUKET[:1], ["830101"]),
	],
)
def test_match_subdistrict(address, candidates, expected):
	assert [c["name"] for c in geo.match_subdistrict(address, candidates)] == expected


def test_a_name_inside_a_longer_name_does_not_count():
	c = [
		{"name": "1", "name_th": "บางรัก", "name_en": "", "district_th": "", "district_en": ""},
		{"name": "2", "name_th": "บางรักน้อย", "name_en": "", "district_th": "", "district_en": ""},
	]
	assert [x["name"] for x in geo.match_subdistrict("ต.บางรักน้อย", c)] == ["2"]


def test_stations_serving_prefers_the_station_that_names_the_subdistrict():
	rows = {
		"สภ.เมือง": [("8301", None)],
		"สภ.ตลาดใหญ่": [("8301", "830101")],
		"สภ.ฉลอง": [("8301", "830106")],
	}
	assert geo.stations_serving("830101", "8301", rows) == ["สภ.ตลาดใหญ่"]
	assert geo.stations_serving("830102", "8301", rows) == ["สภ.เมือง"]
	assert geo.stations_serving("830201", "8302", rows) == []
	rows["สภ.ตลาดใหญ่2"] = [("8301", "830101")]
	assert geo.stations_serving("830101", "8301", rows) == ["สภ.ตลาดใหญ่", "สภ.ตลาดใหญ่2"]


# ---- keys and signatures -----------------------------------------------------------------------


def test_api_keys_are_found_by_id_and_checked_by_salted_hash():
	key, key_id = signing.new_api_key()
	assert signing.key_id_of(key) == key_id and len(key_id) == 12
	salt = signing.new_salt()
	stored = signing.hash_key(key, salt)
	assert key not in stored and signing.key_matches(key, salt, stored)
	assert not signing.key_matches(key[:-1] + ("0" if key[-1] != "0" else "1"), salt, stored)
	assert signing.hash_key(key, signing.new_salt()) != stored  # a salt per key
	assert signing.key_id_of("st311-short") is None and signing.key_id_of(None) is None


def test_webhook_signature():
	body = json.dumps({"event": "service_request.created"}).encode()
	header = signing.signature(body, "s3cret")
	assert header.startswith("sha256=") and len(header) == 7 + 64
	assert signing.signature_valid(body, "s3cret", header)
	assert not signing.signature_valid(body + b" ", "s3cret", header)
	assert not signing.signature_valid(body, "other", header)


def test_retry_back_off_doubles_and_gives_up():
	delays = [signing.retry_delay(n) for n in range(1, signing.MAX_ATTEMPTS + 1)]
	assert delays[:4] == [60, 120, 240, 480]
	assert all(d <= signing.MAX_RETRY_SECONDS for d in delays[:-1])
	assert delays[-1] is None


# ---- XML ---------------------------------------------------------------------------------------


def test_xml_of_the_standard():
	doc = xmldoc.to_xml(
		"service_requests",
		[
			{
				"service_request_id": "ISS-1",
				"status": "open",
				"lat": 7.5,
				"media_url": None,
				"extended_attributes": {"ladder_state": "At Station"},
			}
		],
	)
	root = ET.fromstring(doc)
	assert doc.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
	request = root.find("request")
	assert request.findtext("service_request_id") == "ISS-1" and request.findtext("lat") == "7.5"
	assert request.find("media_url") is None
	assert request.find("extended_attributes").findtext("ladder_state") == "At Station"
	errors = ET.fromstring(xmldoc.to_xml("errors", [{"code": 403, "description": "Invalid api_key."}]))
	assert errors.find("error").findtext("code") == "403"
	definition = ET.fromstring(
		xmldoc.to_xml("service_definition", mapping.service_definition("crime", tr, "en"))
	)
	assert len(definition.find("attributes").findall("attribute")) == 4
	assert (
		definition.find("attributes")
		.findall("attribute")[2]
		.find("values")
		.findall("value")[0]
		.findtext("key")
		== "Low"
	)
	assert ET.fromstring(xmldoc.to_xml("x", {"t": "a\x00b\x1fc", "b": True})).findtext("t") == "abc"


# ---- the OpenAPI document ----------------------------------------------------------------------


def test_openapi_document_lists_every_endpoint_in_both_formats():
	doc = json.loads(OPENAPI.read_text(encoding="utf-8"))
	assert doc["openapi"].startswith("3.")
	for fmt in ("json", "xml"):
		for path in (
			"/discovery",
			"/services",
			"/services/{service_code}",
			"/requests",
			"/requests/{service_request_id}",
		):
			assert f"{path}.{fmt}" in doc["paths"]
		assert set(doc["paths"][f"/requests.{fmt}"]) == {"get", "post"}
	assert "/openapi.json" in doc["paths"]
