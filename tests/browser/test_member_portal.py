"""The members' portal on a phone (360 x 740): a network member logs in with their mobile number, raises a
problem with a photo, sees it received at the station and sent up to the district, answers "not solved"
when the district resolves it, and the issue reopens at the district; a second member cannot open it by
URL or REST.

The committees' moves are made by the demo's own chairs through the ladder's one authority (what their
desk buttons do; the desk itself is covered by test_issue_journeys). Screenshots: member-*.png.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import frappe
import pytest
from frappe.utils.password import update_password
from PIL import Image
from playwright.sync_api import expect

from stronger_together.portal import accounts, views

from ..integration.helpers import make_member
from .conftest import CHROMIUM_ARGS, TIMEOUT_MS, chair_of
from .desk import LONG_MS

# Khon Kaen, อ.บ้านฝาง: an area the integration tests and the desk journeys leave alone
DISTRICT = "4002"
PASSWORD = "Member-Pass-2565!"
PHONE = {"width": 360, "height": 740}
WHERE = {"latitude": 16.5531, "longitude": 102.6338}  # the phone's position for the map pin (บ้านฝาง)
TITLE = "ไฟถนนดับทั้งซอย หน้าโรงเรียน"

journey: dict = {}


def station_of(district: str) -> str:
	return frappe.db.sql(
		"""select j.parent from `tabPolice Unit Jurisdiction` j join `tabPolice Unit` u on u.name = j.parent
		where j.district = %s and u.unit_type = 'Station' order by j.parent limit 1""",
		district,
	)[0][0]


def member_with_account(station: str, subdistrict: str, mobile: str) -> frappe._dict:
	user = frappe.db.get_value("User", {"mobile_no": mobile}, "name")
	if not user:
		name = make_member(station, subdistrict, status="Active", mobile=mobile, first_name="สมาชิกทดสอบ")
		row = frappe.db.get_value(
			"Network Member", name, ["name", "first_name", "last_name", "mobile"], as_dict=True
		)
		user, reason = accounts.account_for(row)
		assert user, reason
	update_password(user, PASSWORD)
	return frappe._dict(
		user=user, mobile=mobile, name=frappe.db.get_value("Network Member", {"user": user}, "name")
	)


@pytest.fixture(scope="module")
def members(demo):
	frappe.db.rollback()
	station = station_of(DISTRICT)
	subdistrict = views.subdistrict_choices(station)[0]["value"]
	first = member_with_account(station, subdistrict, "0861112233")
	second = member_with_account(station, subdistrict, "0861112244")
	frappe.db.commit()
	return frappe._dict(station=station, first=first, second=second)


@pytest.fixture
def phone(browser, server, screenshots, request):
	"""phone() -> a fresh, logged-out page at 360 x 740 (touch, Thai)."""
	contexts = []

	def make():
		ctx = browser.new_context(
			base_url=server,
			locale="th-TH",
			viewport=PHONE,
			is_mobile=True,
			has_touch=True,
			geolocation=WHERE,
			permissions=["geolocation"],
		)
		ctx.set_default_timeout(TIMEOUT_MS)
		contexts.append(ctx)
		return ctx.new_page()

	yield make
	report = getattr(request.node, "rep_call", None)
	for i, ctx in enumerate(contexts, start=1):
		if report is not None and report.failed:
			for page in ctx.pages:
				page.screenshot(path=str(screenshots / f"FAILED-{request.node.name}-{i}.png"))
		ctx.close()


def shot(page, folder: Path, name: str) -> None:
	page.evaluate("() => window.scrollTo(0, 0)")
	page.wait_for_timeout(200)
	page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def fits_the_phone(page) -> None:
	width = page.evaluate("() => document.documentElement.scrollWidth")
	assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"


def member_login(page, mobile: str) -> None:
	page.goto("/member")
	page.wait_for_url(re.compile(r".*/member/login.*"))
	page.fill("#st-mobile", mobile)
	page.fill("#st-password-input", PASSWORD)
	page.click("#st-login-password")
	# (the login page's own address ends in redirect-to=/member: wait for the path itself)
	page.wait_for_url(lambda url: urlparse(url).path == "/member", timeout=LONG_MS)
	expect(page.locator("h1")).to_have_text(th("My Problems"))


def th(message: str) -> str:
	return frappe._(message, lang="th")


def issue_state(name: str) -> frappe._dict:
	frappe.db.rollback()
	return frappe.db.get_value(
		"Community Issue",
		name,
		["workflow_state", "current_rung", "reporter", "station", "source", "reporter_answer"],
		as_dict=True,
	)


def move(user: str, name: str, action: str, **notes) -> None:
	"""A committee chair's move, as their desk button makes it (the ladder's one authority)."""
	frappe.db.rollback()
	frappe.set_user(user)
	try:
		frappe.get_doc("Community Issue", name, for_update=True).act(action, notes=notes)
		frappe.db.commit()
	finally:
		frappe.set_user("Administrator")


def test_member_raises_a_problem_with_a_photo_from_a_phone(members, phone, screenshots, tmp_path):
	page = phone()
	page.goto("/member/login")
	expect(page.locator("h1")).to_have_text(th("Network Member Login"))
	fits_the_phone(page)
	shot(page, screenshots, "member-01-login")
	member_login(page, members.first.mobile)
	expect(page.locator("h1")).to_have_text(th("My Problems"))

	page.click("text=" + th("Raise a Problem"))
	page.wait_for_url(re.compile(r".*/member/new$"))
	page.fill("#st-title-input", TITLE)
	page.select_option("#st-category", "Traffic and Road Safety")
	page.fill("#st-description", "มืดสนิทตั้งแต่สัปดาห์ที่แล้ว <b>เด็กนักเรียนเดินผ่านทุกวัน</b>")
	photo = tmp_path / "street.jpg"
	Image.new("RGB", (640, 480), (40, 40, 60)).save(photo, format="JPEG")
	page.set_input_files("#st-photos", str(photo))
	page.click("#st-pin")
	expect(page.locator("#st-pin-text")).to_contain_text("16.553100")
	fits_the_phone(page)
	shot(page, screenshots, "member-02-raise-a-problem")
	page.click("#st-submit")
	page.wait_for_url(re.compile(r".*/member/issue\?name=.*"), timeout=LONG_MS)
	name = page.url.split("name=")[1]
	journey["issue"] = name

	state = issue_state(name)
	assert (state.workflow_state, state.station, state.reporter, state.source) == (
		"At Station",
		members.station,
		members.first.name,
		"Portal",
	)
	assert (
		frappe.db.count("File", {"attached_to_name": name, "is_private": 1, "owner": members.first.user}) == 1
	)
	location = frappe.db.get_value("Community Issue", name, "location")
	assert json.loads(location)["features"][0]["geometry"]["coordinates"] == [102.6338, 16.5531]
	expect(page.locator("#st-title")).to_have_text(TITLE)
	expect(page.locator("#st-status")).to_have_text(
		th("With {committee}").format(committee=th("the station committee"))
	)
	expect(page.locator("#st-history li").first).to_contain_text(
		th("Received by {committee}.").format(committee=th("the station committee"))
	)
	# the Buddhist Era year, and the photo the member owns
	expect(page.locator("#st-history li .st-meta").first).to_contain_text(
		str(frappe.utils.getdate().year + 543)
	)
	expect(page.locator(".st-photos img")).to_have_count(1)
	assert page.evaluate("() => document.querySelector('.st-photos img').naturalWidth") == 640
	fits_the_phone(page)
	shot(page, screenshots, "member-03-problem-received")
	journey["page"] = page


def test_member_sees_it_move_up_and_answers_not_solved(members, phone, screenshots):
	name = journey.get("issue")
	if not name:
		pytest.skip("needs the problem the member raised")
	station_chair = chair_of("Station", police_unit=members.station)
	district_chair = chair_of("District", district=DISTRICT)
	move(station_chair, name, "Escalate", reason="ต้องประสานการไฟฟ้าส่วนภูมิภาค เกินอำนาจของสถานี")

	page = phone()
	member_login(page, members.first.mobile)
	card = page.locator(f'.st-card[data-issue="{name}"]')
	expect(card).to_contain_text(th("With {committee}").format(committee=th("the district committee")))
	expect(card).to_contain_text(th("Step {0} of {1}: {2}").format(2, 6, th("the district committee")))
	shot(page, screenshots, "member-04-my-problems-sent-up")

	move(district_chair, name, "Resolve", resolution="อำเภอประสานการไฟฟ้าเปลี่ยนหลอดไฟทั้งซอยแล้ว")
	page.goto(f"/member/issue?name={name}")
	expect(page.locator("#st-answer")).to_be_visible()
	history = page.locator("#st-history").inner_text()
	assert "อำเภอประสานการไฟฟ้าเปลี่ยนหลอดไฟทั้งซอยแล้ว" in history
	assert "เกินอำนาจ" not in history and "@" not in history  # no internal reason, no chair
	shot(page, screenshots, "member-05-was-it-solved")

	page.click("#st-no")
	page.fill("#st-comment", "ไฟยังดับอยู่ครึ่งซอย ช่วงหน้าโรงเรียน")
	page.click("#st-send-no")
	expect(page.locator("#st-status")).to_have_text(
		th("With {committee}").format(committee=th("the district committee")), timeout=LONG_MS
	)
	state = issue_state(name)
	assert (state.workflow_state, state.current_rung, state.reporter_answer) == (
		"At District",
		"District",
		"Not Solved",
	)
	last = frappe.get_all(
		"Community Issue Log",
		filters={"community_issue": name},
		fields=["action", "reason", "acted_by"],
		order_by="sequence desc",
		limit=1,
	)[0]
	assert (last.action, last.reason, last.acted_by) == (
		"Reopen",
		"ไฟยังดับอยู่ครึ่งซอย ช่วงหน้าโรงเรียน",
		members.first.user,
	)
	expect(page.locator("#st-history li").last).to_contain_text("ไฟยังดับอยู่ครึ่งซอย")
	fits_the_phone(page)
	shot(page, screenshots, "member-06-reopened-at-the-district")
	journey["reopened"] = True


def test_another_member_cannot_open_it(members, phone, screenshots):
	name = journey.get("issue")
	if not name:
		pytest.skip("needs the problem the member raised")
	page = phone()
	member_login(page, members.second.mobile)
	expect(page.locator(f'.st-card[data-issue="{name}"]')).to_have_count(0)
	response = page.goto(f"/member/issue?name={name}")
	assert response.status == 404
	expect(page.locator("#st-not-found")).to_have_text(th("Problem Not Found"))
	assert TITLE not in page.content()
	shot(page, screenshots, "member-07-another-members-problem")
	rest = page.request.get(f"/api/resource/Community Issue/{name}")
	assert rest.status == 403
	desk = page.request.get("/api/method/frappe.client.get_count?doctype=Community Issue")
	assert desk.status == 403
