"""A date from what the database, a form or a test hands over (pure: no database, no Frappe)."""

import datetime


def to_date(value) -> datetime.date:
	"""`value` as a date: a date-time's day, a date, or ISO text (a time after the date is ignored)."""
	if isinstance(value, datetime.datetime):
		return value.date()
	if isinstance(value, datetime.date):
		return value
	return datetime.date.fromisoformat(str(value)[:10])
