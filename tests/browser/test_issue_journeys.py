"""The ladder in a real browser: a station chair records and escalates an issue, the district chair
resolves it, another station's chair cannot see it, and an admin appoints an acting chair.

The journeys run in file order and share the issue they create (a later journey is skipped, not
failed, when the one it builds on did not get that far).
"""

import re
from urllib.parse import quote

import frappe
import pytest
from playwright.sync_api import expect

from .conftest import chair_of
from .desk import LONG_MS, go, login, save, set_field, shot, workflow_action

# Bangkok, บก.น.1: areas the integration tests leave alone, so the demo's own chairs hold them
STATION = "สน.พระนคร"
OTHER_STATION = "สน.ดุสิต"  # another district (เขตดุสิต) of the same division
DISTRICT = "1001"  # เขตพระนคร
TITLE = "ไฟส่องสว่างในซอยเปลี่ยวดับทั้งซอย"

journey: dict = {}


def doc_state(name: str) -> frappe._dict:
	frappe.db.rollback()
	return frappe.db.get_value(
		"Community Issue",
		name,
		["workflow_state", "current_rung", "current_committee", "resolution"],
		as_dict=True,
	)


def reporter_of(station: str) -> str:
	return frappe.db.get_value("Network Member", {"station": station}, "name", order_by="name asc")


def test_station_chair_records_an_issue_and_escalates_it(demo, new_page, screenshots):
	chair = chair_of("Station", police_unit=STATION)
	reporter = reporter_of(STATION)
	subdistrict = frappe.db.get_value("Network Member", reporter, "subdistrict")
	page = new_page()
	login(page, chair, demo.password)

	go(page, "community-issue/new")
	set_field(page, "title", TITLE)
	set_field(page, "category", "Traffic and Road Safety")
	set_field(page, "station", STATION, link=True)
	set_field(page, "reporter", reporter, link=True)
	set_field(page, "subdistrict", subdistrict, link=True)
	save(page)
	name = page.evaluate("() => cur_frm.doc.name")
	journey["issue"] = name
	assert doc_state(name).workflow_state == "At Station"
	shot(page, screenshots, "02-station-chair-recorded-issue")

	set_field(page, "action_reason", "ต้องประสานสำนักงานเขตเพื่อซ่อมไฟฟ้าสาธารณะ เกินอำนาจของสถานี")
	save(page)
	workflow_action(page, "Escalate")
	state = doc_state(name)
	assert state.workflow_state == "At District"
	assert state.current_rung == "District"
	expect(page.locator(".page-head .indicator-pill").first).to_be_visible(timeout=LONG_MS)
	# read-only dates show the Buddhist Era year (public/js/thai_dates.js, via app_include_js)
	assert page.evaluate("() => !!(window.stronger_together && stronger_together.to_buddhist_era)"), (
		"thai_dates.js did not load: link the app's assets (bench build, or frappe.build.make_asset_dirs)"
	)
	raised = page.locator('.frappe-control[data-fieldname="raised_on"] .control-value').first
	be_year = frappe.db.get_value("Community Issue", name, "raised_on").year + 543
	expect(raised).to_have_text(re.compile(rf"\b{be_year}\b"), timeout=LONG_MS)
	shot(page, screenshots, "03-station-chair-escalated-issue")
	journey["escalated"] = True


def test_district_chair_finds_the_issue_and_resolves_it(demo, new_page, screenshots):
	if not journey.get("escalated"):
		pytest.skip("needs the escalated issue of the station chair's journey")
	name = journey["issue"]
	chair = chair_of("District", district=DISTRICT)
	page = new_page()
	login(page, chair, demo.password)

	go(page, "community-issue")
	row = page.locator(f'.list-row-container a[data-name="{name}"], .list-row a[data-name="{name}"]').first
	expect(row).to_be_visible(timeout=LONG_MS)
	shot(page, screenshots, "04-district-chair-issue-list")
	row.click()
	page.wait_for_function("(n) => window.cur_frm && cur_frm.doc.name === n", arg=name, timeout=LONG_MS)

	set_field(page, "resolution", "สำนักงานเขตพระนครซ่อมไฟส่องสว่างครบทั้งซอยแล้ว ตำรวจเพิ่มจุดตรวจยามวิกาล")
	save(page)
	workflow_action(page, "Resolve")
	state = doc_state(name)
	assert state.workflow_state == "Resolved"
	shot(page, screenshots, "05-district-chair-resolved-issue")


def test_chair_of_another_station_cannot_see_the_issue(demo, new_page, screenshots):
	if not journey.get("issue"):
		pytest.skip("needs the issue of the station chair's journey")
	name = journey["issue"]
	chair = chair_of("Station", police_unit=OTHER_STATION)
	page = new_page()
	login(page, chair, demo.password)

	go(page, "community-issue")
	page.wait_for_selector(".frappe-list .result, .frappe-list .no-result", timeout=LONG_MS)
	expect(page.locator(f'.list-row a[data-name="{name}"]')).to_have_count(0)
	shot(page, screenshots, "06-other-station-chair-list")

	response = page.request.get(f"/api/resource/Community Issue/{quote(name)}")
	assert response.status == 403, response.text()[:300]
	page.goto(f"/app/community-issue/{quote(name)}")
	page.wait_for_timeout(3000)
	assert not page.evaluate("(n) => !!(window.cur_frm && cur_frm.doc && cur_frm.doc.name === n)", name)


def test_admin_appoints_an_acting_chair_on_the_committee_form(demo, new_page, screenshots):
	from stronger_together.ladder.committees import chairs_of

	committee = frappe.db.get_value(
		"Committee", {"committee_level": "Station", "police_unit": STATION}, "name"
	)
	secretary = frappe.db.get_value(
		"Committee Member", {"parent": committee, "position": ("!=", "Chair")}, ["user", "idx"], as_dict=True
	)
	# start from a committee whose second member is not (or no longer) acting chair
	frappe.db.set_value(
		"Committee Member",
		{"parent": committee, "idx": secretary.idx},
		{"is_acting_chair": 0, "from_date": "2022-03-01", "to_date": None},
	)
	frappe.db.commit()
	assert secretary.user not in chairs_of(committee)
	page = new_page()
	login(page, demo.admin, demo.password)

	go(page, f"committee/{quote(committee)}")
	grid = page.locator('.frappe-control[data-fieldname="members"]')
	grid.locator(f'.grid-row[data-idx="{secretary.idx}"] .btn-open-row').first.click()
	row_form = page.locator(".grid-row-open").first
	expect(row_form).to_be_visible(timeout=LONG_MS)
	row_form.locator('input[data-fieldname="is_acting_chair"]').check()
	page.evaluate(
		"""(idx) => {
			const row = cur_frm.doc.members.find((r) => r.idx === idx);
			frappe.model.set_value(row.doctype, row.name, "from_date", frappe.datetime.get_today());
			frappe.model.set_value(row.doctype, row.name, "to_date", frappe.datetime.add_days(frappe.datetime.get_today(), 30));
		}""",
		secretary.idx,
	)
	shot(page, screenshots, "07-admin-appoints-acting-chair", top=False)
	row_form.locator(".grid-collapse-row").first.click()
	save(page)
	shot(page, screenshots, "08-committee-with-acting-chair", top=False)

	frappe.db.rollback()
	assert secretary.user in chairs_of(committee)
