"""Whitelisted endpoints of reporting: monthly reports, the national compilation, workspace cards."""

import frappe
from frappe import _

from stronger_together.reporting import compilation, dashboard, monthly

REPORT = "Monthly Unit Report"


@frappe.whitelist()
@frappe.read_only()
def get_outstanding(year: int, month: int, under: str | None = None) -> list[dict]:
	"""Late or missing monthly reports (for the units the user may read)."""
	frappe.has_permission(REPORT, "read", throw=True)
	if under:
		frappe.has_permission("Police Unit", "read", under, throw=True)
	return monthly.outstanding(int(year), int(month), under, visible_to=frappe.session.user)


@frappe.whitelist(methods=["POST"])
def draft_month(year: int, month: int) -> dict[str, int]:
	"""Draft every unit's report for (year, month) now (admins and national HQ only)."""
	frappe.only_for(("System Manager", "Stronger Together Admin", "National HQ Officer"))
	frappe.has_permission(REPORT, "create", throw=True)
	return monthly.draft_reports(int(year), int(month))


@frappe.whitelist(methods=["POST"])
def refresh_report(name: str) -> str:
	"""Recompute a draft report's figures from the issues (or its units' submitted reports)."""
	doc = frappe.get_doc(REPORT, name)
	doc.check_permission("write")
	if doc.docstatus != 0:
		frappe.throw(
			_("Report {0} is submitted: its figures are frozen. Amend it to correct them.").format(name)
		)
	doc.save()
	return doc.name


@frappe.whitelist()
@frappe.read_only()
def download_report_pdf(name: str) -> None:
	"""The monthly report as a Thai PDF (Buddhist Era dates)."""
	frappe.get_doc(REPORT, name).check_permission("print")
	frappe.local.response.filename = f"{name}.pdf".replace("/", "-")
	frappe.local.response.filecontent = monthly.report_pdf(name)
	frappe.local.response.type = "pdf"


def _check_compilation_permission():
	frappe.has_permission("Community Issue", "read", throw=True)
	if not frappe.get_doc("Report", "National Compilation for Government").is_permitted():
		frappe.throw(_("You may not read the national compilation."), frappe.PermissionError)


@frappe.whitelist()
@frappe.read_only()
def download_compilation_pdf(filters: str | dict | None = None) -> None:
	"""The national compilation as a Thai PDF (A4 landscape, Buddhist Era dates)."""
	_check_compilation_permission()
	frappe.local.response.filename = "national-compilation.pdf"
	frappe.local.response.filecontent = compilation.pdf_bytes(filters)
	frappe.local.response.type = "pdf"


@frappe.whitelist()
@frappe.read_only()
def download_compilation_xlsx(filters: str | dict | None = None) -> None:
	"""The national compilation as an XLSX workbook: the issues, then counts by category, bureau and province."""
	_check_compilation_permission()
	frappe.local.response.filename = "national-compilation.xlsx"
	frappe.local.response.filecontent = compilation.xlsx_bytes(filters)
	frappe.local.response.type = "binary"


@frappe.whitelist()
@frappe.read_only()
def training_coverage(filters: str | dict | None = None) -> dict:
	"""Number card: trained members against the quota of the stations the user covers, in percent."""
	frappe.has_permission("Network Member", "read", throw=True)
	return {
		"value": dashboard.training_coverage(),
		"fieldtype": "Percent",
		"route": ["query-report", "Monthly Roll-up"],
	}
