"""Is a raw value a well-formed value of a field type? (pure: no database, no Frappe)

REST bodies, the desk and the member importer hand the app raw values. MariaDB refuses a malformed date, an
out-of-range number or a dict with an error that reaches the user as a 500, and Frappe checks Selects only
after the controller's `validate` has used them. `problem(fieldtype, value, options)` names what is wrong
with a value (None when it is fine); `utils/documents.py` turns the answer into a translated 417 for every
programme DocType, and the member importer into a row's error.

Accepted: dates as ISO text (YYYY-MM-DD, a time after it is ignored by the column) or date objects, in the
years MariaDB stores (1000-9999); date-times as ISO text without a time zone; whole numbers and numbers as
numbers or plain decimal text (ASCII digits, no thousands separators) within the column's range; checks as
0/1; Select values among the options; text as text (no lists or objects, no unpaired surrogates).
a Link names a record by text; JSON and Geolocation take JSON text or an object. Empty values (None, "") are
left to the mandatory checks.
"""

import datetime
import math
import re

DATE_TYPES = frozenset({"Date"})
DATETIME_TYPES = frozenset({"Datetime"})
INT_TYPES = frozenset({"Int"})
NUMBER_TYPES = frozenset({"Float", "Currency", "Percent"})
CHECK_TYPES = frozenset({"Check"})
SELECT_TYPES = frozenset({"Select"})
LINK_TYPES = frozenset({"Link", "Dynamic Link"})
# JSON text, or an object Frappe writes as JSON text (utils/documents.py does so for Geolocation)
JSON_TYPES = frozenset({"JSON", "Geolocation"})
TEXT_TYPES = frozenset(
	{
		"Data",
		"Small Text",
		"Text",
		"Long Text",
		"Text Editor",
		"Markdown Editor",
		"HTML Editor",
		"Code",
		"Read Only",
		"Phone",
		"Autocomplete",
		"Attach",
		"Attach Image",
		"Color",
		"Password",
	}
)

# MariaDB's columns: int(11) and decimal(21,9)
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
NUMBER_LIMIT = 10**12
YEAR_MIN, YEAR_MAX = 1000, 9999

_INT_TEXT = re.compile(r"[+-]?[0-9]+(\.0*)?")
_NUMBER_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")

# What problem() answers: the kind of value the field needs
DATE, DATETIME, INT, NUMBER, RANGE, CHECK, SELECT, TEXT, CHARACTERS = (
	"date",
	"datetime",
	"int",
	"number",
	"range",
	"check",
	"select",
	"text",
	"characters",
)


def is_empty(value) -> bool:
	return value is None or (isinstance(value, str) and value == "")


def problem(fieldtype: str, value, options: str | None = None) -> str | None:
	"""What is wrong with `value` for a field of `fieldtype` (one of the kinds above), or None."""
	if is_empty(value):
		return None
	if isinstance(value, str) and not storable_text(value):
		return CHARACTERS
	if fieldtype in DATE_TYPES:
		return None if as_date(value) else DATE
	if fieldtype in DATETIME_TYPES:
		return None if as_datetime(value) else DATETIME
	if fieldtype in INT_TYPES:
		return int_problem(value)
	if fieldtype in NUMBER_TYPES:
		return number_problem(value)
	if fieldtype in CHECK_TYPES:
		return None if value in (0, 1, "0", "1") else CHECK  # True == 1, False == 0
	if fieldtype in SELECT_TYPES:
		if not isinstance(value, str):
			return SELECT
		choices = select_options(options)
		return None if not choices or value in choices else SELECT
	if fieldtype in LINK_TYPES:
		return (
			None
			if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
			else TEXT
		)
	if fieldtype in JSON_TYPES:
		return None if isinstance(value, str | dict) else TEXT
	if fieldtype in TEXT_TYPES:
		if isinstance(value, float) and not math.isfinite(value):
			return TEXT
		return None if isinstance(value, str | int | float) else TEXT
	return None


def clean(fieldtype: str, value):
	"""The value to store for a value `problem` accepted: a number where text or a link belongs is its text
	(controllers strip and compare text); everything else as it is."""
	if fieldtype in TEXT_TYPES | LINK_TYPES and isinstance(value, int | float):
		return str(int(value)) if isinstance(value, bool) or float(value).is_integer() else str(value)
	return value


def storable_text(text: str) -> bool:
	"""Text MariaDB's utf8mb4 can hold: no unpaired surrogates (JSON can carry "\\ud800")."""
	try:
		text.encode("utf-8")
	except UnicodeEncodeError:
		return False
	return True


def select_options(options: str | None) -> list[str]:
	return [o for o in (options or "").split("\n") if o]


def as_date(value) -> datetime.date | None:
	"""The date `value` stands for, or None when it is not one (or outside the years MariaDB stores)."""
	if isinstance(value, datetime.datetime):
		value = value.date()
	if isinstance(value, datetime.date):
		return value if YEAR_MIN <= value.year <= YEAR_MAX else None
	if not isinstance(value, str):
		return None
	text = value.strip()
	head, rest = text[:10], text[10:]
	if rest and not as_datetime(text):
		return None
	try:
		day = datetime.date.fromisoformat(head)
	except ValueError:
		return None
	return day if YEAR_MIN <= day.year <= YEAR_MAX and re.fullmatch(r"\d{4}-\d\d-\d\d", head) else None


def as_datetime(value) -> datetime.datetime | None:
	"""The naive date-time `value` stands for (a date alone is its midnight), or None."""
	if isinstance(value, datetime.datetime):
		moment = value
	elif isinstance(value, datetime.date):
		moment = datetime.datetime.combine(value, datetime.time())
	elif isinstance(value, str):
		text = value.strip()
		if not re.fullmatch(r"\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d{1,6})?)?)?", text):
			return None
		try:
			moment = datetime.datetime.fromisoformat(text)
		except ValueError:
			return None
	else:
		return None
	if moment.tzinfo is not None or not YEAR_MIN <= moment.year <= YEAR_MAX:
		return None
	return moment


def int_problem(value) -> str | None:
	if isinstance(value, bool):
		return None
	if isinstance(value, float):
		if not math.isfinite(value) or not value.is_integer():
			return INT
		value = int(value)
	elif isinstance(value, str):
		text = value.strip()
		if not _INT_TEXT.fullmatch(text):
			return INT
		value = int(text.split(".")[0])
	elif not isinstance(value, int):
		return INT
	return None if INT_MIN <= value <= INT_MAX else RANGE


def number_problem(value) -> str | None:
	if isinstance(value, bool):
		return None
	if isinstance(value, str):
		text = value.strip()
		if not _NUMBER_TEXT.fullmatch(text):
			return NUMBER
		value = float(text)
	elif not isinstance(value, int | float):
		return NUMBER
	if not math.isfinite(value):
		return NUMBER
	return None if abs(value) < NUMBER_LIMIT else RANGE
