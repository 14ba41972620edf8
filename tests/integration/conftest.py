"""Tier 2: tests against a real Frappe site with the app installed.

The test command (`./st test`) creates a disposable site and runs pytest in the bench's
Python with ST_TEST_SITE and ST_SITES_PATH set. To iterate against an existing site:

    cd $BENCH/sites && ST_TEST_SITE=dev.localhost ../env/bin/python -m pytest <repo>/tests/integration
"""

import os

import frappe
import pytest


@pytest.fixture(scope="session", autouse=True)
def site():
	site_name = os.environ.get("ST_TEST_SITE")
	if not site_name:
		pytest.exit("ST_TEST_SITE is not set: tier 2 needs a site (run ./st test)", returncode=2)
	sites_path = os.environ.get("ST_SITES_PATH", os.getcwd())
	frappe.init(site=site_name, sites_path=sites_path)
	frappe.connect()
	frappe.flags.in_test = True
	frappe.set_user("Administrator")
	yield site_name
	frappe.db.rollback()
	frappe.destroy()


@pytest.fixture(autouse=True)
def as_administrator():
	"""Every test starts as Administrator with a clean transaction, whatever the last one did."""
	frappe.db.rollback()
	frappe.set_user("Administrator")
	frappe.local.lang = "en"  # the messages tests match are the English ones
	frappe.local.response = frappe._dict()
	yield
	frappe.db.rollback()
	frappe.set_user("Administrator")
