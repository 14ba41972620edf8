"""Tier 1: reference data and pure rules of the foundation (no Frappe, no database)."""

import csv
from collections import Counter
from pathlib import Path

import geothai
import pytest

from stronger_together.ladder.rungs import RUNGS, next_rung, previous_rung
from stronger_together.people.units import expected_parent_type, is_group, outermost_roots
from stronger_together.utils.thai import format_be_date, format_be_month, split_postcodes

DATA = Path(__file__).resolve().parents[2] / "apps/stronger_together/stronger_together/reference_data"


def read(name):
	with open(DATA / name, encoding="utf-8-sig") as f:
		return list(csv.DictReader(f))


def test_region_map_puts_every_province_in_exactly_one_bureau():
	rows = read("region_provinces.csv")
	per_province = Counter(r["province_code"] for r in rows)
	assert set(per_province) == {p.code for p in geothai.provinces()}
	assert len(per_province) == 77
	assert all(n == 1 for n in per_province.values()), [p for p, n in per_province.items() if n > 1]
	bureaus = {r["unit_code"] for r in read("bureaus.csv") if r["unit_type"] == "Bureau"}
	assert {r["bureau"] for r in rows} <= bureaus
	assert {r["bureau"] for r in rows if r["province_code"] == "10"} == {"บช.น."}
	assert Counter(r["bureau"] for r in rows)["ภ.4"] == 12


def test_divisions_follow_the_region_map():
	region = {r["province_code"]: r["bureau"] for r in read("region_provinces.csv")}
	divisions = read("divisions.csv")
	codes = [d["unit_code"] for d in divisions]
	assert len(codes) == len(set(codes))
	upcountry = [d for d in divisions if d["bureau"] != "บช.น."]
	assert sorted(d["province_code"] for d in upcountry) == sorted(p for p in region if p != "10")
	assert all(region[d["province_code"]] == d["bureau"] for d in divisions)
	assert {f"บก.น.{i}" for i in range(1, 10)} <= set(codes)


def test_unit_tree_parents_are_declared_before_children():
	seen = set()
	for row in read("bureaus.csv"):
		assert not row["parent"] or row["parent"] in seen
		assert expected_parent_type(row["unit_type"]) == (None if not row["parent"] else "National HQ")
		seen.add(row["unit_code"])


@pytest.mark.parametrize(
	"raw, expected",
	[
		("10200", ["10200"]),
		("10200 10300", ["10200", "10300"]),
		("  50000   50100 50000 ", ["50000", "50100"]),
		(("84320", "84330"), ["84320", "84330"]),
		("", []),
		(None, []),
	],
)
def test_split_postcodes(raw, expected):
	assert split_postcodes(raw) == expected


def test_split_postcodes_rejects_garbage():
	with pytest.raises(ValueError):
		split_postcodes("1020 ABCDE")


def test_geothai_multi_postcode_subdistricts_split_cleanly():
	multi = [
		s
		for p in geothai.provinces()[:10]
		for d in geothai.districts(p.code)
		for s in geothai.subdistricts(d.code)
		if len(s.postal_codes) > 1
	]
	assert multi, "expected some sub-districts with several postcodes"
	for s in multi:
		assert split_postcodes(" ".join(s.postal_codes)) == list(dict.fromkeys(s.postal_codes))


def test_ladder_order():
	assert RUNGS[0] == "Station" and RUNGS[-1] == "National HQ"
	assert next_rung("Station") == "District"
	assert next_rung("Bureau") == "National HQ"
	assert next_rung("National HQ") is None
	assert previous_rung("District") == "Station"
	assert previous_rung("Station") is None
	with pytest.raises(ValueError):
		next_rung("Village")


def test_unit_types():
	assert expected_parent_type("Station") == "Division"
	assert is_group("Division") and not is_group("Station")
	with pytest.raises(ValueError):
		expected_parent_type("Precinct")


def test_buddhist_era_dates():
	import datetime

	assert format_be_date(datetime.date(2022, 3, 8)) == "08/03/2565"
	assert format_be_date("2022-02-18", long=True) == "18 กุมภาพันธ์ 2565"
	assert format_be_month(2022, 3) == "03/2565"
	assert format_be_date(None) == ""


def test_a_scope_reads_each_root_on_its_own_column_and_drops_roots_inside_others():
	# national 1..20 > bureau 2..11 > division 3..8 > stations 4..5, 6..7; another division 12..15
	roots = [
		("S1", "Station", 4, 5),
		("D1", "Division", 3, 8),
		("S9", "Station", 16, 17),
		("D2", "Division", 12, 15),
		("D2", "Division", 12, 15),
	]
	assert outermost_roots(roots) == {"station": {"S9"}, "division": {"D1", "D2"}, "bureau": set()}
	assert outermost_roots([*roots, ("B1", "Bureau", 2, 11)]) == {
		"station": {"S9"},
		"division": {"D2"},
		"bureau": {"B1"},
	}
	national = outermost_roots([*roots, ("HQ", "National HQ", 1, 20)])
	assert national["National HQ"] == {"HQ"} and not (national["division"] or national["station"])
