"""Committees at every rung (with chairs who are real Users) and issues spread over the ladder."""

import frappe
from frappe.utils.password import passlibctx

from st_dev.demo import bulk
from st_dev.demo.people import PeopleFactory
from stronger_together.ladder.routing import area_key
from stronger_together.setup.roles import NATIONAL_HQ, member_role

DEMO_PASSWORD = "Demo-Pass-2565!"
DEMO_DOMAIN = "example.com"
NATIONAL_HQ_UNIT = "ตร."


def demo_email(kind: str, level: str, n: int) -> str:
	"""chair.station.0001@example.com, secretary.district.0001@example.com, ..."""
	return f"{kind}.{level.lower().replace(' ', '')}.{n:04d}@{DEMO_DOMAIN}"


def committee_areas(ctx) -> list[tuple[str, str, str, dict]]:
	"""(level, area, committee name, link fields) for every committee the demo's stations need."""
	stations = ctx.stations
	units = {
		u.name: u
		for u in frappe.get_all("Police Unit", fields=["name", "parent_police_unit", "unit_type", "province"])
	}
	district_codes = sorted({d for s in stations for d, _sub in s["jurisdiction"]})
	districts = {
		d.name: d
		for d in frappe.get_all(
			"District",
			filters={"name": ("in", district_codes)},
			fields=["name", "district_name_th", "province"],
		)
	}
	province_codes = sorted({s["province"] for s in stations})
	province_names = dict(
		frappe.get_all(
			"Province",
			filters={"name": ("in", province_codes)},
			fields=["name", "province_name_th"],
			as_list=True,
		)
	)
	name_count: dict[str, int] = {}
	for d in districts.values():
		name_count[d.district_name_th] = name_count.get(d.district_name_th, 0) + 1

	out = [
		(("Station", s["unit_code"], f"คณะกรรมการ {s['unit_code']}", {"police_unit": s["unit_code"]}))
		for s in stations
	]
	for code in district_codes:
		d = districts[code]
		label = d.district_name_th if d.province == "10" else f"อ.{d.district_name_th}"
		if name_count[d.district_name_th] > 1:
			label += f" จ.{province_names.get(d.province, d.province)}"
		out.append(("District", code, f"คณะกรรมการ {label}", {"district": code, "province": d.province}))
	divisions = sorted({s["division"] for s in stations})
	for div in divisions:
		out.append(("Division", div, f"คณะกรรมการ {div}", {"police_unit": div}))
	for code in province_codes:
		label = province_names[code] if code == "10" else f"จ.{province_names[code]}"
		out.append(("Province", code, f"คณะกรรมการขับเคลื่อนไทยไปด้วยกัน {label}", {"province": code}))
	for bureau in sorted({units[d].parent_police_unit for d in divisions}):
		out.append(("Bureau", bureau, f"คณะกรรมการ {bureau}", {"police_unit": bureau}))
	out.append(
		(
			"National HQ",
			NATIONAL_HQ_UNIT,
			"คณะทำงานขับเคลื่อนไทยไปด้วยกัน ตร. (คำสั่ง ตร. 36/2565)",
			{"police_unit": NATIONAL_HQ_UNIT, "order_reference": "36/2565"},
		)
	)
	return out


def committees(ctx) -> str:
	areas = committee_areas(ctx)
	existing = set(frappe.get_all("Committee", filters={"is_active": 1}, pluck="area_key"))
	counters: dict[str, int] = {}
	factory = PeopleFactory(ctx.seed + 2)
	new_committees, member_rows, users = [], [], []
	for level, area, name, links in areas:
		counters[level] = counters.get(level, 0) + 1
		n = counters[level]
		chair = demo_email("chair", level, n)
		secretary = demo_email("secretary", level, n)
		people = [factory.name(), factory.name()]
		if area_key(level, area) in existing or frappe.db.exists("Committee", name):
			continue
		new_committees.append(
			{
				"name": name,
				"committee_name": name,
				"committee_level": level,
				"is_active": 1,
				"area_key": area_key(level, area),
				**links,
			}
		)
		chair_pos = "Chair"
		second_pos = "Vice-Chair" if level == "National HQ" else "Secretary"
		for email, (title, first, last), position in (
			(chair, people[0], chair_pos),
			(secretary, people[1], second_pos),
		):
			users.append((email, title, first, last, level, position))
			member_rows.append(
				(
					name,
					{
						"user": email,
						"full_name": f"{title}{first} {last}",
						"position": position,
						"is_acting_chair": 0,
						"from_date": "2022-03-01",
					},
				)
			)
	make_users(users)
	bulk.insert("Committee", new_committees)
	bulk.insert_children("Committee", "Committee Member", "members", member_rows)
	sync_roles([u[0] for u in users], ctx.small)
	return f"{len(new_committees)} new committees, {len(users)} new users"


def role_for(level: str, position: str) -> str:
	"""The role the ladder's own rule (committees.roles_for) gives this membership."""
	from stronger_together.ladder.committees import roles_for

	roles = roles_for([frappe._dict(committee_level=level, position=position, is_acting_chair=0)])
	return next(iter(roles)) if roles else (NATIONAL_HQ if level == "National HQ" else member_role(level))


def make_users(users: list[tuple]) -> None:
	"""Real, enabled System Users (Thai desk) with one shared demo password; bulk, no controllers."""
	ensure_notification_settings([u[0] for u in users])
	existing = set(frappe.get_all("User", filters={"name": ("in", [u[0] for u in users])}, pluck="name"))
	users = [u for u in users if u[0] not in existing]
	if not users:
		return
	bulk.insert(
		"User",
		bulk.with_defaults(
			"User",
			[
				{
					"name": email,
					"email": email,
					"first_name": first,
					"last_name": last,
					"full_name": f"{first} {last}",
					"enabled": 1,
					"user_type": "System User",
					"language": "th",
					"time_zone": "Asia/Bangkok",
					"send_welcome_email": 0,
					"onboarding_status": "{}",
				}
				for email, _title, first, last, _level, _position in users
			],
		),
	)
	ensure_notification_settings([u[0] for u in users])
	bulk.insert_children(
		"User",
		"Has Role",
		"roles",
		[(email, {"role": role_for(level, position)}) for email, *_rest, level, position in users],
	)
	hashed = passlibctx.hash(DEMO_PASSWORD)
	for i in range(0, len(users), 5000):
		frappe.db.bulk_insert(
			"__Auth",
			["doctype", "name", "fieldname", "password", "encrypted"],
			[("User", u[0], "password", hashed, 0) for u in users[i : i + 5000]],
			ignore_duplicates=True,
		)


def ensure_notification_settings(user_ids: list[str]) -> None:
	"""What User.on_update would have made: the desk's boot needs each user's Notification Settings."""
	have = set(frappe.get_all("Notification Settings", filters={"name": ("in", user_ids)}, pluck="name"))
	missing = [
		u for u in frappe.get_all("User", filters={"name": ("in", user_ids)}, pluck="name") if u not in have
	]
	bulk.insert(
		"Notification Settings",
		bulk.with_defaults("Notification Settings", [{"name": u, "user": u} for u in missing]),
	)


def sync_roles(user_ids: list[str], small: bool) -> None:
	"""Roles follow committee membership through the ladder's own mechanism (committees.sync_user_roles).

	At national scale the bulk-inserted Has Role rows already hold exactly what `roles_for` computes,
	so saving 5,000 User documents one by one is skipped.
	"""
	if small:
		from stronger_together.ladder.committees import sync_user_roles

		for user in user_ids:
			sync_user_roles(user)
	frappe.clear_cache()


def issues(ctx) -> str:
	from st_dev.demo import issues as issue_data

	return issue_data.generate_issues(ctx)
