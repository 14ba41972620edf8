"""Tier 2: the personal-data guard over REST, through every read endpoint Frappe offers a list on.

A user who may not read members' national IDs and phones (a Station Committee Member, a District Committee
Chair) gets nothing back from any filter, sort, group or field list on them, in any shape Frappe accepts;
a filter VALUE that merely contains "mobile" lists normally. The Coordinator Officer, who may read them,
gets the member back from the very same requests, so the empty answers cannot pass by accident."""

import json

import frappe
import pytest

from stronger_together.ladder import committees

from .helpers import Rest, make_member, make_station, make_user, new_national_id

STATION = "สภ.ทดสอบข้อมูลส่วนบุคคล"
DIVISION = "ภ.จว.ขอนแก่น"
DISTRICT = "4010"
D = "@personal-data.test"
STATION_MEMBER = "station.member" + D
DISTRICT_CHAIR = "district.chair" + D
COORDINATOR = "coordinator" + D
MOBILE = "0898760001"


def committee(level: str, area_field: str, area: str, user: str, position: str) -> None:
	name = frappe.db.get_value("Committee", {"area_key": f"{level}:{area}"})
	doc = frappe.get_doc("Committee", name) if name else frappe.new_doc("Committee")
	doc.update({"committee_level": level, area_field: area, "is_active": 1})
	doc.set("members", [{"user": user, "position": position}])
	doc.save() if name else doc.insert()


@pytest.fixture(scope="module")
def member():
	"""A member of a station of district 4010 whose first name holds the word "mobile", and three users who
	see that station: its committee's member, the district committee's chair and its coordinator officer."""
	frappe.set_user("Administrator")
	subdistrict = frappe.get_all("Subdistrict", filters={"district": DISTRICT}, pluck="name", limit=1)[0]
	make_station(STATION, DIVISION, DISTRICT)
	for user in (STATION_MEMBER, DISTRICT_CHAIR, COORDINATOR):
		make_user(user)
	committee("Station", "police_unit", STATION, STATION_MEMBER, "Member")
	committee("District", "district", DISTRICT, DISTRICT_CHAIR, "Chair")
	if not frappe.db.exists("Coordinator Officer", {"user": COORDINATOR}):
		frappe.get_doc(
			{
				"doctype": "Coordinator Officer",
				"rank": "ร.ต.อ.",
				"officer_name": "ดูแล ข้อมูล",
				"police_unit": STATION,
				"user": COORDINATOR,
			}
		).insert()
	for user in (STATION_MEMBER, DISTRICT_CHAIR, COORDINATOR):  # make_user resets roles on reuse
		committees.sync_user_roles(user)
		committees.sync_coordinator_role(user)
	name = frappe.db.get_value("Network Member", {"station": STATION, "mobile": MOBILE})
	if not name:
		name = make_member(STATION, subdistrict, first_name="ร้านmobileดี", mobile=MOBILE)
	frappe.db.commit()
	national_id = frappe.db.get_value("Network Member", name, "national_id")
	return frappe._dict(name=name, national_id=national_id, mobile=MOBILE)


def test_who_may_read_personal_data(member):
	from stronger_together.permissions.personal_data import can_read

	assert "Station Committee Member" in frappe.get_roles(STATION_MEMBER)
	assert "District Committee Chair" in frappe.get_roles(DISTRICT_CHAIR)
	assert not can_read(STATION_MEMBER) and not can_read(DISTRICT_CHAIR)
	assert can_read(COORDINATOR)


# Each request: (label, method, path, params) -> what the endpoint answers, read as a list of member names
# (or a count). Filters always keep to the test's station, so the counts are exact.
OWN = ["Network Member", "station", "=", STATION]


def names_of(label: str, response) -> list | int:
	assert response.status_code == 200, (label, response.get_data(as_text=True)[:2000])
	body = response.get_json()
	if "data" in body:  # /api/resource
		return sorted(row["name"] for row in body["data"])
	message = body["message"]
	if isinstance(message, int):  # the counts
		return message
	if isinstance(message, dict) and "keys" in message:  # reportview.get: {"keys": [...], "values": [[...]]}
		index = message["keys"].index("name")
		return sorted(row[index] for row in message["values"])
	if isinstance(message, dict) or message is None:  # client.get_value: {"name": ...}, or nothing
		return [message["name"]] if message else []
	return sorted(row["name"] for row in message)


def requests_for(filters, **extra) -> list[tuple]:
	"""The same question through the five list endpoints (a sort or grouping in `extra`: the three lists)."""
	text = filters if isinstance(filters, str) else json.dumps(filters)
	lists = [
		("resource", "GET", "/api/resource/Network Member", {"filters": text, **extra}),
		(
			"client.get_list",
			"POST",
			"/api/method/frappe.client.get_list",
			{"doctype": "Network Member", "filters": text, **extra},
		),
		(
			"reportview.get",
			"POST",
			"/api/method/frappe.desk.reportview.get",
			{
				"doctype": "Network Member",
				"fields": '["`tabNetwork Member`.`name`"]',
				"filters": text,
				**extra,
			},
		),
	]
	if extra:
		return lists
	counts = [
		(
			"client.get_count",
			"POST",
			"/api/method/frappe.client.get_count",
			{"doctype": "Network Member", "filters": text},
		),
		(
			"reportview.get_count",
			"POST",
			"/api/method/frappe.desk.reportview.get_count",
			{"doctype": "Network Member", "filters": text},
		),
		(
			"client.get_value",
			"POST",
			"/api/method/frappe.client.get_value",
			{"doctype": "Network Member", "fieldname": "name", "filters": text},
		),
	]
	return lists + counts


def ask(user: str, requests: list[tuple]) -> dict:
	rest = Rest(user)
	answers = {}
	for label, method, path, params in requests:
		kwargs = {"query_string": params} if method == "GET" else {"data": params}
		answers[label] = names_of(label, rest.open(method, path, **kwargs))
	return answers


def found(answers: dict, name: str) -> dict:
	"""Per endpoint: did the member come back (a count of 1 for the counts)?"""
	return {
		label: (answer == 1 if isinstance(answer, int) else answer == [name])
		for label, answer in answers.items()
	}


def nothing(answers: dict) -> dict:
	return {label: answer in (0, []) for label, answer in answers.items()}


@pytest.mark.parametrize("user", [STATION_MEMBER, DISTRICT_CHAIR, COORDINATOR])
def test_a_filter_value_holding_mobile_lists_normally_for_everyone(member, user):
	shapes = [
		[OWN, ["Network Member", "first_name", "like", "%mobile%"]],
		[["station", "=", STATION], ["first_name", "like", "%mobile%"]],
		{"station": STATION, "first_name": ["like", "%mobile%"]},
		[OWN, ["Network Member", "first_name", "like", "%mobile%", False]],
	]
	for filters in shapes:
		answers = ask(user, requests_for(filters))
		assert all(found(answers, member.name).values()), (filters, answers)


def hidden_field_requests(member) -> list[tuple]:
	own = {"station": STATION}
	return [
		*requests_for([OWN, ["Network Member", "mobile", "=", member.mobile]]),
		*requests_for({"station": STATION, "mobile": ["like", member.mobile[:6] + "%"]}),
		*requests_for([["station", "=", STATION], ["national_id", "=", member.national_id]]),
		# the field's name spelt with a JSON escape
		*requests_for(
			json.dumps([OWN, ["Network Member", "national_id", "=", member.national_id]]).replace(
				"national_id", "national\\u005fid"
			)
		),
		# sorting and grouping on it
		*requests_for(own, order_by="`tabNetwork Member`.`mobile` asc"),
		*requests_for(own, order_by="national_id desc"),
		("group_by", "POST", "/api/method/frappe.client.get_list", {
			"doctype": "Network Member", "filters": json.dumps(own), "group_by": "mobile"
		}),
		("reportview.group_by", "POST", "/api/method/frappe.desk.reportview.get", {
			"doctype": "Network Member", "fields": '["`tabNetwork Member`.`name`"]',
			"filters": json.dumps(own), "group_by": "`tabNetwork Member`.`national_id`",
		}),
	]  # fmt: skip


def label_all(requests: list[tuple]) -> list[tuple]:
	"""Unique labels, so every request's answer is kept."""
	return [
		(f"{i}:{label}", method, path, params) for i, (label, method, path, params) in enumerate(requests)
	]


@pytest.mark.parametrize("user", [STATION_MEMBER, DISTRICT_CHAIR])
def test_any_filter_sort_group_or_field_on_personal_data_returns_nothing(member, user):
	requests = label_all(hidden_field_requests(member))
	answers = ask(user, requests)
	assert all(nothing(answers).values()), {k: v for k, v in answers.items() if v not in (0, [])}
	# ...while the same user sees the member through a plain filter on the station
	plain = ask(user, requests_for({"station": STATION}))
	assert all(found(plain, member.name).values()), plain
	# asking for the field itself lists the member without it (Frappe strips fields above the user's level)
	rows = Rest(user).get(
		"/api/resource/Network Member",
		query_string={
			"filters": json.dumps({"station": STATION}),
			"fields": '["name", "mobile", "national_id"]',
		},
	)
	assert rows.status_code == 200 and rows.get_json()["data"] == [{"name": member.name}]


def test_the_same_requests_return_the_member_to_a_user_who_may_read_personal_data(member):
	requests = label_all(hidden_field_requests(member))
	answers = ask(COORDINATOR, requests)
	assert all(found(answers, member.name).values()), {
		k: v for k, v in answers.items() if not found({k: v}, member.name)[k]
	}


def test_counts_follow_the_users_list_not_the_whole_table(member):
	"""Frappe's frappe.client.get_count counts the whole table whoever asks; the app's counts what the user
	may list, so a count cannot confirm a registration outside the user's area or without any role."""
	elsewhere = make_station(STATION + "2", DIVISION, "4011")
	subdistrict = frappe.get_all("Subdistrict", filters={"district": "4011"}, pluck="name", limit=1)[0]
	other = frappe.db.get_value(
		"Network Member", {"station": elsewhere}, ["name", "national_id"], as_dict=True
	)
	if not other:
		name = make_member(elsewhere, subdistrict)
		other = frappe.db.get_value("Network Member", name, ["name", "national_id"], as_dict=True)
	nobody = make_user("no.role" + D)
	frappe.db.commit()

	def count(user, filters):
		response = Rest(user).post(
			"/api/method/frappe.client.get_count",
			data={"doctype": "Network Member", "filters": json.dumps(filters)},
		)
		return response.status_code, (response.get_json() or {}).get("message")

	assert count(COORDINATOR, {"national_id": member.national_id}) == (200, 1)
	assert count(COORDINATOR, {"national_id": other.national_id}) == (200, 0)  # not in his area
	assert frappe.db.count("Network Member", {"national_id": other.national_id}) == 1  # what Frappe's says
	assert count(nobody, {"national_id": other.national_id})[0] == 403
