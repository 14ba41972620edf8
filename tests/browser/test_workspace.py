"""A station chair logs in and finds the programme's workspace, in Thai."""

from playwright.sync_api import expect

from .conftest import chair_of
from .desk import LONG_MS, go, login, shot


def test_station_chair_sees_the_thai_workspace(demo, new_page, screenshots):
	chair = chair_of("Station", police_unit="สน.พระนคร")
	page = new_page()
	login(page, chair, demo.password)
	assert page.evaluate("() => frappe.boot.lang") == "th"
	go(page, "stronger-together")
	main = page.locator(".layout-main-section:visible").first
	expect(main).to_contain_text("ขับเคลื่อนไทยไปด้วยกัน", timeout=LONG_MS)
	# the workspace's cards and links are in Thai (from th.po), and so is the sidebar
	expect(main).to_contain_text("หน่วยงานตำรวจ", timeout=LONG_MS)
	expect(page.locator(".body-sidebar, .desk-sidebar").first).to_contain_text("ขับเคลื่อนไทยไปด้วยกัน")
	page.wait_for_timeout(1500)  # let the number cards and charts draw before the screenshot
	shot(page, screenshots, "01-station-chair-workspace")
