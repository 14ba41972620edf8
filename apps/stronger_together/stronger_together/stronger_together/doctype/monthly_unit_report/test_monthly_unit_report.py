# Copyright (c) 2026, Royal Thai Police - Stronger Together and Contributors
# See license.txt

# import frappe
from frappe.tests.utils import FrappeTestCase


class TestMonthlyUnitReport(FrappeTestCase):
	pass
