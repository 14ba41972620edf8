"""Tier 2: each side door Frappe leaves open, closed - one test per door, over HTTP as real users.

The permission fuzz (test_permission_fuzz.py) walks every door generically; these name each one, so that
undoing its fix turns exactly its test red.
"""

import json
import threading

import frappe
import pytest

from .fuzz.world import A1, B1, PASSWORD, World, build
from .helpers import make_user, server_message


@pytest.fixture(scope="module")
def world() -> World:
	return build()


def http(user: str, calls):
	"""Run `calls(client, headers)` as `user` through Frappe's WSGI stack, in a thread of its own."""
	from frappe.app import application
	from werkzeug.test import Client

	site = frappe.local.site
	out = {}

	def run():
		client = Client(application)
		headers = {"Host": site, "Accept": "application/json"}
		r = client.post("/api/method/login", data={"usr": user, "pwd": PASSWORD}, headers=headers)
		assert r.status_code == 200, r.get_data(as_text=True)
		out["result"] = calls(client, headers)

	t = threading.Thread(target=run)
	t.start()
	t.join()
	return out["result"]


def _canary(world: World, doctype: str, station: str):
	return next(
		c for c in world.canaries if c.doctype == doctype and (c.member_in_scope_of or "") in ("", station)
	)


def _member_of(station: str) -> frappe._dict:
	return frappe.get_all(
		"Network Member", filters={"station": station}, fields=["name", "national_id", "mobile"], limit=1
	)[0]


def test_get_count_applies_permissions(world):
	"""frappe.client.get_count counted every table for any logged-in user (frappe.db.count, no checks)."""
	member_b = _member_of(B1)

	def calls(c, h):
		all_members = c.post(
			"/api/method/frappe.client.get_count", data={"doctype": "Network Member"}, headers=h
		)
		by_id = c.post(
			"/api/method/frappe.client.get_count",
			data={
				"doctype": "Network Member",
				"filters": json.dumps([["national_id", "like", member_b.national_id[:6] + "%"]]),
			},
			headers=h,
		)
		return all_members, by_id

	no_role, _ = http("fz.norole@fuzz.test", calls)
	assert no_role.status_code == 403
	own, by_id = http("fz.station.member@fuzz.test", calls)
	assert own.status_code == 200 and own.get_json()["message"] == frappe.db.count(
		"Network Member", {"station": A1}
	)
	assert by_id.get_json()["message"] == 0  # a filter on a hidden field answers nothing


def test_personal_field_filter_refused_whatever_its_spelling(world):
	member = _member_of(A1)
	spellings = [
		json.dumps([["national_id", "=", member.national_id]]),
		'[["national\\u005fid", "=", "' + member.national_id + '"]]',
		json.dumps(json.dumps({"national_id": member.national_id})),
		json.dumps(["national_id", "=", member.national_id]),
	]

	def calls(c, h):
		answers = []
		for f in spellings:
			r = c.get("/api/resource/Network Member", query_string={"filters": f}, headers=h)
			answers.append(r.get_json().get("data") if r.status_code == 200 else f"refused {r.status_code}")
		return answers + [
			c.get(
				"/api/resource/Network Member",
				query_string={"filters": json.dumps([["first_name", "like", "%mobile%"]])},
				headers=h,
			).status_code
		]

	*answers, plain = http(
		"fz.station.member@fuzz.test", calls
	)  # in scope of the member, but no personal data
	assert all(a == [] or str(a).startswith("refused 4") for a in answers), answers
	assert plain == 200  # a value that merely contains "mobile" is no field
	coordinator = http("fz.coordinator@fuzz.test", calls)  # who may read it
	assert coordinator[:2] == [[{"name": member.name}]] * 2


def test_child_rows_follow_their_parent(world):
	"""get_list with parent= and a child row read on its own were checked against the parent DocType only."""
	committee_b = world.committees[("Station", B1)]
	row = frappe.get_all("Committee Member", filters={"parent": committee_b}, pluck="name")[0]

	def calls(c, h):
		listed = c.post(
			"/api/method/frappe.client.get_list",
			data={
				"doctype": "Committee Member",
				"parent": "Committee",
				"fields": json.dumps(["name", "parent"]),
				"limit_page_length": 0,
			},
			headers=h,
		)
		one = c.post(
			"/api/method/frappe.client.get",
			data={"doctype": "Committee Member", "name": row, "parent": "Committee"},
			headers=h,
		)
		rest = c.get(f"/api/resource/Committee Member/{row}", headers=h)
		return listed, one, rest

	listed, one, rest = http("fz.station.member@fuzz.test", calls)
	parents = {r["parent"] for r in listed.get_json()["message"]}
	assert parents == {world.committees[("Station", A1)]}
	assert one.status_code == 403 and rest.status_code == 403


def test_coordinator_officers_follow_the_unit_tree(world):
	def calls(c, h):
		return c.get(
			"/api/resource/Coordinator Officer",
			query_string={"fields": '["police_unit"]', "limit_page_length": 0},
			headers=h,
		)

	units = {r["police_unit"] for r in http("fz.station.member@fuzz.test", calls).get_json()["data"]}
	assert units == {A1}
	units = {r["police_unit"] for r in http("fz.division.chair@fuzz.test", calls).get_json()["data"]}
	assert units == {"สภ.ฟัซซ์เมืองสงขลา", "สภ.ฟัซซ์หาดใหญ่"}


def test_link_titles_only_for_records_in_scope(world):
	issue_b = next(c for c in world.canaries if c.doctype == "Community Issue" and c.area == "B")

	def calls(c, h):
		return c.post(
			"/api/method/frappe.desk.search.get_link_title",
			data={"doctype": "Community Issue", "docname": issue_b.name},
			headers=h,
		).get_json()["message"]

	assert http("fz.station.member@fuzz.test", calls) == issue_b.name  # the name it was given, not the title
	assert http("fz.national@fuzz.test", calls) == issue_b.tokens[1]


def test_sharing_only_inside_the_records_area(world):
	issue_a = next(
		c for c in world.canaries if c.doctype == "Community Issue" and c.tokens[1].endswith("-00")
	)
	outsider = make_user("fz.outsider@fuzz.test", ["Station Committee Chair"])
	frappe.set_user("Administrator")
	from frappe.share import add as share

	with pytest.raises(frappe.PermissionError, match="only be shared with users whose area covers it"):
		share("Community Issue", issue_a.name, outsider, read=1, write=1)
	with pytest.raises(frappe.PermissionError, match="only be shared with users whose area covers it"):
		share("Community Issue", issue_a.name, everyone=1, read=1)
	share("Community Issue", issue_a.name, "fz.division.chair@fuzz.test", read=1)  # inside its area: fine


def test_no_comments_on_records_out_of_scope(world):
	# the last of area B's issues: the fuzz attacks the first (and Frappe rate-limits comments per record)
	issue_b = [c for c in world.canaries if c.doctype == "Community Issue" and c.area == "B"][-1]

	def calls(c, h):
		return c.post(
			"/api/method/frappe.templates.includes.comments.comments.add_comment",
			data={
				"comment": "ความเห็นจากคนนอกพื้นที่",
				"comment_email": "fz.station.member@fuzz.test",
				"comment_by": "x",
				"reference_doctype": "Community Issue",
				"reference_name": issue_b.name,
				"route": "",
			},
			headers=h,
		)

	r = http("fz.station.member@fuzz.test", calls)
	assert r.status_code == 403
	assert not frappe.db.exists("Comment", {"reference_name": issue_b.name, "comment_type": "Comment"})


def test_duplicate_id_names_the_holder_only_inside_the_users_area(world):
	member_b = _member_of(B1)
	member_a = _member_of(A1)

	def calls(c, h):
		doc = {
			"title": "นาย",
			"first_name": "ซ้ำ",
			"last_name": "เลขบัตร",
			"category": "Other",
			"station": A1,
			"subdistrict": frappe.db.get_value("Subdistrict", {"district": "9001"}, "name", order_by="name"),
		}
		return [
			c.post("/api/resource/Network Member", json={**doc, "national_id": nid}, headers=h)
			for nid in (member_b.national_id, member_a.national_id)
		]

	other_area, own_area = http("fz.coordinator@fuzz.test", calls)
	assert other_area.status_code == 417
	# "already registered to another network member", and nothing that names the holder or their station
	assert "ลงทะเบียนไว้แล้วกับสมาชิกเครือข่ายคนอื่น" in server_message(other_area)
	body = other_area.get_data(as_text=True)
	assert member_b.name not in body and B1 not in body
	assert member_a.name in server_message(own_area)  # inside the coordinator's area: named


def test_no_tracebacks_for_users(world):
	def calls(c, h):
		return c.post("/api/method/frappe.client.get_value", data={"doctype": "Community Issue"}, headers=h)

	r = http("fz.station.member@fuzz.test", calls)
	assert r.status_code >= 400
	assert "exc" not in r.get_json() and "Traceback" not in r.get_data(as_text=True)


def test_sms_receivers_that_are_not_numbers_get_a_thai_refusal(world):
	"""Frappe's send_sms json-parsed the receivers itself: text that is not JSON was a 500 (JSONDecodeError)."""

	def calls(c, h):
		path = "/api/method/frappe.core.doctype.sms_settings.sms_settings.send_sms"
		return [
			c.post(path, data={"receiver_list": receivers, "msg": "ทดสอบ"}, headers=h)
			for receivers in ("{not json", '{"a": 1}', "[]")
		]

	for response in http("fz.station.chair@fuzz.test", calls):
		assert response.status_code == 417, response.get_data(as_text=True)
		assert "กรุณาระบุผู้รับเป็นหมายเลขโทรศัพท์มือถือ" in server_message(response)
