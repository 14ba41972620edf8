"""The Open311 GeoReport v2 standard's rules as plain data and pure functions (no database).

Errors are `Open311Error(code, Message)`: the HTTP status and a message the service translates (English by
default: the partners are systems; Thai with `locale=th`). Times go out in ISO 8601 with the site's offset
(+07:00) and come in as ISO 8601 / W3C date-times (`Z`, an offset, or none: then the site's time zone).

Statuses: the standard has `open` and `closed`; the ladder's richer state travels as an extension in
mySociety's style (`extended_attributes.detailed_status`, from mySociety's vocabulary of Open311 update
states, plus the exact `ladder_state` and `ladder_rung`).
"""

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass

from stronger_together.ladder import transitions as T


def _(message: str) -> str:
	"""Marks a message for translation (tools/check_translations.py finds it); the service translates it."""
	return message


SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
BASE_PATH = "/api/open311/v2"
FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MAX_RESULTS = 1000
WINDOW_DAYS = 90
MAX_DESCRIPTION = 4000  # the standard's limit
MAX_ADDRESS = 255
MAX_EXTERNAL_ID = 140
MAX_TITLE = 140
PRIORITIES = ("Low", "Medium", "High", "Urgent")
LOCALES = {"en": "en", "th": "th"}


@dataclass(frozen=True)
class Message:
	"""A translatable template and its arguments (arguments are translated too: rung and state names)."""

	template: str
	args: tuple = ()

	def render(self, translate=lambda s: s) -> str:
		return translate(self.template).format(*(translate(str(a)) for a in self.args))


class Open311Error(Exception):
	"""An error the standard's way: an HTTP status and a description."""

	def __init__(self, code: int, template: str, *args):
		super().__init__(template.format(*args))
		self.code = code
		self.message = Message(template, tuple(args))

	def body(self, translate=lambda s: s) -> list[dict]:
		return error_body(self.code, self.message.render(translate))


def error_body(code: int, description: str) -> list[dict]:
	"""The standard's error list: [{"code": 400, "description": "..."}] (XML: <errors><error>...)."""
	return [{"code": int(code), "description": description}]


def locale_of(value) -> str:
	"""`locale=th` / `th_TH` / `th-TH` -> "th"; anything else -> "en"."""
	text = str(value or "").strip().lower().replace("-", "_")
	return LOCALES.get(text.split("_")[0], "en")


# ---- text parameters ---------------------------------------------------------------------------


def text(value, name: str, max_length: int | None = None) -> str:
	"""A text parameter, stripped; numbers are taken as text; lists and objects are refused."""
	if value is None:
		return ""
	if isinstance(value, bool) or not isinstance(value, str | int | float):
		raise Open311Error(400, _("{0} must be text."), name)
	out = str(value).strip().replace("\x00", "")
	if max_length and len(out) > max_length:
		raise Open311Error(400, _("{0} is longer than {1} characters."), name, max_length)
	return out


def attributes(form: dict) -> dict[str, object]:
	"""The `attribute[code]` parameters of a POST (form-encoded), or an `attribute` object (JSON body)."""
	out: dict[str, object] = {}
	nested = form.get("attribute")
	if isinstance(nested, dict):
		out.update({str(k): v for k, v in nested.items()})
	for key, value in form.items():
		m = re.fullmatch(r"attribute\[([^\[\]]+)\](?:\[\])?", str(key))
		if m:
			out[m.group(1)] = value
	return out


def coordinates(lat, long) -> tuple[float | None, float | None]:
	"""`lat` and `long` (WGS84), both or neither."""
	lat_text, long_text = text(lat, "lat"), text(long, "long")
	if not lat_text and not long_text:
		return None, None
	if not lat_text or not long_text:
		raise Open311Error(400, _("lat and long must be sent together."))
	try:
		la, lo = float(lat_text), float(long_text)
	except ValueError:
		raise Open311Error(400, _("lat and long must be decimal degrees (WGS84).")) from None
	if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
		raise Open311Error(400, _("lat must lie between -90 and 90 and long between -180 and 180."))
	return la, lo


def priority(value) -> str | None:
	given = text(value, "attribute[priority]")
	if not given:
		return None
	for p in PRIORITIES:
		if p.lower() == given.lower():
			return p
	raise Open311Error(400, _("attribute[priority] must be one of {0}."), ", ".join(PRIORITIES))


def title_for(description: str, fallback: str) -> str:
	"""An issue's title: the description's first line, cut at a word if it is long, or the fallback."""
	for line in (description or "").splitlines():
		line = " ".join(line.split())
		if line:
			if len(line) <= MAX_TITLE:
				return line
			cut = line[: MAX_TITLE - 1].rsplit(" ", 1)[0] or line[: MAX_TITLE - 1]
			return cut + "…"
	return fallback[:MAX_TITLE]


# ---- dates -------------------------------------------------------------------------------------

_DATETIME = re.compile(
	r"(\d{4})-(\d{2})-(\d{2})"
	r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?"
	r"\s*(Z|z|[+-]\d{2}:?\d{2})?"
)


def parse_datetime(value, name: str, tz: dt.tzinfo) -> dt.datetime | None:
	"""An ISO 8601 / W3C date or date-time as a naive datetime in the site's time zone `tz`."""
	raw = text(value, name)
	if not raw:
		return None
	m = _DATETIME.fullmatch(raw)
	if not m:
		raise Open311Error(
			400, _("{0} is not an ISO 8601 date-time (for example 2026-01-31T08:00:00+07:00)."), name
		)
	year, month, day, hour, minute, second, fraction, offset = m.groups()
	try:
		if not 1900 <= int(year) <= 9998:
			raise ValueError
		value = dt.datetime(
			int(year),
			int(month),
			int(day),
			int(hour or 0),
			int(minute or 0),
			int(second or 0),
			int((fraction or "0")[:6].ljust(6, "0")),
		)
		if offset:
			if offset in ("Z", "z"):
				delta = dt.timedelta(0)
			else:
				digits = offset[1:].replace(":", "")
				hours, minutes = int(digits[:2]), int(digits[2:])
				if hours > 23 or minutes > 59:
					raise ValueError
				delta = dt.timedelta(hours=hours, minutes=minutes) * (-1 if offset[0] == "-" else 1)
			value = value.replace(tzinfo=dt.timezone(delta)).astimezone(tz).replace(tzinfo=None)
	except (ValueError, OverflowError):
		raise Open311Error(400, _("{0} is not a valid date-time."), name) from None
	return value


def format_datetime(value, tz: dt.tzinfo) -> str | None:
	"""A naive site-time datetime (or date) as ISO 8601 with the site's offset: 2026-01-31T08:00:00+07:00."""
	if value is None or value == "":
		return None
	if isinstance(value, str):  # as the database writes them: 2026-01-31, 2026-01-31 08:00:00[.ffffff]
		value = dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.fromisoformat(value)
	if not isinstance(value, dt.datetime):
		value = dt.datetime.combine(value, dt.time(23, 59, 59))
	if value.tzinfo is None:
		return value.replace(tzinfo=tz, microsecond=0).isoformat()
	return value.astimezone(tz).replace(microsecond=0).isoformat()


def window(
	start: dt.datetime | None, end: dt.datetime | None, now: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
	"""The requested_datetime range: the most recent 90 days unless given; never more than 90 days."""
	span = dt.timedelta(days=WINDOW_DAYS)
	if start is None and end is None:
		return now - span, now
	if start is None:
		return end - span, end
	if end is None:
		return start, start + span
	if start > end:
		raise Open311Error(400, _("start_date must not be after end_date."))
	if end - start > span:
		raise Open311Error(400, _("start_date and end_date may not span more than {0} days."), WINDOW_DAYS)
	return start, end


# ---- filters -----------------------------------------------------------------------------------


def id_list(value, name: str = "service_request_id") -> list[str]:
	"""A comma-separated list of ids (at most 1,000)."""
	items = [i.strip() for i in text(value, name).split(",") if i.strip()]
	if len(items) > MAX_RESULTS:
		raise Open311Error(400, _("{0} lists more than {1} ids."), name, MAX_RESULTS)
	for item in items:
		if len(item) > 140:
			raise Open311Error(400, _("{0} holds an id longer than 140 characters."), name)
	return list(dict.fromkeys(items))


# ---- services: the issue categories ------------------------------------------------------------

# A service's group (the standard's `group`): categories of safety, and of the community's life
SAFETY, COMMUNITY, OTHER = _("Safety"), _("Community"), _("Other")
CATEGORY_GROUP = {
	"Crime": SAFETY,
	"Drugs": SAFETY,
	"Traffic and Road Safety": SAFETY,
	"Public Order": SAFETY,
	"Livelihood": COMMUNITY,
	"Culture": COMMUNITY,
	"Tourism": COMMUNITY,
	"Environment": COMMUNITY,
}


@functools.lru_cache(maxsize=256)
def service_code(category: str) -> str:
	""" "Traffic and Road Safety" -> "traffic-and-road-safety": stable, URL-safe codes."""
	return re.sub(r"[^a-z0-9]+", "-", category.lower()).strip("-")


def group_of(category: str) -> str:
	return CATEGORY_GROUP.get(category, OTHER)


def service_codes(categories) -> dict[str, str]:
	"""service_code -> category, in the categories' order."""
	return {service_code(c): c for c in categories}


def categories_for(value, codes: dict[str, str]) -> list[str]:
	"""The `service_code` filter (comma-separated) as categories; an unknown code is an error."""
	out = []
	for code in id_list(value, "service_code"):
		if code not in codes:
			raise Open311Error(400, _("service_code {0} is not a service of this endpoint."), code)
		out.append(codes[code])
	return out


# ---- statuses: the ladder's states -------------------------------------------------------------

OPEN, CLOSED = "open", "closed"
# Waiting on a committee, or on the government: open. Resolved (the reporter may still reopen it), closed
# or rejected: closed.
OPEN_STATUS_STATES: frozenset[str] = frozenset({*T.OPEN_STATES, T.REPORTED})
# mySociety's Open311 update states (open, investigating, internal_referral, fixed, closed,
# not_councils_responsibility, ...), one for each state of the ladder
DETAILED_STATUS: dict[str, str] = {
	T.RUNG_STATE["Station"]: "open",
	**{state: "internal_referral" for rung, state in T.RUNG_STATE.items() if rung != "Station"},
	T.REPORTED: "internal_referral",
	T.RESOLVED: "fixed",
	T.CLOSED: "closed",
	T.REJECTED: "not_councils_responsibility",
}


def status_of(state: str) -> str:
	return OPEN if state in OPEN_STATUS_STATES else CLOSED


def detailed_status(state: str) -> str:
	return DETAILED_STATUS.get(state, status_of(state))


def states_for(value) -> list[str] | None:
	"""The `status` filter (open, closed; comma-separated) as ladder states; None for every state."""
	wanted = {s.lower() for s in id_list(value, "status")}
	unknown = wanted - {OPEN, CLOSED}
	if unknown:
		raise Open311Error(
			400,
			_("status must be open or closed (or both, comma-separated), not {0}."),
			", ".join(sorted(unknown)),
		)
	if not wanted or wanted == {OPEN, CLOSED}:
		return None
	return [s for s in T.STATES if status_of(s) in wanted]


def status_note(
	action: str | None, to_state: str | None, from_rung: str | None, to_rung: str | None
) -> Message | None:
	"""The public note on an issue's latest step: what happened and which committee holds it, in fixed
	words. Never the reason or resolution typed by a chair, nor any name."""
	if action == T.RAISE:
		return Message(_("Received by the {0} committee."), (to_rung or "Station",))
	if action == T.ACCEPT:
		return Message(_("Taken up by the {0} committee."), (to_rung or from_rung,))
	if action == T.ESCALATE:
		if to_state == T.REPORTED:
			return Message(_("Reported to the government for a national solution."))
		return Message(_("Escalated to the {0} committee."), (to_rung,))
	if action == T.RETURN:
		return Message(_("Returned to the {0} committee."), (to_rung,))
	if action == T.RESOLVE:
		return Message(_("Resolved by the {0} committee."), (from_rung,))
	if action == T.REOPEN:
		return Message(_("Reopened with the {0} committee."), (to_rung,))
	if action == T.CLOSE:
		return Message(_("Closed."))
	if action == T.REJECT:
		return Message(_("Closed by the {0} committee: not a matter for this programme."), (from_rung,))
	return None
