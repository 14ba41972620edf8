"""Tier 2 browser journeys: a real Frappe web server for the test site, driven by Debian's Chromium.

Needs ST_TEST_SITE (as the integration tests) and runs from the bench's `sites` directory:

    cd $BENCH/sites && ST_TEST_SITE=demo-browser.localhost ../env/bin/python -m pytest <repo>/tests/browser

The session seeds the `small` demo data (committed: the server is another process), starts
`frappe serve` on a free port, and stops it at the end. No browser is downloaded: Playwright drives
/usr/bin/chromium. Screenshots go to $ST_ARTIFACTS/screenshots (default <repo>/artifacts/screenshots).
"""

import os
from pathlib import Path

import frappe
import pytest

from ..integration.webserver import frappe_server

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
	"--disable-dev-shm-usage",
]
TIMEOUT_MS = 30_000
ADMIN_USER = "st-admin@example.com"


@pytest.fixture(scope="session")
def site():
	name = os.environ.get("ST_TEST_SITE")
	if not name:
		pytest.skip("ST_TEST_SITE is not set: browser journeys need a site (run ./st test)")
	if not Path(CHROMIUM).exists():
		pytest.skip(f"No Chromium at {CHROMIUM}")
	sites_path = os.environ.get("ST_SITES_PATH", os.getcwd())
	mine = not getattr(frappe.local, "initialised", False) or frappe.local.site != name
	if mine:
		frappe.init(site=name, sites_path=sites_path)
		frappe.connect()
	frappe.set_user("Administrator")
	yield frappe._dict(name=name, sites_path=sites_path)
	if mine:
		frappe.destroy()


@pytest.fixture(scope="session")
def demo(site):
	"""The small demo (stations, members, committees with chairs at every rung) and an admin user."""
	from st_dev.demo import generate
	from st_dev.demo.ladder_data import DEMO_PASSWORD

	from stronger_together.setup.roles import ADMIN

	frappe.db.rollback()
	generate("small")
	if not frappe.db.exists("User", ADMIN_USER):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": ADMIN_USER,
				"first_name": "ผู้ดูแลระบบ",
				"user_type": "System User",
				"send_welcome_email": 0,
				"language": "th",
				"new_password": DEMO_PASSWORD,
				"roles": [{"role": ADMIN}, {"role": "System Manager"}],
			}
		).insert(ignore_permissions=True)
	frappe.db.commit()
	return frappe._dict(password=DEMO_PASSWORD, admin=ADMIN_USER)


DEMO_USERS = "%@example.com"


def chair_of(level: str, **area) -> str:
	"""The demo user who chairs the active committee of `level` for `area` (police_unit= / district=).

	Only the demo's own committees count: tier-2 tests that ran earlier on the same site may have
	committed committees of their own, with users whose passwords the journeys do not know."""
	rows = frappe.db.sql(
		f"""select m.user from `tabCommittee` c
		join `tabCommittee Member` m on m.parent = c.name and m.parenttype = 'Committee'
		where c.committee_level = %(level)s and c.is_active = 1 and m.position = 'Chair'
		and m.user like %(demo)s {"".join(f" and c.{k} = %({k})s" for k in area)}""",
		{"level": level, "demo": DEMO_USERS, **area},
		pluck=True,
	)
	assert rows, f"no demo {level} committee with a demo chair for {area}: see stronger_together.demo"
	return rows[0]


@pytest.fixture(scope="session")
def server(site, demo):
	with frappe_server(site.name, site.sites_path) as url:
		yield url


@pytest.fixture(scope="session")
def browser():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as p:
		b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
		yield b
		b.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
	report = yield
	setattr(item, f"rep_{report.when}", report)
	return report


@pytest.fixture
def new_page(request, browser, server, screenshots):
	"""new_page() -> a fresh, logged-out page (own cookies) on the test server, in Thai.

	When the test fails, every page it opened is saved as FAILED-<test>-<n>.png next to the screenshots."""
	contexts, pages = [], []

	def make():
		ctx = browser.new_context(base_url=server, locale="th-TH", viewport={"width": 1366, "height": 900})
		ctx.set_default_timeout(TIMEOUT_MS)
		contexts.append(ctx)
		page = ctx.new_page()
		pages.append(page)
		return page

	yield make
	report = getattr(request.node, "rep_call", None)
	if report is not None and report.failed:
		for i, page in enumerate(pages, start=1):
			try:
				page.screenshot(path=str(screenshots / f"FAILED-{request.node.name}-{i}.png"))
			except Exception:
				pass
	for ctx in contexts:
		ctx.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
	base = Path(os.environ.get("ST_ARTIFACTS", REPO / "artifacts"))
	path = base / "screenshots"
	path.mkdir(parents=True, exist_ok=True)
	return path
