"""Rules of the members' portal that need no database.

placeholder_email("NM-000123")   -> "nm-000123@members.invalid"  (RFC 2606: never deliverable)
may_raise(raised_today=9, limit=10) -> True
photo_problem(size, "PNG")      -> None, "too_large" or "not_image"
pin(13.7563, 100.5018)          -> a GeoJSON FeatureCollection with one Point (or None when off the map)
"""

import datetime
import hashlib
import hmac
import json
import secrets

from stronger_together.ladder import transitions as T
from stronger_together.utils.dates import to_date

# A Frappe User needs an email; members have none. A reserved, non-deliverable domain (RFC 2606), and the
# member record's ID, not the mobile number: a user's ID shows wherever they acted (owner, the log's "acted
# by"), to people who may not read members' phone numbers.
PLACEHOLDER_DOMAIN = "members.invalid"

MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# The image formats Pillow detects that a phone sends, and the extension a stored photo gets
IMAGE_FORMATS: dict[str, str] = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}

TITLE_LENGTH = 140
DESCRIPTION_LENGTH = 4000
COMMENT_LENGTH = 1000

# Thailand and its waters, generously: a pin outside is a mistake, not a place the programme serves
LAT_RANGE = (5.0, 21.0)
LNG_RANGE = (97.0, 106.0)

CODE_DIGITS = 6
CODE_MINUTES = 10
CODE_TRIES = 5


def placeholder_email(member: str) -> str:
	"""The portal user's ID for the Network Member `member` (its record's name)."""
	local = "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in member.strip().lower())
	return f"{local}@{PLACEHOLDER_DOMAIN}"


def is_placeholder(email: str | None) -> bool:
	return bool(email) and email.lower().endswith("@" + PLACEHOLDER_DOMAIN)


def may_raise(raised_today: int, limit: int) -> bool:
	"""A member may raise another problem today while under the daily limit (a limit of 0 means none)."""
	return limit <= 0 or raised_today < limit


def photo_problem(size: int, detected_format: str | None) -> str | None:
	"""What is wrong with an uploaded photo: "too_large", "not_image", or None when it may be stored."""
	if size > MAX_PHOTO_BYTES:
		return "too_large"
	if not size or detected_format not in IMAGE_FORMATS:
		return "not_image"
	return None


def pin(latitude, longitude) -> str | None:
	"""The issue's `location` (Frappe's Geolocation field: GeoJSON) for a map pin, or None when no pin was
	given. A pin outside Thailand raises ValueError."""
	if latitude in (None, "") and longitude in (None, ""):
		return None
	try:
		lat, lng = float(latitude), float(longitude)
	except (TypeError, ValueError):
		raise ValueError("not a coordinate") from None
	if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]):
		raise ValueError("outside Thailand")
	feature = {
		"type": "Feature",
		"properties": {},
		"geometry": {"type": "Point", "coordinates": [round(lng, 6), round(lat, 6)]},
	}
	return json.dumps({"type": "FeatureCollection", "features": [feature]})


def point_of(location: str | None) -> tuple[float, float] | None:
	"""(latitude, longitude) of the first Point of a Geolocation value, or None."""
	if not location:
		return None
	try:
		data = json.loads(location)
		for feature in data.get("features") or []:
			geometry = feature.get("geometry") or {}
			if geometry.get("type") == "Point":
				lng, lat = geometry["coordinates"][:2]
				return float(lat), float(lng)
	except (ValueError, TypeError, KeyError, AttributeError):
		return None
	return None


# ---- recurrence ---------------------------------------------------------------------------------

RECURRENCE_OPEN_STATES: frozenset[str] = T.OPEN_STATES | {T.REPORTED}


def recurrence_since(today, days: int) -> datetime.date:
	"""Issues resolved on or after this day still count as recent for recurrence."""
	return to_date(today) - datetime.timedelta(days=days)


def is_possible_recurrence(state: str, resolved_on, today, days: int) -> bool:
	"""An earlier issue (same category and sub-district) that a new one may repeat: still open (on a rung or
	with the government), or resolved within `days`."""
	if state in RECURRENCE_OPEN_STATES:
		return True
	return bool(resolved_on) and to_date(resolved_on) >= recurrence_since(today, days)


# ---- one-time login codes -----------------------------------------------------------------------


def new_code() -> str:
	return "".join(secrets.choice("0123456789") for _ in range(CODE_DIGITS))


def code_digest(user: str, code: str, secret: str) -> str:
	"""What is stored for a code: never the code itself."""
	return hmac.new(secret.encode(), f"{user}:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(user: str, code: str, secret: str, digest: str | None) -> bool:
	code = "".join(ch for ch in str(code or "") if ch.isdigit())
	if not digest or len(code) != CODE_DIGITS:
		return False
	return hmac.compare_digest(code_digest(user, code, secret), digest)
