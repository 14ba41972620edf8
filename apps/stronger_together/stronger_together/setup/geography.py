"""Thai geography (provinces, districts, sub-districts) from the `geothai` package.

GeoThai data is CC-BY-4.0: the `source` field of every record credits it.
Loading is a bulk insert of the rows that are missing, so a re-run inserts nothing.
"""

import frappe
import geothai
from frappe.utils import now

from stronger_together.utils.thai import split_postcodes

SOURCE = "GeoThai (CC-BY-4.0)"


def geothai_rows():
	"""Provinces, districts and sub-districts as plain tuples, in DOPA-code order."""
	provinces, districts, subdistricts = [], [], []
	for p in geothai.provinces():
		provinces.append((p.code, p.name_th, p.name_en))
		for d in geothai.districts(p.code):
			districts.append((d.code, d.name_th, d.name_en, p.code))
			for s in geothai.subdistricts(d.code):
				subdistricts.append(
					(s.code, s.name_th, s.name_en, d.code, p.code, split_postcodes(s.postal_codes))
				)
	return provinces, districts, subdistricts


def load_geography():
	provinces, districts, subdistricts = geothai_rows()
	_bulk_insert(
		"Province",
		["province_code", "province_name_th", "province_name_en"],
		provinces,
	)
	_bulk_insert(
		"District",
		["district_code", "district_name_th", "district_name_en", "province"],
		districts,
	)
	new = _bulk_insert(
		"Subdistrict",
		[
			"subdistrict_code",
			"subdistrict_name_th",
			"subdistrict_name_en",
			"district",
			"province",
			"postcode",
		],
		[(*row[:5], row[5][0] if row[5] else None) for row in subdistricts],
	)
	postcode_rows = [
		(code, i, postcode)
		for code, *_rest, postcodes in subdistricts
		if code in new
		for i, postcode in enumerate(postcodes, start=1)
	]
	_bulk_insert_children("Subdistrict", "Subdistrict Postcode", "postcodes", ["postcode"], postcode_rows)


def _bulk_insert(doctype: str, fields: list[str], rows: list[tuple]) -> set[str]:
	"""Insert the rows whose name (first column) is missing; return the names inserted."""
	existing = set(frappe.get_all(doctype, pluck="name"))
	ts, user = now(), frappe.session.user
	values = [(row[0], ts, ts, user, user, *row, SOURCE) for row in rows if row[0] not in existing]
	if values:
		frappe.db.bulk_insert(
			doctype,
			["name", "creation", "modified", "owner", "modified_by", *fields, "source"],
			values,
			ignore_duplicates=True,
		)
	return {v[0] for v in values}


def _bulk_insert_children(parenttype, doctype, parentfield, fields, rows):
	if not rows:
		return
	ts, user = now(), frappe.session.user
	values = [
		(frappe.generate_hash(length=10), ts, ts, user, user, parent, parenttype, parentfield, idx, *vals)
		for parent, idx, *vals in rows
	]
	frappe.db.bulk_insert(
		doctype,
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			*fields,
		],
		values,
		ignore_duplicates=True,
	)
