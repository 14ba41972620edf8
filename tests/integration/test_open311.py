"""Tier 2: Open311 GeoReport v2 over real HTTP (`frappe serve` on the test site).

Real Open311 client libraries from PyPI talk to it: `georeport` lists services and definitions and reads
requests back in JSON and in XML, and `civicbot`'s Open311 client posts requests (georeport cannot post).
Then partners and their keys, routing by sub-district code or by address and postcode, every error path in
the standard's format, what each partner may read, the guard on the issue's partner fields, and signed
webhooks to a local receiver (the sequence of states, retries with back-off).

The world lives in Phuket (ภ.8) and Chiang Mai (ภ.5), areas no other tier-2 test uses, and is committed:
the web server is another process.
"""

import json
import os
from concurrent.futures import ThreadPoolExecutor
from xml.etree import ElementTree as ET

import frappe
import pytest
import requests
from frappe.utils import add_to_date, get_system_timezone, now_datetime

from stronger_together.api import ladder as ladder_api
from stronger_together.api import open311 as open311_api
from stronger_together.integrations.open311 import signing, webhooks
from stronger_together.ladder import committees

from .helpers import make_station, make_user
from .webserver import Receiver, frappe_server

D = "@open311.test"
DIVISION, BUREAU = "ภ.จว.ภูเก็ต", "ภ.8"
ST_TOWN, ST_CHALONG = "สภ.ทดสอบ311ตลาด", "สภ.ทดสอบ311ฉลอง"
ST_KARON_1, ST_KARON_2 = "สภ.ทดสอบ311กะรน1", "สภ.ทดสอบ311กะรน2"
ST_NO_COMMITTEE, ST_CHIANG_MAI = "สภ.ทดสอบ311ถลาง", "สภ.ทดสอบ311เชียงใหม่"
TALAT_YAI, TALAT_NUEA, CHALONG = "830101", "830102", "830106"
KARON, KATHU, THALANG, CHIANG_MAI = "830108", "830201", "830301", "500101"
ADDRESS_TALAT_YAI = "12 ถนนรัษฎา ตำบลตลาดใหญ่ อำเภอเมืองภูเก็ต จ.ภูเก็ต 83000"
PARTNER, ISSUE, DELIVERY = "Open311 Partner", "Community Issue", "Open311 Webhook Delivery"
SETTINGS = "Stronger Together Settings"
SECRET = "webhook-secret-ของพันธมิตร"
BULK = "ISS-T311-"


def ensure_committee(level, field, area, chair):
	name = frappe.db.get_value("Committee", {"area_key": f"{level}:{area}"})
	doc = frappe.get_doc("Committee", name) if name else frappe.new_doc("Committee")
	doc.update({"committee_level": level, field: area, "is_active": 1})
	doc.set("members", [{"user": chair, "position": "Chair"}])
	doc.save() if name else doc.insert()
	return doc.name


def ensure_partner(partner_name, area_type, **fields):
	values = {
		"partner_name": partner_name,
		"area_type": area_type,
		"is_active": 1,
		"read_all_public": 0,
		"webhook_url": None,
		"bureau": None,
		"province": None,
		**fields,
	}
	if frappe.db.exists(PARTNER, partner_name):
		doc = frappe.get_doc(PARTNER, partner_name)
		doc.update(values)
		doc.save()
	else:
		doc = frappe.get_doc({"doctype": PARTNER, **values}).insert()
	return doc.name


@pytest.fixture(scope="module")
def world():
	frappe.set_user("Administrator")
	make_station(ST_TOWN, DIVISION, "8301", [TALAT_YAI, TALAT_NUEA, "830103", "830104", "830105"])
	make_station(ST_CHALONG, DIVISION, "8301", [CHALONG, "830107"])
	make_station(ST_KARON_1, DIVISION, "8301", [KARON])
	make_station(ST_KARON_2, DIVISION, "8301", [KARON])
	make_station(ST_NO_COMMITTEE, DIVISION, "8303", [THALANG])
	make_station(ST_CHIANG_MAI, "ภ.จว.เชียงใหม่", "5001")
	chairs = {
		k: make_user(f"chair.{k}{D}", first_name=f"ประธาน{k}") for k in ("town", "chalong", "district", "cm")
	}
	ensure_committee("Station", "police_unit", ST_TOWN, chairs["town"])
	ensure_committee("Station", "police_unit", ST_CHALONG, chairs["chalong"])
	ensure_committee("Station", "police_unit", ST_CHIANG_MAI, chairs["cm"])
	ensure_committee("District", "district", "8301", chairs["district"])
	for user in chairs.values():
		committees.sync_user_roles(user)
	partners = {
		"phuket": ensure_partner("ทดสอบ311 ภูเก็ตร้องทุกข์", "Province", province="83"),
		"region": ensure_partner("ทดสอบ311 ภาค 8", "Bureau", bureau=BUREAU, read_all_public=1),
		"chiang_mai": ensure_partner("ทดสอบ311 เชียงใหม่", "Province", province="50"),
		"country": ensure_partner("ทดสอบ311 ทั้งประเทศ", "Whole Country"),
		"revoked": ensure_partner("ทดสอบ311 ถูกเพิกถอน", "Province", province="83"),
		"inactive": ensure_partner("ทดสอบ311 ปิดใช้งาน", "Province", province="83"),
	}
	keys = {k: open311_api.issue_api_key(p)["api_key"] for k, p in partners.items()}
	open311_api.revoke_api_key(partners["revoked"])
	frappe.db.set_value(PARTNER, partners["inactive"], "is_active", 0)
	# the API's rate limit is tested on its own; the other tests make many calls from 127.0.0.1
	before = frappe.db.get_single_value(SETTINGS, "open311_requests_per_minute")
	set_rate_limit(100000)
	frappe.db.commit()
	yield frappe._dict(partners=partners, apikeys=keys, chairs=chairs)
	frappe.db.rollback()
	set_rate_limit(before or 300)
	frappe.db.commit()


def set_rate_limit(n):
	settings = frappe.get_doc(SETTINGS)
	settings.open311_requests_per_minute = n
	settings.save()


@pytest.fixture(scope="module")
def base(world, site):
	with frappe_server(site, os.environ.get("ST_SITES_PATH", os.getcwd())) as url:
		yield url + "/api/open311/v2"


# ---- helpers -----------------------------------------------------------------------------------


def call(base, method, path, fmt="json", **params):
	url = f"{base}/{path}.{fmt}" if fmt else f"{base}/{path}"
	if method == "POST":
		return requests.post(url, data=params, timeout=60)
	return requests.request(method, url, params=params, timeout=60)


def errors(response) -> list[tuple[int, str]]:
	"""The standard's error list, from JSON or XML (and the content type that goes with it)."""
	if response.headers["Content-Type"].startswith("text/xml"):
		root = ET.fromstring(response.content)
		assert root.tag == "errors"
		return [(int(e.findtext("code")), e.findtext("description")) for e in root.findall("error")]
	assert response.headers["Content-Type"].startswith("application/json")
	return [(e["code"], e["description"]) for e in response.json()]


def assert_error(response, status, text):
	assert response.status_code == status, response.text
	found = errors(response)
	assert len(found) == 1 and found[0][0] == status and text in found[0][1], found


def post(base, key, fmt="json", **fields):
	return call(base, "POST", "requests", fmt, api_key=key, **fields)


def site_offset() -> str:
	from zoneinfo import ZoneInfo

	return now_datetime().replace(tzinfo=ZoneInfo(get_system_timezone())).isoformat()[-6:]


def civicbot_client(base):
	from civicbot.http import HttpTransport, RateLimiter
	from civicbot.open311 import Open311Client
	from civicbot.registry import Endpoint

	endpoint = Endpoint(id="stronger-together", name="Stronger Together", base_url=base, write=True)
	return Open311Client(endpoint, transport=HttpTransport(rate_limiter=RateLimiter(min_interval=0)))


@pytest.fixture
def georeport(monkeypatch):
	"""georeport's client for JSON or XML. The library sends no api_key on reads (the standard leaves it
	optional there); this endpoint needs one, so the partner's key rides on a requests.Session's default
	params, in place of the module-level `requests` the library calls. Its own code parses every answer."""
	import georeport.georeport as library
	from georeport import GeoReport

	def make(base, fmt, key=None):
		session = requests.Session()
		if key:
			session.params = {"api_key": key}
		monkeypatch.setattr(library, "requests", session)
		return GeoReport(base, output_format=fmt)

	return make


def as_list(value):
	return value if isinstance(value, list) else [value]


# ---- the API through client libraries ---------------------------------------------------------


def test_discovery_and_openapi_are_served(base):
	r = call(base, "GET", "discovery")
	assert r.status_code == 200 and r.headers["Content-Type"] == "application/json; charset=utf-8"
	d = r.json()
	assert d["endpoints"][0]["url"].endswith("/api/open311/v2")
	assert d["endpoints"][0]["formats"] == ["application/json", "text/xml"]
	x = ET.fromstring(call(base, "GET", "discovery", "xml").content)
	assert (
		x.tag == "discovery"
		and x.find("endpoints/endpoint/specification").text == "http://wiki.open311.org/GeoReport_v2"
	)
	doc = call(base, "GET", "openapi", "json").json()
	assert doc["openapi"].startswith("3.") and doc["servers"][0]["url"].endswith("/api/open311/v2")
	assert "/requests.xml" in doc["paths"]


def test_client_libraries_list_services_post_and_read_back_in_json_and_xml(world, base, georeport):
	categories = frappe.get_meta(ISSUE).get_field("category").options.split("\n")
	for fmt in ("json", "xml"):
		services = as_list(georeport(base, fmt).get_service_list())
		assert [s["service_code"] for s in services] == [c.lower().replace(" ", "-") for c in categories], fmt
		crime = services[0]
		assert (crime["service_name_en"], crime["service_name_th"]) == ("Crime", "อาชญากรรม")
		assert crime["group"] == "Safety" and str(crime["metadata"]).lower() == "true"
		definition = georeport(base, fmt).get_service_definition("crime")
		attributes = as_list(
			definition["attributes"]["attribute"] if fmt == "xml" else definition["attributes"]
		)
		assert [a["code"] for a in attributes] == ["subdistrict", "postcode", "priority", "external_id"]
	assert next(s["service_code"] for s in civicbot_client(base).list_services()) == "crime"

	# civicbot's Open311 client posts: by address and postcode, and by sub-district code
	client = civicbot_client(base)
	key = world.apikeys["phuket"]
	by_address = client.create_request(
		"traffic-and-road-safety",
		dry_run=False,
		confirm="SEND",
		api_key=key,
		address_string=ADDRESS_TALAT_YAI,
		lat=7.8841,
		lng=98.3923,
		description="ไฟจราจรที่แยกดับมาสองคืน\nรถชนกันเกือบทุกคืน",
		attributes={"priority": "high"},
	).response
	by_code = client.create_request(
		"drugs",
		dry_run=False,
		confirm="SEND",
		api_key=key,
		address_string="ซอยบางลา",
		description="มีการมั่วสุมในสวนสาธารณะ",
		attributes={"subdistrict": CHALONG},
	).response
	first, second = by_address[0]["service_request_id"], by_code[0]["service_request_id"]
	assert ST_TOWN in by_address[0]["service_notice"] and ST_CHALONG in by_code[0]["service_notice"]

	frappe.db.rollback()  # a fresh snapshot: the web server wrote the issues
	issue = frappe.get_doc(ISSUE, first)
	assert (issue.source, issue.open311_partner, issue.station, issue.subdistrict) == (
		"Open311",
		world.partners["phuket"],
		ST_TOWN,
		TALAT_YAI,
	)
	assert (issue.workflow_state, issue.current_rung, issue.priority) == ("At Station", "Station", "High")
	assert (round(issue.latitude, 4), round(issue.longitude, 4)) == (7.8841, 98.3923)
	assert issue.address_string == ADDRESS_TALAT_YAI and issue.title == "ไฟจราจรที่แยกดับมาสองคืน"
	assert [
		r.action for r in frappe.get_all("Community Issue Log", {"community_issue": first}, ["action"])
	] == ["Raise"]

	# georeport reads them back, one by one and as a list, in JSON and in XML
	committee = frappe.db.get_value(ISSUE, first, "current_committee")
	for fmt in ("json", "xml"):
		client = georeport(base, fmt, key)
		one = client.get_service_request(first)
		assert one["service_request_id"] == first and one["status"] == "open", fmt
		assert one["service_code"] == "traffic-and-road-safety" and one["agency_responsible"] == committee
		assert one["description"] == "ไฟจราจรที่แยกดับมาสองคืน\nรถชนกันเกือบทุกคืน"
		assert one["status_notes"] == "Received by the Station committee."
		assert one["address_id"] == TALAT_YAI and one["zipcode"] == "83000"
		assert float(one["lat"]) == pytest.approx(7.8841) and float(one["long"]) == pytest.approx(98.3923)
		assert one["requested_datetime"].endswith(site_offset())
		assert one["extended_attributes"]["ladder_state"] == "At Station"
		assert one["extended_attributes"]["detailed_status"] == "open"
		both = as_list(client.get_service_requests(service_request_id=f"{first},{second}"))
		assert {r["service_request_id"] for r in both} == {first, second}
		listed = as_list(client.get_service_requests(service_code="drugs", status="open"))
		assert second in {r["service_request_id"] for r in listed} and first not in {
			r["service_request_id"] for r in listed
		}


def test_a_repeated_external_id_returns_the_same_request(world, base):
	key = world.apikeys["phuket"]
	reference = f"TF-{frappe.generate_hash(length=8)}"
	fields = {
		"service_code": "public-order",
		"attribute[subdistrict]": TALAT_NUEA,
		"attribute[external_id]": reference,
	}
	first = post(base, key, **fields)
	again = post(base, key, "xml", **fields)
	assert first.status_code == 201 and again.status_code == 200
	name = first.json()[0]["service_request_id"]
	assert ET.fromstring(again.content).findtext("request/service_request_id") == name
	frappe.db.rollback()
	assert frappe.db.count(ISSUE, {"external_id": reference}) == 1


def test_simultaneous_posts_of_one_external_id_make_one_issue(world, base):
	reference = f"TF-{frappe.generate_hash(length=8)}"
	fields = {
		"service_code": "drugs",
		"attribute[subdistrict]": TALAT_YAI,
		"attribute[external_id]": reference,
	}
	with ThreadPoolExecutor(4) as pool:
		answers = list(pool.map(lambda _: post(base, world.apikeys["phuket"], **fields), range(4)))
	assert sorted(a.status_code for a in answers) == [200, 200, 200, 201], [a.text for a in answers]
	assert len({a.json()[0]["service_request_id"] for a in answers}) == 1
	frappe.db.rollback()
	assert frappe.db.count(ISSUE, {"external_id": reference}) == 1


def test_reporters_contact_details_are_not_stored(world, base):
	r = post(
		base,
		world.apikeys["phuket"],
		service_code="other",
		description="ขอให้ตรวจตราบริเวณตลาด",
		first_name="สมชาย",
		last_name="ร้องเรียน",
		email="somchai@example.com",
		phone="0812345678",
		**{"attribute[subdistrict]": TALAT_YAI},
	)
	assert r.status_code == 201, r.text
	frappe.db.rollback()
	doc = frappe.get_doc(ISSUE, r.json()[0]["service_request_id"]).as_dict()
	text = json.dumps(doc, default=str, ensure_ascii=False)
	assert "สมชาย" not in text and "somchai@example.com" not in text and "0812345678" not in text


# ---- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_keys_missing_bad_revoked_or_of_an_inactive_partner_are_403(world, base, fmt):
	ok = {"service_code": "crime", "attribute[subdistrict]": TALAT_YAI}
	assert_error(call(base, "GET", "requests", fmt), 403, "api_key was not provided.")
	assert_error(post(base, "", fmt, **ok), 403, "api_key was not provided.")
	bad = world.apikeys["phuket"][:-4] + "0000"
	assert_error(call(base, "GET", "requests", fmt, api_key=bad), 403, "Invalid api_key.")
	assert_error(post(base, "not-a-key", fmt, **ok), 403, "Invalid api_key.")
	assert_error(call(base, "GET", "requests", fmt, api_key=world.apikeys["revoked"]), 403, "was revoked")
	assert_error(post(base, world.apikeys["revoked"], fmt, **ok), 403, "was revoked")
	assert_error(post(base, world.apikeys["inactive"], fmt, **ok), 403, "is not active")
	# the key is checked first, whatever else is wrong
	assert_error(
		call(base, "GET", "requests", fmt, api_key=bad, start_date="nonsense"), 403, "Invalid api_key."
	)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_locations_outside_the_partners_area_are_400(world, base, fmt):
	before = frappe.db.count(ISSUE)
	r = post(
		base, world.apikeys["chiang_mai"], fmt, service_code="crime", **{"attribute[subdistrict]": TALAT_YAI}
	)
	assert_error(r, 400, f"Sub-district {TALAT_YAI} lies outside this partner's area (Chiang Mai (50))")
	r = post(
		base, world.apikeys["phuket"], fmt, service_code="crime", **{"attribute[subdistrict]": CHIANG_MAI}
	)
	assert_error(r, 400, "lies outside this partner's area")
	r = post(
		base, world.apikeys["region"], fmt, service_code="crime", **{"attribute[subdistrict]": CHIANG_MAI}
	)
	assert_error(r, 400, f"lies outside this partner's area ({BUREAU})")
	frappe.db.rollback()
	assert frappe.db.count(ISSUE) == before


@pytest.mark.parametrize(
	"fields,status,text",
	[
		({"service_code": "potholes"}, 400, "service_code potholes is not a service of this endpoint."),
		({}, 400, "service_code is required."),
		(
			{"service_code": "crime", "attribute[subdistrict]": "999999"},
			400,
			"999999 is not a known DOPA sub-district code",
		),
		({"service_code": "crime", "address_string": "ถนนใดก็ได้ 99999"}, 400, "Postcode 99999 is not known."),
		({"service_code": "crime", "address_string": "ถนนเทพกระษัตรี"}, 400, "address_string has no postcode"),
		({"service_code": "crime", "lat": "7.88", "long": "98.39"}, 400, "The location cannot be routed"),
		(
			{"service_code": "crime", "address_string": "ภูเก็ต 83000"},
			400,
			"names none of the sub-districts of postcode 83000",
		),
		(
			{"service_code": "crime", "address_string": "ตลาดใหญ่ ตลาดเหนือ 83000"},
			400,
			"matches several sub-districts of postcode 83000",
		),
		({"service_code": "crime", "attribute[subdistrict]": KARON}, 400, "is served by several stations"),
		(
			{"service_code": "crime", "attribute[subdistrict]": KATHU},
			400,
			f"No police station serves sub-district {KATHU}",
		),
		({"service_code": "crime", "attribute[subdistrict]": THALANG}, 400, "has no active committee yet"),
		(
			{"service_code": "crime", "attribute[subdistrict]": TALAT_YAI, "lat": "7.88"},
			400,
			"lat and long must be sent together.",
		),
		(
			{"service_code": "crime", "attribute[subdistrict]": TALAT_YAI, "lat": "97", "long": "98"},
			400,
			"lat must lie between",
		),
		(
			{"service_code": "crime", "attribute[subdistrict]": TALAT_YAI, "description": "ก" * 4001},
			400,
			"description is longer than 4000",
		),
		(
			{"service_code": "crime", "attribute[subdistrict]": TALAT_YAI, "attribute[priority]": "asap"},
			400,
			"attribute[priority] must be one of",
		),
	],
	ids=lambda v: v if isinstance(v, str) else None,
)
def test_bad_posts_are_400_and_create_nothing(world, base, fields, status, text):
	before = frappe.db.count(ISSUE)
	for fmt in ("json", "xml"):
		assert_error(post(base, world.apikeys["phuket"], fmt, **fields), status, text)
	frappe.db.rollback()
	assert frappe.db.count(ISSUE) == before


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
	"params,text",
	[
		({"start_date": "yesterday"}, "start_date is not an ISO 8601 date-time"),
		({"end_date": "2026-02-30T00:00:00Z"}, "end_date is not a valid date-time."),
		({"start_date": "2026-03-01", "end_date": "2026-01-01"}, "start_date must not be after end_date."),
		({"start_date": "2026-01-01", "end_date": "2026-06-01"}, "may not span more than 90 days"),
		({"status": "fixed"}, "status must be open or closed"),
		({"service_code": "crime,potholes"}, "service_code potholes is not a service"),
	],
)
def test_bad_queries_are_400(world, base, fmt, params, text):
	assert_error(call(base, "GET", "requests", fmt, api_key=world.apikeys["phuket"], **params), 400, text)


@pytest.fixture
def thousand_and_one(world):
	"""1,001 issues of the whole-country partner, a minute apart (written in bulk, as the demo does)."""
	now = now_datetime()
	rows = []
	for i in range(1001):
		at = add_to_date(now, minutes=-i)
		rows.append(
			(
				f"{BULK}{i:06d}",
				f"bulk {i}",
				"Crime",
				"Medium",
				ST_TOWN,
				TALAT_YAI,
				"8301",
				"83",
				DIVISION,
				BUREAU,
				"At Station",
				"Station",
				"Open311",
				world.partners["country"],
				f"bulk-{i}",
				at,
				at,
				"Administrator",
				"Administrator",
				0,
			)
		)
	fields = ["name", "title", "category", "priority", "station", "subdistrict", "district", "province", "division",
		"bureau", "workflow_state", "current_rung", "source", "open311_partner", "external_id", "creation", "modified",
		"owner", "modified_by", "docstatus"]  # fmt: skip
	frappe.db.bulk_insert(ISSUE, fields, rows)
	frappe.db.commit()
	yield now
	frappe.db.rollback()
	frappe.db.delete(ISSUE, {"name": ("like", f"{BULK}%")})
	frappe.db.commit()


def test_more_than_1000_results_is_400_and_1000_is_fine(world, base, thousand_and_one):
	key = world.apikeys["country"]
	for fmt in ("json", "xml"):
		assert_error(call(base, "GET", "requests", fmt, api_key=key), 400, "More than 1000 requests match")
	start = add_to_date(thousand_and_one, minutes=-999, seconds=-30).isoformat()
	r = call(base, "GET", "requests", api_key=key, start_date=start)
	assert r.status_code == 200, r.text
	assert len(r.json()) == 1000 and r.json()[0]["service_request_id"] == f"{BULK}000000"
	x = call(base, "GET", "requests", "xml", api_key=key, start_date=start)
	assert len(ET.fromstring(x.content).findall("request")) == 1000


def test_unknown_resources_formats_and_methods(world, base):
	assert_error(call(base, "GET", "services/potholes"), 404, "service_code potholes was not found.")
	assert_error(call(base, "GET", "services/potholes", "xml"), 404, "service_code potholes was not found.")
	assert_error(call(base, "GET", "services", "csv"), 404, "Unknown format: use .json or .xml.")
	assert_error(call(base, "GET", "no/such/thing", None), 404, "No such Open311 resource")
	assert_error(call(base, "POST", "no/such/thing", None), 404, "No such Open311 resource")
	r = call(base, "DELETE", "requests")
	assert_error(r, 405, "DELETE is not allowed here")
	assert r.headers["Allow"] == "GET, POST"
	assert_error(call(base, "POST", "services"), 405, "POST is not allowed here")
	key = world.apikeys["phuket"]
	assert_error(
		call(base, "GET", "requests/ISS-2026-9999999", api_key=key), 404, "ISS-2026-9999999 was not found."
	)


def test_too_many_requests_are_429_in_the_standards_format(world, base):
	set_rate_limit(3)
	frappe.db.commit()
	try:
		answers = [call(base, "GET", "services", "xml") for _ in range(5)]
	finally:
		set_rate_limit(100000)
		frappe.db.commit()
	limited = [r for r in answers if r.status_code == 429]
	assert limited, [r.status_code for r in answers]
	assert_error(limited[0], 429, "Too many requests")


def test_thai_locale(world, base):
	services = call(base, "GET", "services", locale="th").json()
	assert services[0]["service_name"] == "อาชญากรรม"
	r = call(base, "GET", "requests", api_key=world.apikeys["phuket"], start_date="nonsense", locale="th")
	assert r.status_code == 400


# ---- who reads what --------------------------------------------------------------------------------


def test_each_partner_reads_only_what_it_may(world, base):
	mine = post(base, world.apikeys["phuket"], service_code="environment", description="ขยะริมหาด ของพันธมิตร",
		**{"attribute[subdistrict]": CHALONG}).json()[0]["service_request_id"]  # fmt: skip
	frappe.set_user("Administrator")
	desk = frappe.get_doc({"doctype": ISSUE, "title": "เรื่องจากเวทีประชาคม นายสมศักดิ์", "category": "Crime",
		"station": ST_CHALONG, "subdistrict": CHALONG, "description": "รายละเอียดภายใน"}).insert().name  # fmt: skip
	frappe.db.commit()

	def listed(who, fmt="json"):
		r = call(base, "GET", "requests", fmt, api_key=world.apikeys[who])
		assert r.status_code == 200, r.text
		if fmt == "xml":
			return {
				e.findtext("service_request_id"): e.findtext("description") for e in ET.fromstring(r.content)
			}
		return {e["service_request_id"]: e["description"] for e in r.json()}

	own = listed("phuket")
	assert own[mine] == "ขยะริมหาด ของพันธมิตร" and desk not in own
	region = listed("region")  # read_all_public in ภ.8: every issue of the area, without descriptions
	assert region[mine] is None and region[desk] is None
	assert mine in listed("region", "xml") and listed("region", "xml")[mine] is None
	assert mine not in listed("chiang_mai") and desk not in listed("chiang_mai")
	assert mine not in listed("country")
	key = world.apikeys["chiang_mai"]
	assert_error(call(base, "GET", f"requests/{mine}", api_key=key), 404, "was not found")
	one = call(base, "GET", f"requests/{desk}", api_key=world.apikeys["region"]).json()[0]
	assert one["description"] is None and "สมศักดิ์" not in json.dumps(one, ensure_ascii=False)


def test_only_the_api_marks_an_issue_as_a_partners(world):
	frappe.set_user("Administrator")
	fields = {
		"doctype": ISSUE,
		"title": "x",
		"category": "Crime",
		"station": ST_TOWN,
		"subdistrict": TALAT_YAI,
	}
	with pytest.raises(
		frappe.PermissionError, match="Only the Open311 API raises issues for an Open311 partner"
	):
		frappe.get_doc({**fields, "open311_partner": world.partners["phuket"]}).insert()
	with pytest.raises(frappe.PermissionError, match="Only the Open311 API"):
		frappe.get_doc({**fields, "source": "Open311"}).insert()
	doc = frappe.get_doc(fields).insert()
	doc.open311_partner = world.partners["phuket"]
	with pytest.raises(frappe.PermissionError, match="cannot be changed"):
		doc.save()


def test_partner_keys_are_admin_business_and_stored_hashed(world):
	name = world.partners["country"]
	key = open311_api.issue_api_key(name)["api_key"]
	row = frappe.db.get_value(PARTNER, name, ["api_key_id", "api_key_hash", "api_key_salt"], as_dict=True)
	assert signing.key_id_of(key) == row.api_key_id and signing.key_matches(
		key, row.api_key_salt, row.api_key_hash
	)
	assert not frappe.db.sql(
		f"select name from `tab{PARTNER}` where api_key_hash = %s or api_key_id = %s", (key, key)
	)
	world.apikeys["country"] = key
	# a form or REST body cannot set the key fields
	doc = frappe.get_doc(PARTNER, name)
	doc.api_key_hash = "0" * 64
	doc.save()
	assert frappe.db.get_value(PARTNER, name, "api_key_hash") == row.api_key_hash
	frappe.set_user(world.chairs["town"])
	with pytest.raises(frappe.PermissionError):
		open311_api.issue_api_key(name)
	with pytest.raises(frappe.PermissionError):
		frappe.get_list(PARTNER)
	with pytest.raises(frappe.PermissionError):
		frappe.get_list(DELIVERY)
	frappe.set_user("Administrator")
	with pytest.raises(frappe.ValidationError, match="is not a police bureau"):
		frappe.get_doc(
			{"doctype": PARTNER, "partner_name": "ทดสอบ311 ผิด", "area_type": "Bureau", "bureau": DIVISION}
		).insert()
	frappe.db.commit()


# ---- webhooks ------------------------------------------------------------------------------------


def use_receiver(world, url):
	doc = frappe.get_doc(PARTNER, world.partners["phuket"])
	doc.webhook_url = url
	doc.webhook_secret = SECRET
	doc.save()
	frappe.db.commit()


def act(user, name, action, **notes):
	"""As a chair: the ladder's one authority, through the desk's endpoint."""
	frappe.set_user(user)
	try:
		ladder_api.act_on_issue(name, action, notes=notes)
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()


def deliveries(issue):
	return frappe.get_all(DELIVERY, {"community_issue": issue}, ["*"], order_by="sequence asc")


def calls_for(receiver, issue):
	out = []
	for c in receiver.calls:
		payload = json.loads(c["body"])
		if payload["service_request"]["service_request_id"] == issue:
			out.append((c, payload))
	return out


def settle(issue, expected_calls, receiver):
	"""What the scheduler's job does every minute (a worker may also have sent some already)."""
	for _ in range(20):
		frappe.db.rollback()  # a fresh snapshot: the web server and workers write too
		webhooks.deliver_due()
		if len(calls_for(receiver, issue)) >= expected_calls:
			return
	raise AssertionError(f"{expected_calls} deliveries expected, got {len(calls_for(receiver, issue))}")


def test_every_state_change_is_posted_signed_in_order(world, base):
	chairs = world.chairs
	with Receiver() as receiver:
		use_receiver(world, receiver.url)
		r = post(base, world.apikeys["phuket"], service_code="crime", description="ไฟดับในซอย",
			**{"attribute[subdistrict]": TALAT_YAI})  # fmt: skip
		name = r.json()[0]["service_request_id"]
		settle(name, 1, receiver)
		act(chairs["town"], name, "Accept")  # not a state change: nothing is sent
		act(chairs["town"], name, "Escalate", reason="เกินกำลังของสถานี ตามที่ ร.ต.อ.สมหมาย แจ้ง")
		settle(name, 2, receiver)
		act(chairs["district"], name, "Return", reason="ขอข้อมูลเพิ่ม")
		settle(name, 3, receiver)
		act(chairs["town"], name, "Resolve", resolution="ติดตั้งไฟใหม่แล้ว โดยนายช่างสมปอง")
		settle(name, 4, receiver)
		act(chairs["town"], name, "Close", reason="ชุมชนพอใจ")
		settle(name, 5, receiver)
		use_receiver(world, None)
	calls = calls_for(receiver, name)
	payloads = [p for _c, p in calls]
	assert [p["service_request"]["extended_attributes"]["ladder_state"] for p in payloads] == [
		"At Station",
		"At District",
		"At Station",
		"Resolved",
		"Closed",
	]
	assert [p["service_request"]["status"] for p in payloads] == ["open", "open", "open", "closed", "closed"]
	assert [p["event"] for p in payloads] == ["service_request.created"] + [
		"service_request.status_changed"
	] * 4
	assert [p["previous_ladder_state"] for p in payloads] == [
		None,
		"At Station",
		"At District",
		"At Station",
		"Resolved",
	]
	sequences = [p["sequence"] for p in payloads]
	assert (
		sequences == sorted(sequences) and sequences[0] == 1 and len(set(sequences)) == 5
	)  # Accept's step is skipped
	assert payloads[1]["service_request"]["status_notes"] == "Escalated to the District committee."
	assert payloads[3]["service_request"]["status_notes"] == "Resolved by the Station committee."
	for c, payload in calls:
		header = c["headers"]["X-Open311-Signature"]
		assert signing.signature_valid(c["body"], SECRET, header)
		assert not signing.signature_valid(c["body"], "another secret", header)
		assert c["headers"]["X-Open311-Event"] == payload["event"]
		body = c["body"].decode()
		for private in ("สมหมาย", "สมปอง", "ขอข้อมูลเพิ่ม", "ชุมชนพอใจ", "ประธาน"):
			assert private not in body
	log = deliveries(name)
	assert [(d.status, d.attempts, d.last_http_status) for d in log] == [("Delivered", 1, 204)] * 5
	assert {c["headers"]["X-Open311-Delivery"] for c, _p in calls} == {d.name for d in log}


def test_failed_deliveries_are_retried_with_back_off_and_keep_their_order(world, base):
	chairs = world.chairs
	with Receiver() as receiver:
		use_receiver(world, receiver.url)
		receiver.fail_next(2)
		r = post(base, world.apikeys["phuket"], service_code="crime", **{"attribute[subdistrict]": TALAT_YAI})
		name = r.json()[0]["service_request_id"]
		settle(name, 1, receiver)
		first = deliveries(name)[0]
		assert (first.status, first.attempts, first.last_http_status) == ("Retrying", 1, 500)
		wait = (first.next_attempt_at - first.last_attempt_at).total_seconds()
		assert wait == signing.retry_delay(1) == 60
		# the next state waits behind the failed one
		act(chairs["town"], name, "Escalate", reason="เกินกำลัง")
		webhooks.deliver_due()
		assert len(calls_for(receiver, name)) == 1
		assert [d.status for d in deliveries(name)] == ["Retrying", "Queued"]
		# its time comes: it fails again, and waits twice as long
		frappe.db.set_value(DELIVERY, first.name, "next_attempt_at", add_to_date(now_datetime(), seconds=-1))
		frappe.db.commit()
		settle(name, 2, receiver)
		first = frappe.get_doc(DELIVERY, first.name)
		assert (first.status, first.attempts) == ("Retrying", 2)
		assert (
			(first.next_attempt_at - first.last_attempt_at).total_seconds() == signing.retry_delay(2) == 120
		)
		frappe.db.set_value(DELIVERY, first.name, "next_attempt_at", add_to_date(now_datetime(), seconds=-1))
		frappe.db.commit()
		settle(name, 4, receiver)
		use_receiver(world, None)
	calls = calls_for(receiver, name)
	assert [c["answered"] for c, _p in calls] == [500, 500, 204, 204]
	assert [p["service_request"]["extended_attributes"]["ladder_state"] for _c, p in calls] == [
		"At Station",
		"At Station",
		"At Station",
		"At District",
	]
	assert [(d.status, d.attempts) for d in deliveries(name)] == [("Delivered", 3), ("Delivered", 1)]
