"""Tier 1: the demo's stations derived from real geography (GeoThai), and its synthetic people."""

import csv
from pathlib import Path

import geothai
import pytest
from st_dev.demo.people import PeopleFactory
from st_dev.demo.plan import (
	BANGKOK_DIVISIONS,
	NATIONAL_STATIONS,
	allocate_extra,
	chunk,
	collation_key,
	plan_stations,
)
from stdnum.th import pin

DIVISIONS = (
	Path(__file__).resolve().parents[2]
	/ "apps/stronger_together/stronger_together/reference_data/divisions.csv"
)


@pytest.fixture(scope="module")
def geography():
	provinces = [(p.code, p.name_th, p.name_en) for p in geothai.provinces()]
	districts = [(d.code, d.name_th, d.name_en, p[0]) for p in provinces for d in geothai.districts(p[0])]
	subs = [(s.code, s.name_th, s.name_en, d[0]) for d in districts for s in geothai.subdistricts(d[0])]
	with open(DIVISIONS, encoding="utf-8-sig", newline="") as f:
		division_of = {
			r["province_code"]: r["unit_code"] for r in csv.DictReader(f) if r["province_code"] != "10"
		}
	return provinces, districts, subs, division_of


@pytest.fixture(scope="module")
def stations(geography):
	return plan_stations(*geography)


def test_national_plan_has_1484_uniquely_named_stations(stations):
	assert len(stations) == NATIONAL_STATIONS
	keys = [collation_key(s["unit_code"]) for s in stations]
	assert len(set(keys)) == len(keys), "codes must differ even where MariaDB ignores Thai tone marks"


def test_every_subdistrict_is_served_exactly_once(geography, stations):
	_p, _districts, subs, _d = geography
	subs_of = {}
	for s in subs:
		subs_of.setdefault(s[3], []).append(s[0])
	served = []
	for st in stations:
		for district, sub in st["jurisdiction"]:
			served += subs_of[district] if sub is None else [sub]
	assert sorted(served) == sorted(s[0] for s in subs)


def test_bangkok_stations_are_sn_under_metropolitan_divisions(stations):
	bangkok = [s for s in stations if s["province"] == "10"]
	assert bangkok and all(s["unit_code"].startswith("สน.") for s in bangkok)
	assert {s["division"] for s in bangkok} == set(BANGKOK_DIVISIONS)
	assert next(s for s in bangkok if s["district"] == "1007")["unit_code"] == "สน.ปทุมวัน"
	assert next(s for s in bangkok if s["district"] == "1007")["division"] == "บก.น.5"


def test_upcountry_stations_are_sp_under_their_province_division(stations):
	khon_kaen = [s for s in stations if s["province"] == "40"]
	assert all(s["unit_code"].startswith("สภ.") and s["division"] == "ภ.จว.ขอนแก่น" for s in khon_kaen)
	assert "สภ.เมืองขอนแก่น" in {s["unit_code"] for s in khon_kaen}


def test_plan_is_deterministic(geography, stations):
	assert plan_stations(*geography) == stations


def test_allocate_extra_never_exceeds_subdistricts():
	assert allocate_extra({"a": 3, "b": 1, "c": 10}, 20) == {"a": 3, "b": 1, "c": 10}
	assert sum(allocate_extra({"a": 4, "b": 8}, 2).values()) == 4


def test_chunk_is_contiguous_and_near_equal():
	assert chunk(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]


def test_people_have_valid_unique_national_ids_and_thai_names():
	people = PeopleFactory(1)
	members = [people.member("สน.ปทุมวัน", "100704") for _ in range(2000)]
	ids = [m["national_id"] for m in members]
	assert len(set(ids)) == len(ids)
	assert all(pin.is_valid(i) for i in ids)
	assert all(any("\u0e00" <= c <= "\u0e7f" for c in m["first_name"]) for m in members[:50])
	assert all(len(m["mobile"]) == 10 and m["mobile"][:2] in ("06", "08", "09") for m in members)
	again = PeopleFactory(1)
	assert [again.member("สน.ปทุมวัน", "100704")["national_id"] for _ in range(5)] == ids[:5]
