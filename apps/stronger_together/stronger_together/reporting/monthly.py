"""Monthly Unit Reports: computing, drafting and rolling up (database side of rollup.py).

Stations' figures come from their Community Issues; divisions, bureaus and national HQ add up the
SUBMITTED reports of the units directly below them. A submitted report is never recomputed.
"""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from stronger_together import settings
from stronger_together.ladder.transitions import OPEN_STATES
from stronger_together.people.queries import subtree_filter
from stronger_together.people.rules import TRAINED_STATUSES, member_figures
from stronger_together.permissions.documents import unit_visible
from stronger_together.permissions.scope import get_scope
from stronger_together.reporting import rollup

DOCTYPE = "Monthly Unit Report"

ISSUE_FIELDS = (
	"station",
	"category",
	"raised_on",
	"workflow_state",
	"current_rung",
	"is_overdue",
	"resolved_on",
	"resolved_at_rung",
	"reported_to_government_on",
)

# Bottom-up order in which reports are drafted, so each level can add up the one below
UNIT_ORDER = ("Station", "Division", "Bureau", "National HQ")


def issue_rows(start, end, stations: list[str] | None = None) -> list[dict]:
	"""The Community Issues that can count in the period [start, end] (see rollup.classify).

	Raised in the period, still open, resolved or reported since its start: four conditions on four indexed
	columns, read as a UNION of four index ranges rather than one OR that would scan the whole table."""
	if stations is not None and not stations:
		return []
	values = {"start": start, "end": end, "open": tuple(OPEN_STATES), "stations": tuple(stations or ())}
	at = " and station in %(stations)s" if stations is not None else ""
	columns = ", ".join(f"`{f}`" for f in ISSUE_FIELDS)
	# the index each part reads; the date ranges are named, as MariaDB otherwise scans the table when a
	# young site's statistics make a recent range look large (seen for resolved_on at 120,000 issues)
	parts = (
		("force index (raised_on_index)", "raised_on between %(start)s and %(end)s"),
		("", "workflow_state in %(open)s and raised_on < %(start)s"),
		("force index (resolved_on_index)", "resolved_on >= %(start)s and raised_on < %(start)s"),
		(
			"force index (reported_to_government_on_index)",
			"reported_to_government_on >= %(start)s and raised_on < %(start)s",
		),
	)
	sql = " union ".join(
		f"(select name, {columns} from `tabCommunity Issue` {index} where {p}{at})" for index, p in parts
	)
	return frappe.db.sql(sql, values, as_dict=True)


def station_figures_bulk(year: int, month: int, stations: list[str] | None = None) -> dict[str, dict]:
	"""{station: {"totals", "by_category"}} from one read of the month's issues."""
	start, end = rollup.period_of(year, month)
	per_station: dict[str, list[dict]] = {}
	for row in issue_rows(start, end, stations):
		per_station.setdefault(row.station, []).append(row)
	return {station: rollup.station_figures(rows, start, end) for station, rows in per_station.items()}


def member_counts(stations: list[str] | None = None) -> dict[str, dict[str, int]]:
	"""{station: {"members_active": n, "members_trained": n}} from Network Member (people.rules.member_figures)."""
	filters = {"status": ("in", TRAINED_STATUSES)}
	if stations is not None:
		if not stations:
			return {}
		filters["station"] = ("in", stations)
	by_station: dict[str, dict[str, int]] = {}
	for row in frappe.get_all(
		"Network Member",
		filters=filters,
		fields=["station", "status", "count(*) as n"],
		group_by="station, status",
	):
		by_station.setdefault(row.station, {})[row.status] = int(row.n)
	out = {}
	for station, statuses in by_station.items():
		figures = member_figures(statuses)
		out[station] = {"members_active": figures["active"], "members_trained": figures["members_trained"]}
	return out


def meeting_counts(year: int, month: int, units: list[str] | None = None) -> dict[str, dict[str, int]]:
	"""{police unit: {"meetings_held": n, "resolutions_made": k}} from the submitted Committee Meetings of the
	unit's own committee dated in the month (a resolution: a decision on an issue on the agenda)."""
	if units is not None and not units:
		return {}
	start, end = rollup.period_of(year, month)
	unit_filter = "and m.police_unit in %(units)s" if units is not None else "and m.police_unit is not null"
	rows = frappe.db.sql(
		f"""select m.police_unit, count(distinct m.name) as meetings,
			count(a.name) as resolutions
		from `tabCommittee Meeting` m
		left join `tabCommittee Meeting Agenda Item` a on a.parent = m.name
			and a.parenttype = 'Committee Meeting' and a.item_type = 'Issue' and ifnull(a.resolution, '') != ''
		where m.docstatus = 1 and m.meeting_date between %(start)s and %(end)s {unit_filter}
		group by m.police_unit""",
		{"start": start, "end": end, "units": tuple(units or ())},
		as_dict=True,
	)
	return {
		r.police_unit: {"meetings_held": int(r.meetings), "resolutions_made": int(r.resolutions)}
		for r in rows
	}


def child_units(unit: str) -> list[str]:
	return frappe.get_all(
		"Police Unit", filters={"parent_police_unit": unit, "disabled": 0}, pluck="name", order_by="name"
	)


def report_as_figures(report: dict, categories: list[dict]) -> dict:
	return {
		"totals": {f: report.get(f) or 0 for f in rollup.ALL_FIGURES},
		"by_category": {
			c["category"]: {f: c.get(f) or 0 for f in rollup.CATEGORY_FIGURES} for c in categories
		},
	}


def submitted_children(unit: str, year: int, month: int) -> tuple[list[dict], list[str], list[str]]:
	"""(figures of each submitted child report, children expected, children missing)."""
	expected = child_units(unit)
	if not expected:
		return [], [], []
	reports = frappe.get_all(
		DOCTYPE,
		filters={"police_unit": ("in", expected), "year": year, "month": month, "docstatus": 1},
		fields=["name", "police_unit", *rollup.ALL_FIGURES],
	)
	categories: dict[str, list[dict]] = {}
	if reports:
		for row in frappe.get_all(
			"Monthly Unit Report Category",
			filters={"parent": ("in", [r.name for r in reports]), "parenttype": DOCTYPE},
			fields=["parent", "category", *rollup.CATEGORY_FIGURES],
		):
			categories.setdefault(row.parent, []).append(row)
	reported = {r.police_unit for r in reports}
	figures = [report_as_figures(r, categories.get(r.name, [])) for r in reports]
	return figures, expected, [u for u in expected if u not in reported]


NARRATIVE_FIELDS = ("problems_and_obstacles", "area_needs")


def children_narratives(unit: str, year: int, month: int) -> dict[str, str]:
	"""The problems and needs written in the submitted reports of the units directly below `unit`,
	one line per unit ("unit: text"), for a roll-up report to start from."""
	rows = frappe.get_all(
		DOCTYPE,
		filters={"parent_unit": unit, "year": year, "month": month, "docstatus": 1},
		fields=["police_unit", *NARRATIVE_FIELDS],
		order_by="police_unit asc",
	)
	return {
		field: "\n".join(
			f"{r.police_unit}: {r.get(field).strip()}" for r in rows if (r.get(field) or "").strip()
		)
		for field in NARRATIVE_FIELDS
	}


def compute(
	doc, station_figures: dict | None = None, members: dict | None = None, meetings: dict | None = None
) -> dict:
	"""The figures a draft report should hold now: {"totals", "by_category", "units": {...}}."""
	if meetings is None:
		meetings = meeting_counts(doc.year, doc.month, [doc.police_unit]).get(doc.police_unit)
	if doc.unit_type == "Station":
		if station_figures is None:
			station_figures = station_figures_bulk(doc.year, doc.month, [doc.police_unit]).get(
				doc.police_unit
			)
		if members is None:
			members = member_counts([doc.police_unit]).get(doc.police_unit)
		figures = rollup.add_up([station_figures or {}])
		figures["totals"].update(members or {})
		figures["totals"]["members_quota"] = settings.quota()[0]
		rollup.add_own_meetings(figures, meetings)
		figures["units"] = {"units_expected": 0, "units_reported": 0, "units_missing": ""}
		return figures
	children, expected, missing = submitted_children(doc.police_unit, doc.year, doc.month)
	figures = rollup.add_own_meetings(rollup.add_up(children), meetings)
	figures["units"] = {
		"units_expected": len(expected),
		"units_reported": len(expected) - len(missing),
		"units_missing": "\n".join(missing),
	}
	return figures


def figures_of(doc) -> dict:
	"""The figures a report holds now, in the shape `compute` returns."""
	out = report_as_figures(doc.as_dict(), [row.as_dict() for row in doc.by_category])
	out["units"] = {
		f: doc.get(f) or (0 if f != "units_missing" else "")
		for f in ("units_expected", "units_reported", "units_missing")
	}
	return out


def apply(doc, figures: dict) -> bool:
	"""Write `figures` into the report; return whether anything changed."""
	if _normalised(figures_of(doc)) == _normalised(figures):
		return False
	for name, value in figures["totals"].items():
		doc.set(name, value)
	for name, value in figures["units"].items():
		doc.set(name, value)
	doc.set("by_category", [])
	for category in sorted(figures["by_category"]):
		doc.append("by_category", {"category": category, **figures["by_category"][category]})
	doc.training_coverage = rollup.coverage(doc.members_trained or 0, doc.members_quota or 0)
	return True


def _normalised(figures: dict) -> tuple:
	totals = tuple(sorted((k, int(v or 0)) for k, v in figures["totals"].items()))
	cats = tuple(
		sorted(
			(c, tuple(sorted((k, int(v or 0)) for k, v in f.items())))
			for c, f in figures["by_category"].items()
			if any(f.values())
		)
	)
	units = tuple(sorted((k, str(v or "")) for k, v in figures["units"].items()))
	return totals, cats, units


def draft_previous_month():
	"""Scheduled on the 1st of every month: draft every unit's report on the month just ended."""
	year, month = rollup.previous_month(getdate(nowdate()))
	return draft_reports(year, month)


def draft_reports(
	year: int,
	month: int,
	unit_types: tuple[str, ...] = UNIT_ORDER,
	under: str | None = None,
	commit: bool = True,
) -> dict[str, int]:
	"""Create (or refresh) the draft report of every active unit (of `under`'s subtree) for (year, month).

	Idempotent: an existing draft is saved only if its figures changed; submitted reports are frozen.
	"""
	year, month = int(year), int(month)
	rollup.period_of(year, month)  # validates the month
	unit_filters = [["disabled", "=", 0], *(subtree_filter(under) if under else [])]
	existing = {
		r.police_unit: r
		for r in frappe.get_all(
			DOCTYPE,
			filters={"year": year, "month": month, "docstatus": ("<", 2)},
			fields=["name", "police_unit", "docstatus"],
		)
	}
	counts = {"created": 0, "updated": 0, "unchanged": 0, "frozen": 0}
	stations = None
	if under:
		stations = frappe.get_all(
			"Police Unit", filters=[*unit_filters, ["unit_type", "=", "Station"]], pluck="name"
		)
	stations_figures = station_figures_bulk(year, month, stations) if "Station" in unit_types else {}
	members = member_counts(stations) if "Station" in unit_types else {}
	meetings = meeting_counts(year, month)
	for unit_type in UNIT_ORDER:
		if unit_type not in unit_types:
			continue
		units = frappe.get_all(
			"Police Unit",
			filters=[*unit_filters, ["unit_type", "=", unit_type]],
			pluck="name",
			order_by="lft",
		)
		for unit in units:
			current = existing.get(unit)
			if current and current.docstatus == 1:
				counts["frozen"] += 1
				continue
			if current:
				doc = frappe.get_doc(DOCTYPE, current.name)
			else:
				doc = frappe.new_doc(DOCTYPE)
				doc.update({"police_unit": unit, "unit_type": unit_type, "year": year, "month": month})
			doc.flags.precomputed = compute(
				doc, stations_figures.get(unit), members.get(unit, {}), meetings.get(unit, {})
			)
			if current:
				if apply(doc, doc.flags.precomputed):
					doc.save(ignore_permissions=True)
					counts["updated"] += 1
				else:
					counts["unchanged"] += 1
			else:
				doc.insert(ignore_permissions=True)
				counts["created"] += 1
	if commit:
		frappe.db.commit()
	return counts


def outstanding(
	year: int, month: int, under: str | None = None, today=None, visible_to: str | None = None
) -> list[dict]:
	"""Units whose report on (year, month) is missing, still a draft, or late (only those `visible_to` sees)."""
	year, month = int(year), int(month)
	units = frappe.get_all(
		"Police Unit",
		filters=[["disabled", "=", 0], *(subtree_filter(under) if under else [])],
		fields=["name", "unit_type", "parent_police_unit"],
		order_by="lft",
	)
	if visible_to:
		scope = get_scope(visible_to)
		units = [u for u in units if unit_visible(scope, u.name)]
	reports = {
		r.police_unit: r
		for r in frappe.get_all(
			DOCTYPE,
			filters={"year": year, "month": month, "docstatus": ("<", 2)},
			fields=["name", "police_unit", "docstatus", "submitted_on"],
		)
	}
	today = getdate(today or nowdate())
	out = []
	for unit in units:
		report = reports.get(unit.name)
		status = rollup.report_status(
			report.docstatus if report else None, report.submitted_on if report else None, today, year, month
		)
		if status == "Submitted":
			continue
		out.append(
			{
				"police_unit": unit.name,
				"unit_type": unit.unit_type,
				"parent_unit": unit.parent_police_unit,
				"report": report.name if report else None,
				"status": status,
			}
		)
	return out


PRINT_FORMAT = "Monthly Unit Report Thai"


def report_pdf(name: str) -> bytes:
	"""A report printed with its Thai print format, rendered on its own (no site stylesheet to fetch)."""
	from frappe.utils.pdf import get_pdf

	doc = frappe.get_doc(DOCTYPE, name)
	template = frappe.db.get_value("Print Format", PRINT_FORMAT, "html")
	body = frappe.render_template(template, {"doc": doc})
	html = f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"></head><body>{body}</body></html>'
	return get_pdf(html, {"page-size": "A4"})
