"""The minutes (รายงานการประชุม): the meeting printed with its Thai print format, as a PDF, attached to the
meeting when it is submitted (by a job queued when the submit commits: rendering takes about 2 s that the chair
does not wait for, and the open form shows the PDF when it is attached). Rendered on its own (no site stylesheet to fetch), in Thai whatever the
language of the user who submits, with the government's margins (3 cm left, 2 cm right, 2.5 cm top)."""

from contextlib import contextmanager

import frappe
from frappe.utils.pdf import get_pdf

PRINT_FORMAT = "Committee Meeting Minutes"
DOCTYPE = "Committee Meeting"
PDF_OPTIONS = {
	"page-size": "A4",
	"margin-top": "25mm",
	"margin-bottom": "20mm",
	"margin-left": "30mm",
	"margin-right": "20mm",
}


@contextmanager
def thai():
	"""Render in Thai: the minutes are a Thai document, whoever submits them."""
	before = frappe.local.lang
	frappe.local.lang = "th"
	try:
		yield
	finally:
		frappe.local.lang = before


def html(meeting) -> str:
	template = frappe.db.get_value("Print Format", PRINT_FORMAT, "html")
	with thai():
		body = frappe.render_template(template, {"doc": meeting})
	return f'<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"></head><body>{body}</body></html>'


def pdf(meeting) -> bytes:
	return get_pdf(html(meeting), dict(PDF_OPTIONS))


def file_name(meeting) -> str:
	label = (meeting.meeting_label or meeting.name).replace("/", "-").replace(" ", "-")
	return f"{meeting.name}-{label}.pdf"


def queue_attach(meeting) -> None:
	"""After the submit commits (at once in tests): render and attach the minutes."""
	frappe.enqueue(
		"stronger_together.meetings.minutes.attach_submitted",
		queue="short",
		meeting=meeting.name,
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
	)


def attach_submitted(meeting: str) -> str | None:
	"""The job: attach the minutes of the submitted meeting `meeting` unless they are attached already."""
	doc = frappe.get_doc(DOCTYPE, meeting)
	if doc.docstatus != 1 or doc.minutes_pdf:
		return doc.minutes_pdf
	return attach(doc)


def attach(meeting) -> str:
	"""Attach the minutes PDF to the submitted meeting (a private File) and return its URL."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name(meeting),
			"attached_to_doctype": DOCTYPE,
			"attached_to_name": meeting.name,
			"attached_to_field": "minutes_pdf",
			"is_private": 1,
			"content": pdf(meeting),
		}
	)
	file.flags.ignore_permissions = True
	file.insert()
	meeting.db_set("minutes_pdf", file.file_url, update_modified=False, notify=True)
	return file.file_url
