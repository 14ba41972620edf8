"""The national compilation for the government.

Lists the issues that reached national HQ and those reported to the government, grouped by
category and by bureau or province, with counts and details; as a Script Report, a Thai PDF
(wkhtmltopdf, Laksaman / TH Sarabun, Buddhist Era dates) and an XLSX workbook.
Issues are read through frappe.get_list, so the unit scoping of the permissions module applies.
"""

import json
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import now_datetime

from stronger_together.reporting.filters import be, date_filters
from stronger_together.utils.thai import format_be_date

GROUPINGS = ("Category", "Bureau", "Province")
STATUSES = ("Reached National HQ", "Reported to Government")
ISSUE_FIELDS = (
	"name",
	"title",
	"category",
	"priority",
	"station",
	"division",
	"bureau",
	"province",
	"district",
	"workflow_state",
	"current_rung",
	"raised_on",
	"reported_to_government_on",
	"description",
)


def _filters(filters) -> frappe._dict:
	try:
		filters = json.loads(filters or "{}") if isinstance(filters, str) else filters
	except ValueError:
		filters = None
	if filters and not isinstance(filters, dict):
		frappe.throw(
			_("The report's filters must be an object of filter names and values."), frappe.ValidationError
		)
	return frappe._dict(filters or {})


# Reported to the government: the date is set. Frappe writes "is set" on a Date as `!= ''`, which no index
# serves (at 1,000,000 issues the compilation scanned the table: 828 ms); any date after 1900 is the same
# rows as a range of the date's index, merged with the national rung's (29 ms).
REPORTED = ["Community Issue", "reported_to_government_on", ">", "1900-01-01"]


def get_issues(filters) -> list[dict]:
	"""Issues that reached national HQ or were reported to the government (unit-scoped)."""
	filters = _filters(filters)
	conditions = date_filters(filters)
	for field in ("bureau", "province", "category"):
		if filters.get(field):
			conditions.append(["Community Issue", field, "=", filters[field]])
	status = filters.get("status")
	if status == "Reported to Government":
		conditions.append(REPORTED)
		or_filters = None
	elif status == "Reached National HQ":
		conditions.append(["Community Issue", "workflow_state", "=", "At National HQ"])
		or_filters = None
	else:
		or_filters = [
			["Community Issue", "current_rung", "=", "National HQ"],
			REPORTED,
		]
	rows = frappe.get_list(
		"Community Issue",
		filters=conditions,
		or_filters=or_filters,
		fields=list(ISSUE_FIELDS),
		order_by="category asc, raised_on asc",
	)
	province_names = dict(frappe.get_all("Province", fields=["name", "province_name_th"], as_list=True))
	for row in rows:
		row.province_name = province_names.get(row.province, row.province or "")
		row.reported = 1 if row.reported_to_government_on else 0
		row.category_label = _(row.category or "Other")
		row.state_label = _(row.workflow_state or "")
		row.raised_on_be = be(row.raised_on)
		row.reported_on_be = be(row.reported_to_government_on)
		row.summary = frappe.utils.strip_html(row.description or "")[:300]
	return rows


def group_key(row: dict, grouping: str) -> str:
	if grouping == "Bureau":
		return row.bureau or ""
	if grouping == "Province":
		return row.province_name or ""
	return row.category_label


def count_by(rows: list[dict], grouping: str) -> list[dict]:
	"""[{group, total, at_national_hq, reported}] sorted by group."""
	out: dict[str, dict] = {}
	for row in rows:
		key = group_key(row, grouping)
		line = out.setdefault(key, {"group": key, "total": 0, "at_national_hq": 0, "reported": 0})
		line["total"] += 1
		if row.reported:
			line["reported"] += 1
		elif row.workflow_state == "At National HQ":
			line["at_national_hq"] += 1
	return sorted(out.values(), key=lambda r: r["group"])


def context(filters) -> dict:
	"""Everything the Thai print template needs."""
	filters = _filters(filters)
	grouping = filters.get("group_by") or "Category"
	if grouping not in GROUPINGS:
		frappe.throw(_("Cannot group by {0}.").format(grouping))
	rows = get_issues(filters)
	sections = {}
	for row in rows:
		sections.setdefault(group_key(row, grouping), []).append(row)
	period = ""
	if filters.get("from_date") or filters.get("to_date"):
		period = f"{format_be_date(filters.get('from_date'), long=True) or '...'} - {format_be_date(filters.get('to_date'), long=True) or '...'}"
	return {
		"_": _,
		"title": _("National Compilation for Government"),
		"generated_on": format_be_date(now_datetime(), long=True),
		"period": period,
		"grouping": _(grouping),
		"total": len(rows),
		"reported": sum(r.reported for r in rows),
		"at_national_hq": sum(1 for r in rows if r.workflow_state == "At National HQ" and not r.reported),
		"by_category": count_by(rows, "Category"),
		"by_bureau": count_by(rows, "Bureau"),
		"by_province": count_by(rows, "Province"),
		"sections": [{"group": key, "issues": sections[key]} for key in sorted(sections)],
	}


@contextmanager
def in_thai():
	"""The compilation goes to the Thai government: always written in Thai, whatever the user's language."""
	lang = frappe.local.lang
	frappe.local.lang = "th"
	try:
		yield
	finally:
		frappe.local.lang = lang


def render_html(filters) -> str:
	with in_thai():
		return frappe.render_template(
			"stronger_together/templates/national_compilation.html", context(filters)
		)


def pdf_bytes(filters) -> bytes:
	from frappe.utils.pdf import get_pdf

	return get_pdf(render_html(filters), {"orientation": "Landscape", "page-size": "A4"})


def xlsx_bytes(filters) -> bytes:
	from frappe.utils.xlsxutils import make_xlsx

	with in_thai():
		return _xlsx_bytes(filters, make_xlsx)


def _xlsx_bytes(filters, make_xlsx) -> bytes:
	ctx = context(filters)
	header = [
		_("Issue"),
		_("Title"),
		_("Category"),
		_("Station"),
		_("Division"),
		_("Bureau"),
		_("Province"),
		_("Status"),
		_("Raised On"),
		_("Reported to Government On"),
		_("Details"),
	]
	detail = [header]
	for section in ctx["sections"]:
		for r in section["issues"]:
			detail.append(
				[
					r.name,
					r.title,
					r.category_label,
					r.station,
					r.division,
					r.bureau,
					r.province_name,
					r.state_label,
					r.raised_on_be,
					r.reported_on_be,
					r.summary,
				]
			)

	rows: list[list] = [[ctx["title"]], [_("Generated On"), ctx["generated_on"]]]
	if ctx["period"]:
		rows.append([_("Raised Between"), ctx["period"]])
	for title, lines in (
		(_("Category"), ctx["by_category"]),
		(_("Bureau"), ctx["by_bureau"]),
		(_("Province"), ctx["by_province"]),
	):
		rows += [[], [title, _("Total"), _("At National HQ"), _("Reported to Government")]]
		rows += [[r["group"], r["total"], r["at_national_hq"], r["reported"]] for r in lines]
	rows += [[], *detail]
	return make_xlsx(rows, _("National Compilation")[:31]).getvalue()
