"""Where a partner's report lies (pure): a postcode and an address line to a sub-district, and the stations
that serve a sub-district (the jurisdiction rule itself is `people.rules.in_jurisdiction`)."""

import re
from collections.abc import Iterable, Mapping

from stronger_together.people.rules import in_jurisdiction

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")
_SUBDISTRICT = re.compile(r"\d{6}")
SUBDISTRICT_PREFIXES = ("ตำบล", "แขวง", "ต.", "tambon", "khwaeng")
# what precedes a sub-district's or a district's name in an address line
_PREFIXES = (
	"ตำบล",
	"แขวง",
	"ต.",
	"อำเภอ",
	"เขต",
	"อ.",
	"tambon",
	"khwaeng",
	"amphoe",
	"khet",
	"sub-district",
	"subdistrict",
	"district",
)


def digits(text: str) -> str:
	"""Thai digits as Arabic ones (addresses are often written ๑๐๑๑๐)."""
	return (text or "").translate(_THAI_DIGITS)


def find_postcode(text: str) -> str | None:
	"""The last five-digit number of an address line (the postcode closes a Thai address)."""
	found = _POSTCODE.findall(digits(text))
	return found[-1] if found else None


def is_subdistrict_code(code: str) -> bool:
	return bool(_SUBDISTRICT.fullmatch(code or ""))


def normalise(name: str) -> str:
	"""A name as it is compared: lower case, without its prefix and without spaces."""
	text = "".join((name or "").lower().split())
	for prefix in _PREFIXES:
		if text.startswith(prefix) and len(text) > len(prefix):
			return text[len(prefix) :]
	return text


def _compact(text: str) -> str:
	return "".join((text or "").lower().split())


def _drop_contained(hits: list[tuple[Mapping, str]]) -> list[Mapping]:
	"""A name inside a longer matched name (บางรัก in บางรักน้อย) does not count."""
	return [
		c
		for c, name in hits
		if not any(other is not c and len(o) > len(name) and name in o for other, o in hits)
	]


def match_subdistrict(address: str, candidates: list[Mapping]) -> list[Mapping]:
	"""The candidates (sub-districts sharing the postcode) that the address line names.

	A candidate is a mapping with `name_th`, `name_en` and its district's `district_th`, `district_en`.
	A single candidate needs no name. Several: those named after a sub-district prefix (ตำบล, แขวง, ต.,
	Tambon, Khwaeng) if any is; else those whose Thai or English name appears anywhere, narrowed to those
	whose district is named too when that leaves more than one."""
	if len(candidates) <= 1:
		return list(candidates)
	line = _compact(address)

	def names(c, *keys):
		return [n for n in (normalise(c.get(k) or "") for k in keys) if n]

	def matches(prefixes):
		found = []
		for c in candidates:
			for name in names(c, "name_th", "name_en"):
				if any(p + name in line for p in prefixes):
					found.append((c, name))
		return _drop_contained(found)

	hits = matches(SUBDISTRICT_PREFIXES) or matches(("",))
	if len(hits) > 1:
		in_district = [c for c in hits if any(n in line for n in names(c, "district_th", "district_en"))]
		if in_district:
			hits = in_district
	return list({id(c): c for c in hits}.values())


def stations_serving(
	subdistrict: str, district: str | None, rows_by_station: Mapping[str, Iterable[tuple]]
) -> list[str]:
	"""The stations whose jurisdiction serves `subdistrict`; a station that names the sub-district itself
	comes before one that serves its whole district (the more specific row wins)."""
	rows_by_station = {s: list(rows) for s, rows in rows_by_station.items()}
	serving = sorted(s for s, rows in rows_by_station.items() if in_jurisdiction(subdistrict, district, rows))
	specific = [s for s in serving if any(sub == subdistrict for _d, sub in rows_by_station[s])]
	return specific or serving
