"""The police unit tree: national HQ, bureaus and divisions from `reference_data/*.csv`.

Missing units are bulk-inserted and the tree is rebuilt once, so loading takes a second and a
re-run changes nothing. Stations are not shipped: operators import theirs (Data Import).
"""

import csv
from pathlib import Path

import frappe
from frappe.utils import now
from frappe.utils.nestedset import rebuild_tree

from stronger_together.people.units import is_group

REFERENCE_DATA = Path(__file__).resolve().parent.parent / "reference_data"


def read_csv(name: str) -> list[dict]:
	with open(REFERENCE_DATA / name, encoding="utf-8-sig", newline="") as f:
		return [row for row in csv.DictReader(f) if any(row.values())]


def reference_units() -> list[dict]:
	"""National HQ, bureaus and divisions as Police Unit field dicts, parents first."""
	units = [
		{
			"unit_code": row["unit_code"],
			"unit_name_th": row["unit_name_th"],
			"unit_name_en": row["unit_name_en"],
			"unit_type": row["unit_type"],
			"parent_police_unit": row["parent"] or None,
			"province": None,
		}
		for row in read_csv("bureaus.csv")
	]
	units += [
		{
			"unit_code": row["unit_code"],
			"unit_name_th": row["unit_name_th"],
			"unit_name_en": row["unit_name_en"],
			"unit_type": "Division",
			"parent_police_unit": row["bureau"],
			"province": row["province_code"],
		}
		for row in read_csv("divisions.csv")
	]
	return units


def region_map() -> dict[str, str]:
	"""Province DOPA code -> bureau code."""
	return {row["province_code"]: row["bureau"] for row in read_csv("region_provinces.csv")}


def seed_units():
	existing = set(frappe.get_all("Police Unit", pluck="name"))
	missing = [u for u in reference_units() if u["unit_code"] not in existing]
	if missing:
		ts, user = now(), frappe.session.user
		fields = ["unit_code", "unit_name_th", "unit_name_en", "unit_type", "parent_police_unit", "province"]
		frappe.db.bulk_insert(
			"Police Unit",
			["name", "creation", "modified", "owner", "modified_by", "is_group", "lft", "rgt", *fields],
			[
				(
					u["unit_code"],
					ts,
					ts,
					user,
					user,
					int(is_group(u["unit_type"])),
					0,
					0,
					*(u[f] for f in fields),
				)
				for u in missing
			],
		)
		rebuild_tree("Police Unit")
	set_province_bureaus()


def set_province_bureaus():
	current = dict(frappe.get_all("Province", fields=["name", "bureau"], as_list=True))
	for province, bureau in region_map().items():
		if province in current and current[province] != bureau:
			frappe.db.set_value("Province", province, "bureau", bureau, update_modified=False)
