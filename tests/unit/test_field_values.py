"""Tier 1: is a raw value a well-formed value of its field type (utils/field_values.py, no Frappe)."""

import datetime

import pytest

from stronger_together.utils import field_values as fv


@pytest.mark.parametrize(
	"value",
	[
		"2025-02-28",
		"2024-02-29",
		"2025-01-01 10:00:00",
		"2025-01-01T10:00",
		" 2025-01-01 ",
		datetime.date(2022, 3, 8),
		datetime.datetime(2022, 3, 8, 9, 30),
		"9999-12-31",
		"1000-01-01",
	],
)
def test_dates_that_are_dates(value):
	assert fv.problem("Date", value) is None


@pytest.mark.parametrize(
	"value",
	[
		"2025-13-45",
		"2025-02-30",
		"2023-02-29",
		"0000-00-00",
		"10000-01-01",
		"0999-12-31",
		"2025-1-5",
		"1/2/2025",
		"01-02-2025",
		"abc",
		"2025-01-01 25:00:00",
		"2025-01-01junk",
		5,
		1.5,
		True,
		{"a": 1},
		[2025, 1, 1],
		datetime.date(1, 1, 1),
	],
	ids=repr,
)
def test_malformed_dates(value):
	assert fv.problem("Date", value) == fv.DATE


@pytest.mark.parametrize(
	"value, ok",
	[
		("2025-01-01 10:00:00", True),
		("2025-01-01 10:00:00.123456", True),
		("2025-01-01T10:00", True),
		("2025-01-01", True),
		(datetime.datetime(2025, 1, 1, 10), True),
		("2025-01-01 10:00:00+07:00", False),
		(datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc), False),
		("2025-01-01 24:00:00", False),
		("garbage", False),
		(1700000000, False),
	],
	ids=repr,
)
def test_datetimes(value, ok):
	assert (fv.problem("Datetime", value) is None) == ok


@pytest.mark.parametrize(
	"value, expected",
	[
		(5, None),
		("5", None),
		(" -12 ", None),
		("7.0", None),
		(3.0, None),
		(True, None),
		(2**31 - 1, None),
		(2**31, fv.RANGE),
		("-2147483649", fv.RANGE),
		(1.5, fv.INT),
		("1.5", fv.INT),
		("1,000", fv.INT),
		("๑๒", fv.INT),  # Thai digits: not what the column stores
		("abc", fv.INT),
		(float("nan"), fv.INT),
		(float("inf"), fv.INT),
		([1], fv.INT),
		({"a": 1}, fv.INT),
	],
	ids=repr,
)
def test_whole_numbers(value, expected):
	assert fv.problem("Int", value) == expected


@pytest.mark.parametrize(
	"value, expected",
	[
		(1.5, None),
		("-1.5", None),
		(".5", None),
		("1e3", None),
		(10, None),
		(10**12, fv.RANGE),
		("1e13", fv.RANGE),
		(float("nan"), fv.NUMBER),
		("NaN", fv.NUMBER),
		("Infinity", fv.NUMBER),
		("1,5", fv.NUMBER),
		("abc", fv.NUMBER),
		([1.5], fv.NUMBER),
	],
	ids=repr,
)
def test_numbers(value, expected):
	for fieldtype in ("Float", "Currency", "Percent"):
		assert fv.problem(fieldtype, value) == expected


def test_checks_are_zero_or_one():
	for value in (0, 1, True, False, "0", "1"):
		assert fv.problem("Check", value) is None
	for value in (2, -1, "true", "yes", 0.5, [1], {"a": 1}):
		assert fv.problem("Check", value) == fv.CHECK


def test_select_values_are_among_the_options():
	options = "\nLow\nMedium\nHigh"
	assert fv.problem("Select", "High", options) is None
	assert fv.problem("Select", "", options) is None  # empty: left to the mandatory check
	assert fv.problem("Select", None, options) is None
	assert fv.problem("Select", "Huge", options) == fv.SELECT
	assert fv.problem("Select", "high", options) == fv.SELECT
	assert fv.problem("Select", 5, options) == fv.SELECT
	assert fv.problem("Select", ["High"], options) == fv.SELECT
	assert fv.problem("Select", "anything", "") is None  # options set by the form, not the DocType


def test_text_and_links_are_text():
	for fieldtype in ("Data", "Small Text", "Text Editor", "Link"):
		assert fv.problem(fieldtype, "ไฟถนนดับ 💡") is None
		assert fv.problem(fieldtype, {"a": 1}) == fv.TEXT
		assert fv.problem(fieldtype, ["a"]) == fv.TEXT
		assert fv.problem(fieldtype, "\ud800") == fv.CHARACTERS  # an unpaired surrogate JSON can carry
	assert fv.problem("Data", 5) is None and fv.problem("Data", 1.5) is None
	assert fv.problem("Data", float("nan")) == fv.TEXT
	assert fv.problem("Link", 5) is None  # Frappe says it is not found
	assert fv.problem("Link", True) == fv.TEXT
	assert fv.problem("Geolocation", {"type": "FeatureCollection", "features": []}) is None
	assert fv.problem("Geolocation", [1, 2]) == fv.TEXT
	assert fv.problem("Table", [{"a": 1}]) is None  # rows are checked one by one


def test_numbers_where_text_belongs_are_stored_as_their_text():
	assert fv.clean("Data", 1) == "1"
	assert fv.clean("Data", 3100600445635.0) == "3100600445635"
	assert fv.clean("Small Text", 1.5) == "1.5"
	assert fv.clean("Link", 5) == "5"
	assert fv.clean("Data", True) == "1"
	assert fv.clean("Int", "5") == "5" and fv.clean("Date", "2025-01-01") == "2025-01-01"
	text = "ข้อความ"
	assert fv.clean("Data", text) is text
