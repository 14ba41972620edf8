"""Foundation on a real site: reference data counts, the unit tree, idempotent reload, station import."""

import frappe
import pytest

from stronger_together.setup import install

from .helpers import make_station, refused


def counts():
	return {dt: frappe.db.count(dt) for dt in ("Province", "District", "Subdistrict", "Police Unit", "Role")}


def test_geography_counts():
	assert frappe.db.count("Province") == 77
	assert frappe.db.count("District") == 928
	assert frappe.db.count("Subdistrict") == 7436


def test_subdistrict_with_several_postcodes_keeps_them_all():
	parent = frappe.db.sql(
		"""select parent from `tabSubdistrict Postcode` group by parent having count(*) > 1 limit 1"""
	)[0][0]
	doc = frappe.get_doc("Subdistrict", parent)
	codes = [row.postcode for row in doc.postcodes]
	assert len(codes) > 1 and len(set(codes)) == len(codes)
	assert all(len(c) == 5 and c.isdigit() for c in codes)
	assert doc.postcode == codes[0]


def test_unit_tree_seeded_and_consistent():
	assert frappe.db.get_value("Police Unit", "ตร.", "unit_type") == "National HQ"
	bureaus = frappe.get_all("Police Unit", filters={"unit_type": "Bureau"}, pluck="name")
	assert {"บช.น.", *(f"ภ.{i}" for i in range(1, 10))} <= set(bureaus)
	bangkok = frappe.get_all("Police Unit", filters={"parent_police_unit": "บช.น."}, pluck="name")
	assert {f"บก.น.{i}" for i in range(1, 10)} <= set(bangkok)
	# one provincial division for each upcountry province, under the bureau of the region map
	assert frappe.db.get_value("Police Unit", "ภ.จว.ขอนแก่น", "parent_police_unit") == "ภ.4"
	upcountry = frappe.db.count(
		"Police Unit", {"unit_type": "Division", "parent_police_unit": ("!=", "บช.น.")}
	)
	assert upcountry >= 76
	assert_tree_integrity()


def assert_tree_integrity():
	units = frappe.get_all("Police Unit", fields=["name", "lft", "rgt", "parent_police_unit"])
	by_name = {u.name: u for u in units}
	bounds = sorted([u.lft for u in units] + [u.rgt for u in units])
	assert bounds == list(range(1, 2 * len(units) + 1)), "lft/rgt must be a gapless nested set"
	for u in units:
		assert u.lft < u.rgt
		if u.parent_police_unit:
			p = by_name[u.parent_police_unit]
			assert p.lft < u.lft and u.rgt < p.rgt


def test_reload_is_idempotent():
	before = counts()
	install.after_migrate()
	assert counts() == before
	assert_tree_integrity()


def unit(code: str, **fields):
	return frappe.get_doc(
		{
			"doctype": "Police Unit",
			"unit_code": code,
			"unit_name_th": code,
			"unit_type": "Station",
			"parent_police_unit": "ภ.จว.ขอนแก่น",
			"province": "40",
			**fields,
		}
	)


def test_station_rules():
	make_station("สภ.ทดสอบรากฐาน", "ภ.จว.ขอนแก่น", "4001")
	# a district of Udon Thani under Khon Kaen's division
	with refused(frappe.ValidationError, "Jurisdiction row 1: district 4101 is not in province 40"):
		unit("สภ.นอกเขต", jurisdiction=[{"district": "4101"}]).insert()
	with refused(frappe.ValidationError, "Jurisdiction row 2: sub-district 400201 is not in district 4001"):
		unit(
			"สภ.ตำบลผิดอำเภอ",
			jurisdiction=[{"district": "4001"}, {"district": "4001", "subdistrict": "400201"}],
		).insert()
	with refused(frappe.ValidationError, r"The parent of a Station must be a Division; ภ\.4 is a Bureau"):
		unit("สภ.ผิดชั้น", parent_police_unit="ภ.4").insert()
	with refused(frappe.ValidationError, "A Station must have a parent unit of type Division"):
		unit("สภ.ไม่มีต้นสังกัด", parent_police_unit=None).insert()
	with refused(frappe.ValidationError, "National HQ cannot have a parent unit"):
		unit("ตร.สอง", unit_type="National HQ", parent_police_unit="ตร.", province=None).insert()
	with refused(frappe.ValidationError, "A Station must have a province"):
		unit("สภ.ไม่มีจังหวัด", province=None).insert()
	with refused(frappe.ValidationError, r"Unknown parent unit ภ\.จว\.ไม่มีจริง: import or create it first"):
		unit("สภ.ต้นสังกัดไม่มีจริง", parent_police_unit=None, parent_unit_code="ภ.จว.ไม่มีจริง").insert()
	assert_tree_integrity()


def test_issue_summary_has_its_covering_index():
	assert frappe.db.has_index("tabCommunity Issue", "station_current_rung_workflow_state_index")


def test_overdue_issues_of_an_area_have_their_index():
	# Overdue Issues as a chair: the area's overdue issues by due date, not every overdue issue of the country
	for column in ("station", "district", "province"):
		assert frappe.db.has_index("tabCommunity Issue", f"{column}_is_overdue_rung_due_date_index"), column


def test_national_compilation_reads_both_sides_of_its_or_from_indexes():
	# current_rung = 'National HQ' OR reported_to_government_on is set: one index each, merged
	assert frappe.db.has_index("tabCommunity Issue", "current_rung_index")
	assert frappe.db.has_index("tabCommunity Issue", "reported_to_government_on_index")


def test_time_on_each_rung_reads_a_date_range_of_the_log():
	assert frappe.db.has_index("tabCommunity Issue Log", "acted_at_index")


def test_every_migrate_adds_the_indexes_a_site_lacks():
	# on_doctype_update runs only when a DocType is synced: the after-migrate step adds what is missing
	from stronger_together.setup import indexes

	frappe.db.sql_ddl("alter table `tabCommunity Issue Log` drop index acted_at_index")
	assert not frappe.db.has_index("tabCommunity Issue Log", "acted_at_index")
	indexes.add_indexes()
	assert frappe.db.has_index("tabCommunity Issue Log", "acted_at_index")
