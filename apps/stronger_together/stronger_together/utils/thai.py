"""Thai-specific helpers that need no database."""

import datetime
import re

BE_OFFSET = 543

THAI_MONTHS = (
	"มกราคม",
	"กุมภาพันธ์",
	"มีนาคม",
	"เมษายน",
	"พฤษภาคม",
	"มิถุนายน",
	"กรกฎาคม",
	"สิงหาคม",
	"กันยายน",
	"ตุลาคม",
	"พฤศจิกายน",
	"ธันวาคม",
)

_POSTCODE = re.compile(r"^\d{5}$")


def split_postcodes(value: str | tuple | list | None) -> list[str]:
	"""Split a postcode string such as "10200 10300" (or a list) into unique 5-digit codes, in order."""
	if not value:
		return []
	parts = value.split() if isinstance(value, str) else [str(p).strip() for p in value]
	out: list[str] = []
	for part in parts:
		for code in re.split(r"[,;/\s]+", part):
			if not code:
				continue
			if not _POSTCODE.match(code):
				raise ValueError(f"Not a Thai postcode: {code!r}")
			if code not in out:
				out.append(code)
	return out


def be_year(year: int) -> int:
	return year + BE_OFFSET


def format_be_date(value: datetime.date | datetime.datetime | str | None, long: bool = False) -> str:
	"""1 March 2022 -> "01/03/2565", or with long=True "1 มีนาคม 2565"."""
	if not value:
		return ""
	if isinstance(value, str):
		value = datetime.date.fromisoformat(value[:10])
	if long:
		return f"{value.day} {THAI_MONTHS[value.month - 1]} {be_year(value.year)}"
	return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"


def format_be_month(year: int, month: int) -> str:
	"""(2022, 3) -> "03/2565"."""
	return f"{month:02d}/{be_year(year)}"
