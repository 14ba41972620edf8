"""SLA clocks of the ladder (pure: no database).

Stronger Together Settings holds the days allowed on each rung as `sla_<rung>_days`
(sla_station_days ... sla_national_hq_days); `stronger_together.settings.sla_days()` reads them,
with the DocType's defaults, and passes them in here.
"""

from datetime import date, datetime, timedelta

from stronger_together.ladder.rungs import rung_index
from stronger_together.utils.dates import to_date


def setting_field(rung: str) -> str:
	rung_index(rung)
	return "sla_{}_days".format(rung.lower().replace(" ", "_"))


def due_date(since: date | datetime, days: int) -> date:
	"""The last day the rung may hold the issue: `days` calendar days after it arrived."""
	return to_date(since) + timedelta(days=days)


def days_on_rung(since: datetime, until: datetime) -> float:
	"""Days (to two decimals) between arriving on the rung and leaving it; never negative."""
	seconds = (until - since).total_seconds()
	return round(max(seconds, 0) / 86400, 2)


def is_overdue(due: date | None, today: date) -> bool:
	"""Overdue once the due date has passed (the due date itself is still on time)."""
	return due is not None and today > due


def days_overdue(due: date | None, today: date) -> int:
	return max((today - due).days, 0) if due else 0
