"""The stages of demo generation, in order. Each creates only what is missing (bulk inserts)."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

import frappe
import geothai
from frappe.utils import now
from frappe.utils.nestedset import rebuild_tree

from st_dev.demo import bulk
from st_dev.demo.people import PeopleFactory
from st_dev.demo.plan import BANGKOK, collation_key, plan_stations
from stronger_together.setup.police_units import read_csv

# small: Bangkok (บก.น.1: พระนคร, ดุสิต; บก.น.5: ปทุมวัน, บางรัก) and Khon Kaen (เมืองขอนแก่น split in 3, บ้านฝาง)
SMALL_DISTRICTS = frozenset({"1001", "1002", "1004", "1007", "4001", "4002"})
MEMBERS_PER_STATION = {"small": 5, "national": 50}
OFFICERS_PER_STATION = {"small": 2, "national": 6}


@dataclass
class Context:
	scale: str
	seed: int = 2565
	stations: list[dict] = field(default_factory=list)

	@property
	def small(self) -> bool:
		return self.scale == "small"


def doctype_ready(doctype: str) -> bool:
	return bool(frappe.db.exists("DocType", doctype)) and frappe.db.table_exists(doctype)


def thai_desk(ctx: Context):
	"""The demo site speaks Thai (System Settings, the Administrator) and opens on the desk, not the setup wizard."""
	from stronger_together.setup import install

	install.use_thai_desk()
	return "language th"


def station_plan(ctx: Context) -> list[dict]:
	provinces = [(p.code, p.name_th, p.name_en) for p in geothai.provinces()]
	districts = [(d.code, d.name_th, d.name_en, p[0]) for p in provinces for d in geothai.districts(p[0])]
	subdistricts = [
		(s.code, s.name_th, s.name_en, d[0]) for d in districts for s in geothai.subdistricts(d[0])
	]
	province_division = {
		r["province_code"]: r["unit_code"] for r in read_csv("divisions.csv") if r["province_code"] != BANGKOK
	}
	plan = plan_stations(provinces, districts, subdistricts, province_division)
	if ctx.small:
		plan = [s for s in plan if s["district"] in SMALL_DISTRICTS]
	return plan


def stations(ctx: Context):
	ctx.stations = station_plan(ctx)
	known_units = set(frappe.get_all("Police Unit", pluck="name"))
	existing = {collation_key(n) for n in known_units}
	missing = [
		s
		for s in ctx.stations
		if collation_key(s["unit_code"]) not in existing and s["division"] in known_units
	]
	if missing:
		bulk.insert(
			"Police Unit",
			[
				{
					"name": s["unit_code"],
					"unit_code": s["unit_code"],
					"unit_name_th": s["unit_name_th"],
					"unit_name_en": s["unit_name_en"],
					"unit_type": "Station",
					"parent_police_unit": s["division"],
					"province": s["province"],
					"is_group": 0,
					"lft": 0,
					"rgt": 0,
				}
				for s in missing
			],
		)
		bulk.insert_children(
			"Police Unit",
			"Police Unit Jurisdiction",
			"jurisdiction",
			[
				(s["unit_code"], {"district": d, "subdistrict": sub})
				for s in missing
				for d, sub in s["jurisdiction"]
			],
		)
		rebuild_tree("Police Unit")
	return f"{len(missing)} new of {len(ctx.stations)} stations"


def station_subdistricts(ctx: Context) -> dict[str, list[str]]:
	"""Station -> the sub-districts it serves (a whole-district row serves all of the district's)."""
	whole = {d for s in ctx.stations for d, sub in s["jurisdiction"] if sub is None}
	by_district: dict[str, list[str]] = {}
	if whole:
		for name, district in frappe.get_all(
			"Subdistrict",
			filters={"district": ("in", list(whole))},
			fields=["name", "district"],
			as_list=True,
			order_by="name",
		):
			by_district.setdefault(district, []).append(name)
	return {
		s["unit_code"]: [
			sub for d, sub0 in s["jurisdiction"] for sub in ([sub0] if sub0 else by_district.get(d, []))
		]
		for s in ctx.stations
	}


def officers(ctx: Context):
	if not doctype_ready("Coordinator Officer"):
		return "skipped: no Coordinator Officer DocType yet"
	have = set(frappe.get_all("Coordinator Officer", pluck="police_unit", distinct=True))
	factory = PeopleFactory(ctx.seed + 1)
	per_station = OFFICERS_PER_STATION[ctx.scale]
	divisions = sorted({s["division"] for s in ctx.stations})
	rows, first_of = [], {}
	for unit, count in [(s["unit_code"], per_station) for s in ctx.stations] + [(d, 1) for d in divisions]:
		people = [factory.officer(unit) for _ in range(count)]
		if unit in have:
			continue
		for i, p in enumerate(people):
			p.update(
				{
					"full_title": f"{p['rank']} {p['officer_name']}",
					"training_status": "Trained",
					"trained_on": "2022-02-20",
				}
			)
			rows.append(p)
			if i == 0:
				first_of[unit] = p
	names = bulk.insert_named_series("Coordinator Officer", "CO-", 5, rows)
	for row, name in zip(rows, names, strict=True):
		row["name"] = name
	if frappe.get_meta("Police Unit").has_field("coordinator_officer"):
		for unit, p in first_of.items():
			frappe.db.set_value("Police Unit", unit, "coordinator_officer", p["name"], update_modified=False)
	return f"{len(rows)} new officers"


def members(ctx: Context):
	if not doctype_ready("Network Member"):
		return "skipped: no Network Member DocType yet"
	have = set(frappe.get_all("Network Member", pluck="station", distinct=True))
	factory = PeopleFactory(ctx.seed)
	per_station = MEMBERS_PER_STATION[ctx.scale]
	subs = station_subdistricts(ctx)
	rows = []
	for s in ctx.stations:
		served = subs[s["unit_code"]] or [None]
		people = [factory.member(s["unit_code"], served[i % len(served)]) for i in range(per_station)]
		if s["unit_code"] not in have:
			rows += people
	inserted, errors = bulk.load_members(rows) if rows else (0, [])
	try:
		from stronger_together.people.queries import refresh_station_coverage
	except ImportError:
		refresh_station_coverage = None
	if refresh_station_coverage:
		refresh_station_coverage([s["unit_code"] for s in ctx.stations])
	return f"{inserted} new members, {len(errors)} rejected"


def committees(ctx: Context):
	if not doctype_ready("Committee"):
		return "skipped: no Committee DocType yet"
	from st_dev.demo import ladder_data

	return ladder_data.committees(ctx)


def issues(ctx: Context):
	if not doctype_ready("Community Issue") or not doctype_ready("Committee"):
		return "skipped: no Community Issue DocType yet"
	from st_dev.demo import ladder_data

	return ladder_data.issues(ctx)


STEPS = [thai_desk, stations, officers, members, committees, issues]
