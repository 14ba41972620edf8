"""Tier 1: which fields a read request's query names (permissions/query_fields.py, no Frappe).

The personal-data guard denies a list to a user who may not read national IDs and phones when the request
filters, sorts, groups or selects on them; it must read every shape Frappe accepts, and never mistake a
filter VALUE for a field."""

import json

import pytest

from stronger_together.permissions.query_fields import asked_fields, decoded, filter_fields, identifiers

PERSONAL = {"national_id", "mobile"}


def asks_personal(form: dict) -> bool:
	return bool(asked_fields(form) & PERSONAL)


# ---- filter shapes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"filters, expected",
	[
		({"mobile": "0812345678"}, {"mobile"}),
		({"first_name": ["like", "%mobile%"]}, {"first_name"}),
		({"National_ID": ["like", "3%"]}, {"national_id"}),  # MariaDB column names ignore case
		({"`tabNetwork Member`.`mobile`": "0812345678"}, {"tabnetwork", "member", "mobile"}),
		([["mobile", "like", "08%"]], {"mobile"}),
		([["first_name", "like", "%mobile%"]], {"first_name"}),
		([["Network Member", "national_id", "=", "3100600445635"]], {"national_id"}),
		([["Network Member", "first_name", "=", "national_id"]], {"first_name"}),
		([["Network Member", "mobile", "like", "08%", False]], {"mobile"}),
		([["Network Member", "first_name", "like", "%mobile%", False]], {"first_name"}),
		(["mobile", "like", "08%"], {"mobile"}),  # one row, not in a list
		(["first_name", "=", "mobile"], {"first_name"}),
		(["Network Member", "national_id", "=", "1"], {"national_id"}),
		([{"mobile": "0812345678"}], {"mobile"}),  # a row written as a dict
		([["first_name", "like", "%mobile%"], ["status", "=", "Active"]], {"first_name", "status"}),
		([], set()),
		({}, set()),
		(None, set()),
		(5, set()),
	],
	ids=repr,
)
def test_filter_fields_reads_every_shape_and_never_the_values(filters, expected):
	assert filter_fields(filters) == expected


def test_a_row_given_as_an_sql_condition_counts_every_name_in_it():
	assert "mobile" in filter_fields(["`tabNetwork Member`.mobile like '08%'"])
	assert "national_id" in filter_fields("national_id = '3100600445635'")
	# a conservative reading: a name in a quoted SQL literal counts too (an empty list, never a leak)
	assert "mobile" in filter_fields(["first_name like '%mobile%'"])


def test_json_text_is_decoded_as_frappe_decodes_it():
	rows = [["Network Member", "mobile", "like", "08%"]]
	assert filter_fields(json.dumps(rows)) == {"mobile"}
	assert filter_fields(json.dumps({"first_name": "mobile"})) == {"first_name"}
	# JSON text holding JSON text, and rows that are JSON text themselves
	assert filter_fields(json.dumps(json.dumps(rows))) == {"mobile"}
	assert filter_fields([json.dumps(["mobile", "=", "1"])]) == {"mobile"}
	assert filter_fields(json.dumps([json.dumps({"national_id": "1"})])) == {"national_id"}
	assert filter_fields(b'[["mobile", "=", "1"]]') == {"mobile"}


def test_unicode_escapes_in_json_name_the_field_they_spell():
	escaped = '[["national\\u005fid", "=", "3100600445635"]]'
	assert "\\u005f" in escaped
	assert filter_fields(escaped) == {"national_id"}
	assert filter_fields('{"m\\u006fbile": "x"}') == {"mobile"}
	assert asks_personal({"order_by": '"national\\u005fid desc"'})


def test_text_nested_deeper_than_json_decoding_is_still_read_as_names():
	deep = json.dumps([["mobile", "=", "1"]])
	for _ in range(6):
		deep = json.dumps(deep)
	assert isinstance(decoded(deep), str)
	assert "mobile" in filter_fields(deep)


def test_malformed_json_is_text():
	assert decoded("[not json") == "[not json"
	assert decoded("mobile desc") == "mobile desc"
	assert filter_fields('[["mobile", ') == {"mobile"}


# ---- field lists and SQL fragments -------------------------------------------------------------------


@pytest.mark.parametrize(
	"form",
	[
		{"order_by": "mobile desc"},
		{"order_by": "`tabNetwork Member`.`mobile` desc"},
		{"order_by": "tabNetwork Member.national_id asc, name"},
		{"order_by": "locate('0', mobile)"},
		{"group_by": "`tabNetwork Member`.mobile"},
		{"group_by": "national_id"},
		{"fields": '["name", "mobile"]'},
		{"fields": json.dumps(["`tabNetwork Member`.`national_id`"])},
		{"fields": ["count(mobile) as c"]},
		{"fields": json.dumps(json.dumps(["mobile"]))},
		{"pluck": "mobile"},
		{"field": "mobile"},  # the list view's group-by counts
		{"fieldname": "national_id"},
		{"stats": '["mobile"]'},  # the sidebar stats
		{"aggregate_on_field": "mobile", "group_by": "status"},
		{"searchfield": "national_id"},
		{"or_filters": [["mobile", "like", "08%"]]},
		{"current_filters": json.dumps({"national_id": "1"})},
		{"applied_filters": json.dumps([["Network Member", "mobile", "=", "1"]])},
		{"args": json.dumps({"filters": {"mobile": "0812345678"}})},
		{"args": json.dumps({"order_by": "national_id"})},
		{"args": {"args": {"group_by": "mobile"}}},
	],
	ids=repr,
)
def test_sort_group_select_and_nested_args_on_a_personal_field_are_seen(form):
	assert asks_personal(form)


@pytest.mark.parametrize(
	"form",
	[
		{"filters": {"first_name": ["like", "%mobile%"]}},
		{"filters": json.dumps([["first_name", "like", "%national_id%"]])},
		{"filters": json.dumps([["Network Member", "last_name", "=", "mobile"]])},
		{"filters": ["occupation", "=", "mobile repair"]},
		{"or_filters": {"first_name": "mobile", "last_name": "national_id"}},
		{"fields": '["name", "full_name"]', "order_by": "modified desc", "group_by": "station"},
		{"args": json.dumps({"filters": {"first_name": "mobile"}})},
		{"doctype": "Network Member", "txt": "mobile"},  # search text is a value
		{"filters": "", "order_by": None},
		{},
	],
	ids=repr,
)
def test_values_that_merely_contain_a_personal_field_name_ask_for_nothing_personal(form):
	assert not asks_personal(form)


def test_identifiers_of_qualified_and_backticked_names():
	assert identifiers("`tabNetwork Member`.`mobile` desc") == {"tabnetwork", "member", "mobile", "desc"}
	assert identifiers(["name", '["national_id"]']) == {"name", "national_id"}
	assert identifiers({"a": "mobile"}) == {"a", "mobile"}
	assert identifiers(None) == set()
