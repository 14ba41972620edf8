"""Small steps of the Frappe desk, as a person does them, for the browser journeys."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

LONG_MS = 60_000


def login(page: Page, user: str, password: str) -> None:
	"""Log in through the login page, as a person does, and wait for the desk."""
	page.goto("/login")
	page.fill("#login_email", user)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(re.compile(r".*/app.*"), timeout=LONG_MS, wait_until="commit")
	wait_desk(page)


def wait_desk(page: Page) -> None:
	page.wait_for_function(
		"() => window.frappe && frappe.boot && frappe.boot.user && frappe.container && frappe.container.page"
		" && $(frappe.container.page).is(':visible')",
		timeout=LONG_MS,
	)


def go(page: Page, route: str) -> None:
	"""Open a desk route (e.g. "community-issue/new") and wait until Frappe has rendered it."""
	page.goto(f"/app/{route}")
	wait_desk(page)
	page.wait_for_function(
		"() => !frappe.dom.freeze_count && frappe.router && frappe.router.current_route", timeout=LONG_MS
	)


def set_field(page: Page, fieldname: str, value: str, link: bool = False) -> None:
	"""Fill a form field; Link fields pick the value from the awesomplete drop-down."""
	field = page.locator(f'.frappe-control[data-fieldname="{fieldname}"]:visible').first
	control = field.locator("input, textarea, select").first
	if control.evaluate("el => el.tagName") == "SELECT":
		control.select_option(value)
		return
	control.click()
	control.fill(value)
	if link:
		option = field.locator('.awesomplete ul [role="option"]').filter(has_text=value).first
		option.wait_for(timeout=LONG_MS)
		option.click()
		page.wait_for_function(
			"([f, v]) => cur_frm && cur_frm.doc[f] === v", arg=[fieldname, value], timeout=LONG_MS
		)
		return
	control.press("Tab")


def set_by_script(page: Page, fieldname: str, value) -> None:
	"""Set a value through the form's own API (for fields whose widget is not the point of the test)."""
	page.evaluate("([f, v]) => cur_frm.set_value(f, v)", [fieldname, value])
	page.wait_for_function("([f, v]) => cur_frm.doc[f] == v", arg=[fieldname, value])


def save(page: Page) -> None:
	"""Ctrl+S, then wait until the form is saved; a message dialog instead fails with its text."""
	page.keyboard.press("Control+s")
	page.wait_for_function(
		"() => (cur_frm && !cur_frm.is_dirty() && !cur_frm.doc.__islocal && !frappe.dom.freeze_count)"
		" || $('.modal.show .modal-body:visible').text().trim().length",
		timeout=LONG_MS,
	)
	fail_on_message(page)


def fail_on_message(page: Page) -> None:
	message = page.locator(".modal.show .modal-body:visible")
	if message.count():
		raise AssertionError(f"The desk said: {message.first.inner_text()}")


def workflow_action(page: Page, label: str) -> None:
	"""Click a workflow action (the Actions menu), confirm if asked, and wait for the form to reload."""
	before = page.evaluate("() => cur_frm.doc.modified")
	label = page.evaluate("(l) => __(l)", label)  # the menu shows the action in the user's language
	page.locator(".page-actions .actions-btn-group > button:visible").first.click()
	page.locator(".page-actions .actions-btn-group .dropdown-menu a:visible").filter(
		has_text=label
	).first.click()
	wait_for_move(page, before)
	yes = page.evaluate("() => __('Yes')")
	confirm = page.locator(".modal.show .modal-footer .btn-primary:visible").filter(has_text=yes)
	if confirm.count():  # a confirmation dialog, when the desk asks for one
		confirm.first.click()
		confirm.first.wait_for(state="hidden", timeout=LONG_MS)
		wait_for_move(page, before)
	fail_on_message(page)


def wait_for_move(page: Page, before: str) -> None:
	page.wait_for_function(
		"(m) => (cur_frm && cur_frm.doc.modified !== m && !frappe.dom.freeze_count)"
		" || $('.modal.show .modal-body:visible').text().trim().length",
		arg=before,
		timeout=LONG_MS,
	)


def shot(page: Page, folder: Path, name: str, top: bool = True) -> Path:
	"""Save a screenshot (scrolled to the top of the page unless top=False)."""
	if top:
		page.evaluate("() => window.scrollTo(0, 0)")
		page.wait_for_timeout(300)
	path = folder / f"{name}.png"
	page.screenshot(path=str(path), full_page=False)
	return path


def expect_text(page: Page, text: str) -> None:
	expect(page.get_by_text(text).first).to_be_visible(timeout=LONG_MS)
