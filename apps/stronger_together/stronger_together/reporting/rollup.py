"""Monthly reporting arithmetic that needs no database.

A station's monthly figures are classified from its Community Issues; every report above a station
(division, bureau, national HQ) is the plain sum of its children's submitted reports.

Definitions (period = the calendar month reported on, both ends inclusive):
- received: raised in the period;
- solved_at_station: resolved in the period by the station committee;
- solved_above_station: resolved in the period by a committee above the station;
- escalated: raised in the period and already sent above the station;
- pending: raised by the end of the period and still open at the end of it;
- overdue: pending and past its rung's due date;
- reported_to_government: reported to the government in the period;
- meetings_held: submitted meetings of the unit's own committee dated in the period (a roll-up adds its
  units' figures to its own committee's);
- resolutions_made: the decisions on issues (resolve, escalate, return, defer) those meetings recorded.
"""

import calendar
import datetime
import statistics
from collections.abc import Iterable, Mapping

from stronger_together.ladder.transitions import NO_ANSWER, OPEN_STATES, RESOLVED, SOLVED
from stronger_together.people.rules import coverage
from stronger_together.utils.dates import to_date

ISSUE_FIGURES: tuple[str, ...] = (
	"issues_received",
	"issues_solved_at_station",
	"issues_solved_above_station",
	"issues_escalated",
	"issues_pending",
	"issues_overdue",
	"issues_reported_to_government",
)

# Figures kept per category (the child table rows)
CATEGORY_FIGURES: tuple[str, ...] = (
	"issues_received",
	"issues_solved_at_station",
	"issues_solved_above_station",
	"issues_escalated",
	"issues_pending",
	"issues_overdue",
)

OTHER_FIGURES: tuple[str, ...] = (
	"members_active",
	"members_trained",
	"members_quota",
	"meetings_held",
	"resolutions_made",
)
# Figures a unit's own committee adds to what its units report (a station's are all its own)
MEETING_FIGURES: tuple[str, ...] = ("meetings_held", "resolutions_made")

ALL_FIGURES: tuple[str, ...] = ISSUE_FIGURES + OTHER_FIGURES

# A unit's report for month M is due by this day of month M + 1; after it, an unsubmitted report is late
REPORT_DUE_DAY = 5


def _date(value) -> datetime.date | None:
	return to_date(value) if value else None


def period_of(year: int, month: int) -> tuple[datetime.date, datetime.date]:
	"""(2022, 2) -> (2022-02-01, 2022-02-28)."""
	if not 1 <= int(month) <= 12:
		raise ValueError(f"Month must be 1-12, not {month}")
	last = calendar.monthrange(int(year), int(month))[1]
	return datetime.date(int(year), int(month), 1), datetime.date(int(year), int(month), last)


def previous_month(today: datetime.date) -> tuple[int, int]:
	"""The (year, month) before the month of `today`."""
	first = _date(today).replace(day=1)
	prev = first - datetime.timedelta(days=1)
	return prev.year, prev.month


def due_date(year: int, month: int) -> datetime.date:
	"""The date by which the report on (year, month) must be submitted."""
	end = period_of(year, month)[1]
	return end + datetime.timedelta(days=REPORT_DUE_DAY)


def classify(issue: Mapping, start, end) -> set[str]:
	"""The figures one issue counts towards in the period [start, end].

	`issue` has raised_on, workflow_state, current_rung, is_overdue, resolved_on, resolved_at_rung,
	reported_to_government_on (as read from Community Issue).
	"""
	start, end = _date(start), _date(end)
	raised = _date(issue.get("raised_on"))
	resolved = _date(issue.get("resolved_on"))
	reported = _date(issue.get("reported_to_government_on"))
	out: set[str] = set()
	if not raised or raised > end:
		return out
	if raised >= start:
		out.add("issues_received")
		if issue.get("current_rung") not in (None, "", "Station") or issue.get("resolved_at_rung") not in (
			None,
			"",
			"Station",
		):
			out.add("issues_escalated")
	if resolved and start <= resolved <= end:
		if (issue.get("resolved_at_rung") or "Station") == "Station":
			out.add("issues_solved_at_station")
		else:
			out.add("issues_solved_above_station")
	if reported and start <= reported <= end:
		out.add("issues_reported_to_government")
	still_open = issue.get("workflow_state") in OPEN_STATES
	if still_open or (resolved and resolved > end) or (reported and reported > end):
		out.add("issues_pending")
		if still_open and issue.get("is_overdue"):
			out.add("issues_overdue")
	return out


def empty_figures(names: Iterable[str] = ALL_FIGURES) -> dict[str, int]:
	return {name: 0 for name in names}


def station_figures(issues: Iterable[Mapping], start, end) -> dict:
	"""Issue figures of one station for the period: {"totals": {...}, "by_category": {cat: {...}}}."""
	totals = empty_figures(ISSUE_FIGURES)
	by_category: dict[str, dict[str, int]] = {}
	for issue in issues:
		flags = classify(issue, start, end)
		if not flags:
			continue
		category = issue.get("category") or "Other"
		row = by_category.setdefault(category, empty_figures(CATEGORY_FIGURES))
		for flag in flags:
			totals[flag] += 1
			if flag in row:
				row[flag] += 1
	return {"totals": totals, "by_category": by_category}


def add_up(children: Iterable[Mapping]) -> dict:
	"""Sum children's reports: each is {"totals": {figure: n}, "by_category": {cat: {figure: n}}}."""
	totals = empty_figures(ALL_FIGURES)
	by_category: dict[str, dict[str, int]] = {}
	for child in children:
		for name, value in (child.get("totals") or {}).items():
			if name in totals:
				totals[name] += int(value or 0)
		for category, figures in (child.get("by_category") or {}).items():
			row = by_category.setdefault(category, empty_figures(CATEGORY_FIGURES))
			for name, value in figures.items():
				if name in row:
					row[name] += int(value or 0)
	return {"totals": totals, "by_category": by_category}


def add_own_meetings(figures: dict, own: Mapping | None) -> dict:
	"""Add the unit's own committee's meeting figures to a report's totals (in place; returns it)."""
	for name in MEETING_FIGURES:
		figures["totals"][name] = int(figures["totals"].get(name) or 0) + int((own or {}).get(name) or 0)
	return figures


def report_status(docstatus: int | None, submitted_on, today, year: int, month: int) -> str:
	"""Where a unit's report on (year, month) stands: Missing, Draft, Late, Submitted or Submitted Late."""
	due = due_date(year, month)
	today = _date(today)
	if docstatus is None:
		return "Missing"
	if docstatus == 1:
		submitted = _date(submitted_on)
		return "Submitted Late" if submitted and submitted > due else "Submitted"
	return "Late" if today > due else "Draft"


def rung_time_summary(rows: Iterable[Mapping]) -> list[dict]:
	"""Median and mean days per (bureau, rung) from transition rows {bureau, from_rung, days_on_rung}."""
	groups: dict[tuple[str, str], list[float]] = {}
	for row in rows:
		rung = row.get("from_rung")
		days = row.get("days_on_rung")
		if not rung or days is None:
			continue
		groups.setdefault((row.get("bureau") or "", rung), []).append(float(days))
	out = []
	for (bureau, rung), values in groups.items():
		out.append(
			{
				"bureau": bureau,
				"rung": rung,
				"transitions": len(values),
				"median_days": round(statistics.median(values), 2),
				"mean_days": round(statistics.fmean(values), 2),
				"max_days": round(max(values), 2),
			}
		)
	return out


ANSWER_COUNTS = ("asked", "waiting", "solved", "reopened", "no_answer")


def reporter_answers(groups: Iterable[Mapping]) -> dict[str, dict[str, int]]:
	"""Per unit, from groups of issues whose reporter was asked (`unit`, `workflow_state`, `reporter_answer`,
	`reporter_reopened`, `n`): asked, still waiting (resolved, no answer yet), answered solved, reopened by the
	reporter, and closed because nobody answered."""
	out: dict[str, dict[str, int]] = {}
	for g in groups:
		counts = out.setdefault(g["unit"] or "", dict.fromkeys(ANSWER_COUNTS, 0))
		n = int(g["n"])
		counts["asked"] += n
		counts["waiting"] += n if g["workflow_state"] == RESOLVED else 0
		counts["solved"] += n if g["reporter_answer"] == SOLVED else 0
		counts["reopened"] += n if g["reporter_reopened"] else 0
		counts["no_answer"] += n if g["reporter_answer"] == NO_ANSWER else 0
	return out
