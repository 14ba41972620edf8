"""A member raises a problem: it becomes a Community Issue at their station, with them as reporter.

What the member typed is stripped of HTML; photos are checked by their content (Pillow), not their name;
a member raises at most `raise_limit_per_day` problems a day. The issue then is on the ladder like any other
(the station committee's chairs are notified by the controller).
"""

import io

import frappe
from frappe import _
from frappe.utils import escape_html, nowdate, strip_html

from stronger_together import settings
from stronger_together.portal import rules
from stronger_together.portal.views import subdistrict_choices

SOURCE = "Portal"


class RaiseLimitReached(frappe.ValidationError):
	http_status_code = 429


class PhotoRefused(frappe.ValidationError):
	pass


class ProblemIncomplete(frappe.ValidationError):
	pass


def clean(value, length: int) -> str:
	"""Plain text from what a member typed: no HTML, trimmed, at most `length` characters."""
	text = strip_html(str(value or "")).replace("\r\n", "\n").strip()
	return text[:length]


def raised_today(member: str) -> int:
	return frappe.db.count(
		"Community Issue",
		{"reporter": member, "source": SOURCE, "creation": (">=", nowdate())},
	)


def check_limit(member: str) -> None:
	limit = settings.get().raise_limit_per_day
	if not rules.may_raise(raised_today(member), limit):
		frappe.throw(
			_(
				"You have raised {0} problems today, the most allowed in one day. Please raise this one tomorrow."
			).format(limit),
			RaiseLimitReached,
			title=_("Daily Limit Reached"),
		)


def read_photos(files: list) -> list[tuple[str, bytes]]:
	"""[(file name, content)] of the uploads after checking them: at most MAX_PHOTOS, each an image (by its
	content) of at most MAX_PHOTO_BYTES. `files` are werkzeug FileStorage objects (or (name, bytes))."""
	from PIL import Image

	files = [f for f in files if f]
	if len(files) > rules.MAX_PHOTOS:
		frappe.throw(
			_("At most {0} photos can be attached to a problem.").format(rules.MAX_PHOTOS),
			PhotoRefused,
			title=_("Too Many Photos"),
		)
	out = []
	for i, f in enumerate(files, start=1):
		content = f[1] if isinstance(f, tuple) else f.stream.read(rules.MAX_PHOTO_BYTES + 1)
		detected = None
		if content and len(content) <= rules.MAX_PHOTO_BYTES:
			try:
				with Image.open(io.BytesIO(content)) as image:
					detected = image.format
					image.verify()
			except Exception:
				detected = None
		problem = rules.photo_problem(len(content or b""), detected)
		if problem == "too_large":
			frappe.throw(
				_("Photo {0} is larger than {1} MB.").format(i, rules.MAX_PHOTO_BYTES // (1024 * 1024)),
				PhotoRefused,
				title=_("Photo Too Large"),
			)
		if problem == "not_image":
			frappe.throw(
				_("File {0} is not a photo (JPEG, PNG, WebP or GIF).").format(i),
				PhotoRefused,
				title=_("Not a Photo"),
			)
		out.append((f"photo-{i}.{rules.IMAGE_FORMATS[detected]}", content))
	return out


def raise_problem(
	member,
	title: str,
	category: str,
	subdistrict: str,
	description: str | None = None,
	latitude=None,
	longitude=None,
	photos: list | None = None,
) -> str:
	"""Raise a problem as `member` (the session user is their portal user). Returns the new issue's name."""
	check_limit(member.name)
	title = clean(title, rules.TITLE_LENGTH)
	text = clean(description, rules.DESCRIPTION_LENGTH)
	if not title:
		frappe.throw(_("Give the problem a short title."), ProblemIncomplete, title=_("Title Missing"))
	options = frappe.get_meta("Community Issue").get_field("category").options.split("\n")
	if category not in options or not category:
		frappe.throw(_("Choose the kind of problem."), ProblemIncomplete, title=_("Category Missing"))
	if subdistrict not in {c["value"] for c in subdistrict_choices(member.station)}:
		frappe.throw(
			_("Choose a sub-district that your station serves."),
			ProblemIncomplete,
			title=_("Sub-district Missing"),
		)
	try:
		location = rules.pin(latitude, longitude)
	except ValueError:
		frappe.throw(_("The map pin is not in Thailand."), ProblemIncomplete, title=_("Map Pin"))
	point = rules.point_of(location)
	checked = read_photos(photos or [])
	issue = frappe.get_doc(
		{
			"doctype": "Community Issue",
			"title": title,
			"category": category,
			"station": member.station,
			"subdistrict": subdistrict,
			"reporter": member.name,
			"source": SOURCE,
			"description": "<p>" + escape_html(text).replace("\n", "<br>") + "</p>" if text else None,
			"location": location,
			# the same pin as numbers, as Open311 partners read it
			"latitude": point[0] if point else None,
			"longitude": point[1] if point else None,
		}
	)
	issue.insert(ignore_permissions=True)  # the member may raise at their own station (checked above)
	for file_name, content in checked:
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file_name,
				"content": content,
				"is_private": 1,
				"attached_to_doctype": "Community Issue",
				"attached_to_name": issue.name,
			}
		).insert(ignore_permissions=True)
	return issue.name
