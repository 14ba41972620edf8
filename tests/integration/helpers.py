"""Shared builders for tier-2 tests: real users, units and reference rows."""

import frappe


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
				"new_password": "Test-Pass-2565!",
			}
		).insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.roles = []
	user.add_roles(*roles)
	return email


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
