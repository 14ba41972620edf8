"""Tier 1: the people rules (no Frappe): national ID check digit, Thai mobiles, quota and coverage,
jurisdiction, overlapping batches and what training does to a person."""

import datetime

import pytest

from stronger_together.people import rules as people

# Valid IDs, check digits worked by hand: (11 - sum(digit_i * (13 - i)) mod 11) mod 10
VALID_IDS = ["3100600445635", "1101700230708", "1-1017-00230-70-8", " 3 1006 00445 63 5 "]
INVALID_IDS = [
	"3100600445636",  # wrong check digit
	"1101700230700",  # wrong check digit
	"310060044563",  # 12 digits
	"31006004456350",  # 14 digits
	"0100600445635",  # cannot start with 0
	"9100600445635",  # cannot start with 9
	"31006004456X5",  # not digits
	"",
	None,
]


@pytest.mark.parametrize("value", VALID_IDS)
def test_valid_national_ids(value):
	assert people.clean_national_id(value) is not None
	cleaned = people.clean_national_id(value)
	assert len(cleaned) == 13 and cleaned.isdigit()


@pytest.mark.parametrize("value", INVALID_IDS)
def test_invalid_national_ids(value):
	assert people.clean_national_id(value) is None


def test_check_digit_completion_makes_valid_ids_and_any_other_digit_fails():
	national_id = people.national_id_with_check_digit("110170023070")
	assert national_id == "1101700230708"
	for digit in "0123456789":
		candidate = national_id[:12] + digit
		assert (people.clean_national_id(candidate) is not None) == (digit == "8")
	with pytest.raises(ValueError):
		people.national_id_with_check_digit("010170023070")
	with pytest.raises(ValueError):
		people.national_id_with_check_digit("11017002307")


@pytest.mark.parametrize(
	"value, expected",
	[
		("0812345678", "0812345678"),
		("081-234-5678", "0812345678"),
		("081 234 5678", "0812345678"),
		("+66 81 234 5678", "0812345678"),
		("+66812345678", "0812345678"),
		("66812345678", "0812345678"),
		("0066 81 234 5678", "0812345678"),
		("+66 (0) 81 234 5678", "0812345678"),
		("0612345678", "0612345678"),
		("0912345678", "0912345678"),
	],
)
def test_mobile_normalised(value, expected):
	assert people.normalise_mobile(value) == expected


def test_thai_and_other_digits_are_read_as_digits_and_stored_as_ascii():
	"""A mobile or an ID written in Thai digits is the same number: stored in ASCII digits, so the unique check
	and searches see one number (before, "0๘๑๒๓๔๕๖๗๘" was stored as it came)."""
	assert people.normalise_mobile("๐๘๑-๒๓๔-๕๖๗๘") == "0812345678"
	assert people.normalise_mobile("0๘๑๒๓๔๕๖๗๘") == "0812345678"
	assert people.normalise_mobile("０８１２３４５６７８") == "0812345678"
	assert people.clean_national_id("๓๑๐๐๖๐๐๔๔๕๖๓๕") == "3100600445635"
	assert people.normalise_mobile("08¹2345678") is None  # a superscript is not a digit of a number
	assert people.ascii_digits("สน.๑ ข้อ ๒") == "สน.1 ข้อ 2"


@pytest.mark.parametrize(
	"value",
	[
		"021234567",  # Bangkok landline
		"0212345678",  # 02 is not mobile
		"081234567",  # 9 digits
		"08123456789",  # 11 digits
		"+1 650 555 1234",  # not Thai
		"โทร 0812345678",  # words
		"",
		None,
	],
)
def test_not_a_thai_mobile(value):
	assert people.normalise_mobile(value) is None


def test_full_name_in_thai_style():
	assert people.full_name("นาย", "สมชาย", "ใจดี") == "นายสมชาย ใจดี"
	assert people.full_name("นางสาว", " สมหญิง ", " รักดี ") == "นางสาวสมหญิง รักดี"
	assert people.full_name(None, "สมชาย", "") == "สมชาย"


def test_coverage_arithmetic():
	assert people.coverage(50, 50) == 100.0
	assert people.coverage(37, 50) == 74.0
	assert people.coverage(1, 3) == 33.33
	assert people.coverage(60, 50) == 120.0  # soft quota may exceed
	assert people.coverage(10, 0) == 0.0
	assert people.rollup_quota(1484, 50) == 74200


def test_hard_and_soft_quota():
	assert people.quota_allows(49, 1, 50, "Hard")
	assert not people.quota_allows(50, 1, 50, "Hard")
	assert not people.quota_allows(45, 6, 50, "Hard")
	assert people.quota_allows(50, 1, 50, "Soft")
	assert people.quota_allows(500, 1, 0, "Hard")  # no quota set: unlimited
	assert people.places_left(48, 50, "Hard") == 2
	assert people.places_left(55, 50, "Hard") == 0
	assert people.places_left(55, 50, "Soft") is None
	with pytest.raises(ValueError):
		people.quota_allows(1, 1, 50, "Strict")


def test_jurisdiction_by_subdistrict_row_or_whole_district():
	rows = [("4001", "400101"), ("4002", None)]
	assert people.in_jurisdiction("400101", "4001", rows)
	assert not people.in_jurisdiction("400102", "4001", rows)  # only one sub-district of 4001
	assert people.in_jurisdiction("400205", "4002", rows)  # all of 4002
	assert not people.in_jurisdiction("400301", "4003", rows)
	assert not people.in_jurisdiction("400101", "4001", [])


def test_ranges_overlap_inclusive():
	assert people.ranges_overlap("2022-02-18", "2022-02-28", "2022-02-28", "2022-03-02")
	assert people.ranges_overlap("2022-02-18", "2022-02-28", "2022-02-20", "2022-02-21")
	assert not people.ranges_overlap("2022-02-18", "2022-02-28", "2022-03-01", "2022-03-05")
	assert not people.ranges_overlap(
		datetime.date(2022, 3, 1), datetime.date(2022, 3, 5), "2022-02-18", "2022-02-28"
	)
	assert people.valid_range("2022-02-18", "2022-02-18")
	assert not people.valid_range("2022-02-28", "2022-02-18")


def test_duplicates():
	assert people.duplicates(["a", "b", "a", None, "", "c", "b", "a"]) == ["a", "b"]
	assert people.duplicates([]) == []


def test_training_marks_candidates_and_keeps_later_statuses():
	assert people.after_training({"status": "Candidate"}, "TB-1", "2022-02-28", "Members") == {
		"status": "Trained",
		"trained_on": "2022-02-28",
		"training_batch": "TB-1",
	}
	assert people.after_training({"status": "Active"}, "TB-1", "2022-02-28", "Members")["status"] == "Active"
	assert people.after_training({}, "TB-1", "2022-02-28", "Officers") == {
		"training_status": "Trained",
		"trained_on": "2022-02-28",
		"training_batch": "TB-1",
	}


def test_cancel_restores_saved_values_unless_a_later_batch_took_over():
	saved = {"status": "Candidate", "trained_on": None, "training_batch": None}
	assert people.after_cancel({"training_batch": "TB-1"}, saved, "TB-1") == saved
	assert people.after_cancel({"training_batch": "TB-2"}, saved, "TB-1") is None


def test_rollup_counts_sums_into_every_ancestor():
	parents = {"ตร.": None, "ภ.4": "ตร.", "ภ.จว.ขอนแก่น": "ภ.4", "สภ.ก": "ภ.จว.ขอนแก่น", "สภ.ข": "ภ.จว.ขอนแก่น"}
	own = {
		"สภ.ก": {"stations": 1, "members": 50},
		"สภ.ข": {"stations": 1, "members": 20},
		"ภ.จว.ขอนแก่น": {"officers": 3},
		"สภ.นอกต้นไม้": {"stations": 1, "members": 99},  # outside the reported tree: ignored
	}
	totals = people.rollup_counts(parents, own)
	assert totals["สภ.ก"] == {"stations": 1, "members": 50}
	assert totals["ภ.จว.ขอนแก่น"] == {"stations": 2, "members": 70, "officers": 3}
	assert totals["ตร."] == totals["ภ.4"] == {"stations": 2, "members": 70, "officers": 3}


def test_member_figures_from_status_counts():
	figures = people.member_figures({"Candidate": 5, "Trained": 30, "Active": 10, "Inactive": 4})
	assert figures["members"] == 45 and figures["members_trained"] == 40 and figures["inactive"] == 4


def test_thai_template_headers_are_the_thai_labels_data_import_maps():
	"""Data Import maps a header to a field through the field's translated label: every header of the
	member template must be the th.po text of the Network Member field's label, and no two alike."""
	import csv
	import json
	import re
	from pathlib import Path

	app = Path(people.__file__).resolve().parents[1]
	with open(app / "reference_data/member_import_template.csv", encoding="utf-8") as f:
		headers = next(csv.reader(f))
	doctype = json.loads(
		(app / "stronger_together/doctype/network_member/network_member.json").read_text("utf-8")
	)
	layout = ("Section Break", "Column Break", "Tab Break")
	labels = {df["fieldname"]: df.get("label") for df in doctype["fields"] if df["fieldtype"] not in layout}
	po = (app / "locale/th.po").read_text("utf-8")
	thai = dict(re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', po, flags=re.M))
	fields = ["title", "first_name", "last_name", "national_id", "mobile", "line_id", "category"]
	fields += ["occupation", "station", "subdistrict", "status"]
	assert headers == [thai[labels[field]] for field in fields]
	translated = [thai.get(label, label) for label in labels.values() if label]
	assert all(translated.count(h) == 1 for h in headers)
