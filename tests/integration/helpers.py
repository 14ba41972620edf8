"""Shared builders for tier-2 tests: real users, units and reference rows, and a REST client."""

import json
import re
import threading
from contextlib import contextmanager

import frappe
import pytest

PASSWORD = "Test-Pass-2565!"


def make_user(email: str, roles: list[str] | tuple[str, ...] = (), first_name: str | None = None) -> str:
	"""A real, enabled System User with exactly `roles` (created once, then reused)."""
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name or email.split("@")[0],
				"send_welcome_email": 0,
				"user_type": "System User",
				"new_password": PASSWORD,
			}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.language = "en"  # tests read English messages, whatever the site's language
	user.roles = []
	user.add_roles(*roles)
	return email


@contextmanager
def refused(exc: type[Exception], match: str):
	"""The block must raise exactly `exc` (a subclass would be another rule's refusal) with a message in
	which the regular expression `match` is found (the English text: tests run in English). Frappe's own
	permission refusals carry their message in frappe.flags.error_message."""
	frappe.flags.error_message = None
	with pytest.raises(exc) as info:
		yield info
	assert type(info.value) is exc, f"{type(info.value).__name__} raised, not {exc.__name__}: {info.value}"
	text = str(info.value) or frappe.flags.error_message or ""
	assert re.search(match, text), f"{match!r} not found in {text!r}"


def make_station(
	code: str,
	division: str,
	district: str,
	subdistricts: list[str] | None = None,
	**extra,
) -> str:
	"""A station under `division`, serving `district` (or just `subdistricts` of it)."""
	if frappe.db.exists("Police Unit", code):
		return code
	province = frappe.db.get_value("District", district, "province")
	rows = (
		[{"district": district, "subdistrict": s} for s in subdistricts]
		if subdistricts
		else [{"district": district}]
	)
	frappe.get_doc(
		{
			"doctype": "Police Unit",
			"unit_code": code,
			"unit_name_th": code,
			"unit_type": "Station",
			"parent_police_unit": division,
			"province": province,
			"jurisdiction": rows,
			**extra,
		}
	).insert()
	return code


def new_national_id() -> str:
	"""A random, valid 13-digit Thai national ID not yet held by any Network Member."""
	import random

	from stronger_together.people.rules import national_id_with_check_digit

	while True:
		first_12 = str(random.randint(1, 8)) + "".join(random.choices("0123456789", k=11))
		national_id = national_id_with_check_digit(first_12)
		if not frappe.db.exists("Network Member", {"national_id": national_id}):
			return national_id


def make_member(station: str, subdistrict: str, **fields) -> str:
	"""A Network Member of `station` living in `subdistrict` (which must be in its jurisdiction),
	with a fresh valid national ID unless one is given. Returns the member's name."""
	doc = frappe.get_doc(
		{
			"doctype": "Network Member",
			"title": "นาย",
			"first_name": "ทดสอบ",
			"last_name": "สมาชิก",
			"category": "Natural Leader",
			"station": station,
			"subdistrict": subdistrict,
			**fields,
		}
	)
	if not doc.national_id:
		doc.national_id = new_national_id()
	doc.insert()
	return doc.name


class Rest:
	"""A real login on Frappe's WSGI application, as a browser or a REST client would make it.

	Frappe serves each request with its own context and database connection and tears it down afterwards,
	so each request runs in a thread of its own (the test's connection and frappe.local are left alone);
	what a request should see must be committed first."""

	def __init__(self, user: str, password: str = PASSWORD):
		from frappe.app import application
		from werkzeug.test import Client

		self.site = frappe.local.site
		self.client = Client(application)
		login = self.post("/api/method/login", data={"usr": user, "pwd": password})
		assert login.status_code == 200, login.get_data(as_text=True)

	def open(self, method: str, path: str, **kwargs):
		kwargs["headers"] = {"Host": self.site, **kwargs.get("headers", {})}
		out: dict = {}

		def run():
			try:
				response = self.client.open(path, method=method, **kwargs)
				response.get_data()  # read the body while the request's context is alive
				out["response"] = response
			except BaseException as e:  # surfaced in the test's thread
				out["error"] = e

		thread = threading.Thread(target=run)
		thread.start()
		thread.join()
		if "error" in out:
			raise out["error"]
		return out["response"]

	def get(self, path: str, **kwargs):
		return self.open("GET", path, **kwargs)

	def post(self, path: str, **kwargs):
		return self.open("POST", path, **kwargs)

	def post_json(self, path: str, body):
		return self.open("POST", path, data=json.dumps(body), headers={"Content-Type": "application/json"})


def server_message(response) -> str:
	"""The text of the messages Frappe sent with a response (what the desk shows the user)."""
	body = response.get_json(silent=True) or {}
	texts = []
	for raw in json.loads(body.get("_server_messages") or "[]"):
		message = json.loads(raw) if isinstance(raw, str) else raw
		texts.append(message.get("message", "") if isinstance(message, dict) else str(message))
	return " ".join(texts) or body.get("exception", "")


# The Committee field that names a committee's area, by level
AREA_FIELD = {
	"Station": "police_unit",
	"Division": "police_unit",
	"Bureau": "police_unit",
	"National HQ": "police_unit",
	"District": "district",
	"Province": "province",
}


def committee_doc(level: str, area: str):
	"""The Committee of (level, area), loaded or new, active and with its area set (not saved yet)."""
	name = frappe.db.get_value("Committee", {"area_key": f"{level}:{area}"})
	doc = frappe.get_doc("Committee", name) if name else frappe.new_doc("Committee")
	doc.update({"committee_level": level, AREA_FIELD[level]: area, "is_active": 1})
	return doc


def ensure_outbox(name: str, email: str) -> None:
	"""A default outgoing Email Account (to a closed local port), so notifications queue their e-mails."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": name,
			"email_id": email,
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": 25,
			"no_smtp_authentication": 1,
			"awaiting_password": 0,
		}
	).insert(ignore_permissions=True)
