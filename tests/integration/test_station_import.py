"""Stations arrive through Frappe's own Data Import: bad rows are rejected by row, good rows land."""

import json
from pathlib import Path

import frappe
import pytest

from .helpers import make_user

TEMPLATE = Path(__file__).resolve().parents[2] / "fixtures" / "station_import_template.csv"


@pytest.fixture(autouse=True)
def english_importer():
	"""Data Import speaks the importing user's language: an English-speaking admin imports, whatever language
	the site's Administrator uses (the demo switches it to Thai), so the row messages can be matched."""
	frappe.set_user(make_user("station.importer@example.com", ["System Manager"]))
	yield


def run_import(csv_text: str):
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"stations-{frappe.generate_hash(length=6)}.csv",
			"content": csv_text,
			"is_private": 1,
		}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Police Unit",
			"import_type": "Insert New Records",
			"import_file": file.file_url,
		}
	).insert()
	# the desk saves the import before starting it; the importer rolls back failed rows
	frappe.db.commit()
	data_import.start_import()
	data_import.reload()
	logs = frappe.get_all(
		"Data Import Log",
		filters={"data_import": data_import.name},
		fields=["success", "docname", "row_indexes", "messages", "exception"],
		order_by="log_index asc",
	)
	return data_import, logs


def test_template_imports_cleanly():
	# the template's stations, under codes of their own so other tests' stations don't collide
	tag = frappe.generate_hash(length=4)
	lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
	rows = [line if line.startswith(",") else line.replace(",", f"{tag},", 1) for line in lines[1:]]
	data_import, logs = run_import("\n".join([lines[0], *rows]) + "\n")
	assert data_import.status == "Success", logs
	lumphini = frappe.get_doc("Police Unit", f"สน.ลุมพินี{tag}")
	assert lumphini.parent_police_unit == "บก.น.5"
	assert sorted(r.subdistrict for r in lumphini.jurisdiction) == ["100703", "100704"]
	assert len(frappe.get_doc("Police Unit", f"สภ.บ้านฝาง{tag}").jurisdiction) == 2
	assert frappe.db.get_value("Police Unit", f"สภ.เมืองขอนแก่น{tag}", "parent_police_unit") == "ภ.จว.ขอนแก่น"


def test_bad_rows_are_rejected_by_row_and_good_rows_land():
	header = TEMPLATE.read_text(encoding="utf-8").splitlines()[0]
	tag = frappe.generate_hash(length=4)
	rows = [
		f"สภ.นำเข้าดี1{tag},สถานีตำรวจภูธรนำเข้าดี1,,Station,ภ.จว.ขอนแก่น,40,4003,",
		f"สภ.หน่วยไม่มีจริง{tag},สถานีตำรวจภูธรหน่วยไม่มีจริง,,Station,ภ.จว.ไม่มีจริง,40,4004,",
		f"สภ.นอกจังหวัด{tag},สถานีตำรวจภูธรนอกจังหวัด,,Station,ภ.จว.ขอนแก่น,40,4001,410101",
		f"สน.นำเข้าดี2{tag},สถานีตำรวจนครบาลนำเข้าดี2,,Station,บก.น.1,10,1001,",
	]
	data_import, logs = run_import("\n".join([header, *rows]) + "\n")
	assert data_import.status == "Partial Success", (
		data_import.as_dict().get("template_warnings"),
		logs,
		frappe.get_traceback(),
	)

	assert frappe.db.exists("Police Unit", f"สภ.นำเข้าดี1{tag}")
	assert frappe.db.exists("Police Unit", f"สน.นำเข้าดี2{tag}")
	assert not frappe.db.exists("Police Unit", f"สภ.หน่วยไม่มีจริง{tag}")
	assert not frappe.db.exists("Police Unit", f"สภ.นอกจังหวัด{tag}")

	failures = {
		tuple(json.loads(log.row_indexes)): " ".join(
			m.get("message", "") for m in json.loads(log.messages or "[]")
		)
		+ (log.exception or "")
		for log in logs
		if not log.success
	}
	# the spreadsheet's rows 3 and 4 (row 1 is the header)
	assert set(failures) == {(3,), (4,)}, failures
	assert "Unknown parent unit ภ.จว.ไม่มีจริง" in failures[(3,)]
	assert "sub-district 410101 is not in district 4001" in failures[(4,)]
