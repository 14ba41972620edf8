"""Rules about network members, officers and training that need no database.

National ID check digit (python-stdnum), Thai mobile numbers, the member quota and coverage,
jurisdiction membership, overlapping training batches and what a training batch does to a person.
The Frappe layer (DocType controllers, `people_import`) turns the answers into translated errors.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable

from stdnum.exceptions import ValidationError
from stdnum.th import pin

MEMBER_CATEGORIES: tuple[str, ...] = (
	"Natural Leader",
	"Local-Area Leader",
	"Local-Government Leader",
	"Other",
)
MEMBER_STATUSES: tuple[str, ...] = ("Candidate", "Trained", "Active", "Inactive")
# Members counted against a station's quota: everyone who has not left the network
COUNTED_STATUSES: tuple[str, ...] = ("Candidate", "Trained", "Active")
QUOTA_MODES: tuple[str, ...] = ("Soft", "Hard")

_MOBILE = re.compile(r"0[689][0-9]{8}")


def ascii_digits(text: str) -> str:
	"""Any script's decimal digits (Thai ๐-๙, full-width ０-９, ...) as ASCII 0-9; other characters unchanged."""
	return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


# --- National ID ---------------------------------------------------------------------------


def clean_national_id(value: str | None) -> str | None:
	"""The 13-digit ID without separators, or None when it is not a valid Thai national ID."""
	if not value:
		return None
	try:
		return pin.validate(ascii_digits(str(value).strip()))
	except ValidationError:
		return None


def national_id_with_check_digit(first_12: str) -> str:
	"""Complete 12 digits into a valid 13-digit ID (for generated demo and test data)."""
	if len(first_12) != 12 or not first_12.isdigit() or first_12[0] in "09":
		raise ValueError("need 12 digits, not starting with 0 or 9")
	return first_12 + pin.calc_check_digit(first_12)


# --- Mobile phone --------------------------------------------------------------------------


def normalise_mobile(value: str | None) -> str | None:
	"""A Thai mobile number as 10 digits starting 06/08/09, or None when it is not one.

	Accepts spaces, dashes, dots, brackets, the +66 / 66 / 0066 country prefix and Thai digits:
	"+66 81 234 5678", "081-234-5678", "๐๘๑๒๓๔๕๖๗๘" and "0812345678" all give "0812345678".
	"""
	if not value:
		return None
	text = ascii_digits(str(value).strip())
	if not re.fullmatch(r"[0-9\s\-.+()]+", text):
		return None
	digits = re.sub(r"[^0-9]", "", text)
	if text.startswith("+") or digits.startswith(("66", "0066")):
		digits = digits[4:] if digits.startswith("0066") else digits[2:] if digits.startswith("66") else None
		if digits is None:
			return None
		digits = "0" + digits.lstrip("0")
	return digits if _MOBILE.fullmatch(digits) else None


# --- Names ---------------------------------------------------------------------------------


def full_name(title: str | None, first_name: str | None, last_name: str | None) -> str:
	"""Thai style: the title is written against the first name ("นายสมชาย ใจดี")."""
	first = f"{(title or '').strip()}{(first_name or '').strip()}"
	return " ".join(part for part in (first, (last_name or "").strip()) if part)


# --- Quota and coverage --------------------------------------------------------------------


def coverage(members: int, quota: int) -> float:
	"""Members as a percentage of the quota (may exceed 100 with a soft quota); 0 without a quota."""
	if not quota or quota <= 0:
		return 0.0
	return round(100.0 * members / quota, 2)


def quota_allows(current: int, adding: int, quota: int, mode: str) -> bool:
	"""May a station holding `current` members take `adding` more?"""
	if mode not in QUOTA_MODES:
		raise ValueError(f"Unknown quota mode: {mode}")
	if mode == "Soft" or not quota or quota <= 0:
		return True
	return current + adding <= quota


def places_left(current: int, quota: int, mode: str) -> int | None:
	"""How many more members a station may take: None when unlimited (soft quota)."""
	if mode == "Soft" or not quota or quota <= 0:
		return None
	return max(quota - current, 0)


def rollup_quota(stations: int, members_per_station: int) -> int:
	"""The quota of a division or bureau: its stations times the per-station quota."""
	return max(stations, 0) * max(members_per_station, 0)


# --- Jurisdiction --------------------------------------------------------------------------


def in_jurisdiction(
	subdistrict: str, district: str | None, rows: Iterable[tuple[str | None, str | None]]
) -> bool:
	"""Is `subdistrict` (of `district`) served by a station with these (district, subdistrict) rows?

	A row names one sub-district, or a whole district when its sub-district is empty.
	"""
	for row_district, row_subdistrict in rows:
		if row_subdistrict:
			if row_subdistrict == subdistrict:
				return True
		elif row_district and row_district == district:
			return True
	return False


# --- Training batches ----------------------------------------------------------------------

DateLike = datetime.date | str


def _as_date(value: DateLike) -> datetime.date:
	if isinstance(value, datetime.datetime):
		return value.date()
	if isinstance(value, datetime.date):
		return value
	return datetime.date.fromisoformat(str(value)[:10])


def valid_range(start: DateLike, end: DateLike) -> bool:
	return _as_date(start) <= _as_date(end)


def ranges_overlap(a_start: DateLike, a_end: DateLike, b_start: DateLike, b_end: DateLike) -> bool:
	"""Do two inclusive date ranges share at least one day?"""
	return _as_date(a_start) <= _as_date(b_end) and _as_date(b_start) <= _as_date(a_end)


def duplicates(values: Iterable[str | None]) -> list[str]:
	"""Values that occur more than once (ignoring empty ones), in first-seen order."""
	seen: set[str] = set()
	repeated: list[str] = []
	for value in values:
		if not value:
			continue
		if value in seen and value not in repeated:
			repeated.append(value)
		seen.add(value)
	return repeated


TRAINING_FIELDS = ("status", "trained_on", "training_batch")


def after_training(current: dict, batch: str, trained_on: DateLike, audience: str) -> dict:
	"""The fields a passed attendee gets when `batch` is submitted.

	Members: a candidate becomes trained; a member already trained, active or inactive keeps the status
	(a refresher course must not demote anyone) but records the batch and date.
	Officers: the training status becomes Trained.
	"""
	if audience == "Officers":
		return {"training_status": "Trained", "trained_on": trained_on, "training_batch": batch}
	status = current.get("status") or "Candidate"
	return {
		"status": "Trained" if status == "Candidate" else status,
		"trained_on": trained_on,
		"training_batch": batch,
	}


def after_cancel(current: dict, saved: dict, batch: str) -> dict | None:
	"""What cancelling `batch` restores on one person: the values saved at submit, or None to leave
	them alone because a later batch has since trained the person."""
	if current.get("training_batch") != batch:
		return None
	return dict(saved)


# --- Roll-up over the unit tree ------------------------------------------------------------


def rollup_counts(
	parents: dict[str, str | None], own: dict[str, dict[str, int]]
) -> dict[str, dict[str, int]]:
	"""Sum each unit's own counts into every ancestor listed in `parents` (unit -> parent unit).

	Units missing from `parents` stop the climb (they are outside the tree being reported)."""
	totals: dict[str, dict[str, int]] = {unit: {} for unit in parents}
	for unit, counts in own.items():
		node, seen = unit, set()
		while node in parents and node not in seen:
			seen.add(node)
			bucket = totals[node]
			for key, value in counts.items():
				bucket[key] = bucket.get(key, 0) + value
			node = parents[node]
	return totals


TRAINED_STATUSES: tuple[str, ...] = ("Trained", "Active")


def member_figures(by_status: dict[str, int]) -> dict[str, int]:
	"""Members (counted against the quota) and trained members from counts by status."""
	return {
		"members": sum(by_status.get(s, 0) for s in COUNTED_STATUSES),
		"members_trained": sum(by_status.get(s, 0) for s in TRAINED_STATUSES),
		"candidates": by_status.get("Candidate", 0),
		"trained": by_status.get("Trained", 0),
		"active": by_status.get("Active", 0),
		"inactive": by_status.get("Inactive", 0),
	}
