"""Tier 2: schema-driven fuzzing of the Open311 API with schemathesis (from PyPI), driven by the OpenAPI
document the app serves at /api/open311/v2/openapi.json, over real HTTP (`frappe serve`).

Every operation, in JSON and XML, with inputs generated from the document (valid and invalid ones): no
answer is a server error, and every answer conforms to the document (its status codes, content types and,
for JSON, its schemas). Most cases carry a valid partner key, so the fuzz goes past the key check.
"""

import os

import frappe
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
	content_type_conformance,
	response_schema_conformance,
	status_code_conformance,
)

from stronger_together.api import open311 as open311_api

from .webserver import frappe_server

PARTNER = "Open311 Partner"
SETTINGS = "Stronger Together Settings"
EXAMPLES = 40
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def partner_key():
	frappe.set_user("Administrator")
	name = "ทดสอบ311 schemathesis"
	if not frappe.db.exists(PARTNER, name):
		frappe.get_doc(
			{
				"doctype": PARTNER,
				"partner_name": name,
				"area_type": "Province",
				"province": "83",
				"read_all_public": 1,
			}
		).insert()
	key = open311_api.issue_api_key(name)["api_key"]
	before = frappe.db.get_single_value(SETTINGS, "open311_requests_per_minute")
	frappe.db.set_single_value(SETTINGS, "open311_requests_per_minute", 1_000_000)
	frappe.clear_document_cache(SETTINGS, SETTINGS)
	frappe.db.commit()
	yield key
	frappe.db.set_single_value(SETTINGS, "open311_requests_per_minute", before or 300)
	frappe.clear_document_cache(SETTINGS, SETTINGS)
	frappe.db.commit()


@pytest.fixture(scope="module")
def open311_schema(site, partner_key):
	with frappe_server(site, os.environ.get("ST_SITES_PATH", os.getcwd())) as url:
		yield schemathesis.openapi.from_url(f"{url}/api/open311/v2/openapi.json")


def with_key(case, key: str) -> None:
	"""The partner's key in three cases of four; the generated one (or none) in the fourth."""
	seed = len(repr(case.query)) + len(repr(case.body))
	if seed % 4 == 3:
		return
	if case.method.upper() == "POST" and isinstance(case.body, dict):
		case.body = {**case.body, "api_key": key}
	elif case.method.upper() == "GET" and "/requests" in case.path:
		case.query = {**(case.query or {}), "api_key": key}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_input_makes_the_api_fail(open311_schema, partner_key, mode):
	"""Each operation of the served document, with cases from schemathesis's strategies (schemathesis's
	own pytest plugin is not used: the bench's pytest is newer than it supports)."""
	failures, operations = [], set()
	for result in open311_schema.get_all_operations():
		operation = result.ok()
		operations.add(operation.label)

		@given(case=operation.as_strategy(generation_mode=mode))
		@settings(
			max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
		)
		def run(case):
			with_key(case, partner_key)
			response = case.call(timeout=60)
			case.validate_response(response, checks=CHECKS)

		try:
			run()
		except Exception as e:
			failures.append(f"{operation.label}: {e}")
	assert not failures, "\n\n".join(failures)
	assert {
		f"{method} /{path}.{fmt}"
		for fmt in ("json", "xml")
		for method, path in (
			("GET", "discovery"),
			("GET", "services"),
			("GET", "services/{service_code}"),
			("GET", "requests"),
			("POST", "requests"),
			("GET", "requests/{service_request_id}"),
		)
	} <= operations
