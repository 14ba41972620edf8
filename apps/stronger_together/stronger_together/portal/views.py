"""What a member's pages and messages show, in Thai: their own issues only, in plain words.

Every function takes the member (from `permissions.portal.portal_member`) and reads issues with
`reporter = member` only; one issue is shown only if the member reported it. Nothing here returns a
committee name, a person, an internal reason or who chaired (see `history`).
"""

import html
import re
from urllib.parse import quote

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate, strip_html

from stronger_together import settings
from stronger_together.ladder import transitions as T
from stronger_together.permissions import portal as access
from stronger_together.portal import history, rules
from stronger_together.utils.thai import format_be_date

LANG = "th"  # the members' portal speaks Thai
ISSUE_FIELDS = [
	"name",
	"title",
	"category",
	"workflow_state",
	"current_rung",
	"raised_on",
	"resolved_on",
	"resolved_at_rung",
	"subdistrict",
	"description",
	"location",
	"reporter_answer",
]


def t(message: str) -> str:
	return frappe._(message, lang=LANG)


def say(line: history.Line) -> str:
	"""One history line (or status) as a Thai sentence."""
	return t(line.message).format(committee=t(history.committee_phrase(line.rung)), text=line.text)


def issue_path(name: str) -> str:
	return f"/member/issue?name={quote(name)}"


def plain_text(value: str | None) -> str:
	"""Stored text (the description is HTML) as plain text; the page escapes it again on the way out."""
	text = re.sub(r"(?i)<br\s*/?>|</p>", "\n", value or "")
	return html.unescape(strip_html(text)).strip()


def answer_until(resolved_on) -> str:
	return format_be_date(add_days(resolved_on, settings.get().feedback_days), long=True)


def may_answer(issue) -> bool:
	return bool(
		issue.workflow_state == T.RESOLVED
		and T.reporter_may(
			T.CLOSE, issue.workflow_state, issue.resolved_on, nowdate(), settings.get().feedback_days
		)
	)


def summary(issue) -> dict:
	n, of = history.step(issue.current_rung)
	return {
		"name": issue.name,
		"title": issue.title,
		"category": t(issue.category),
		"status": say(history.status(issue.workflow_state, issue.current_rung)),
		"tone": history.tone(issue.workflow_state),
		"step": n,
		"steps": of,
		"rung": t(history.committee_phrase(issue.current_rung)),
		"raised_on": format_be_date(issue.raised_on, long=True),
		"ask": may_answer(issue),
		"url": issue_path(issue.name),
	}


def my_issues(member, limit: int = 200) -> list[dict]:
	"""The member's own issues, newest first."""
	rows = frappe.get_all(
		"Community Issue",
		filters={"reporter": member.name},
		fields=ISSUE_FIELDS,
		order_by="creation desc",
		limit=limit,
	)
	return [summary(r) for r in rows]


def issue_view(member, name: str) -> dict | None:
	"""One of the member's issues with its story, or None when it is not theirs (or does not exist)."""
	if not access.own_issue(member.name, name):
		return None
	issue = frappe.db.get_value("Community Issue", name, ISSUE_FIELDS, as_dict=True)
	rows = frappe.get_all(
		"Community Issue Log",
		filters={"community_issue": name},
		fields=["action", "from_state", "to_state", "from_rung", "to_rung", "acted_by", "acted_at", "reason"],
		order_by="sequence asc",
	)
	lines = [
		{
			"date": format_be_date(line.at, long=True),
			"text": say(line),
			"comment": line.text if line.own else "",
			"own": line.own,
		}
		for line in history.history(rows, member.user)
	]
	view = summary(issue)
	view.update(
		{
			"description": plain_text(issue.description),
			"subdistrict": subdistrict_label(issue.subdistrict),
			"history": lines,
			"photos": photos_of(name, member.user),
			"pin": rules.point_of(issue.location),
			"answer_until": answer_until(issue.resolved_on) if view["ask"] else "",
		}
	)
	return view


def photos_of(name: str, owner: str) -> list[str]:
	"""The private photos the member attached themselves (they own the files, so Frappe serves them to
	them); what staff attached to the issue is not theirs to see."""
	return frappe.get_all(
		"File",
		filters={
			"attached_to_doctype": "Community Issue",
			"attached_to_name": name,
			"is_private": 1,
			"owner": owner,
		},
		pluck="file_url",
		order_by="creation asc",
	)


def subdistrict_label(name: str | None) -> str:
	if not name:
		return ""
	row = frappe.db.get_value("Subdistrict", name, ["subdistrict_name_th", "district"], as_dict=True)
	if not row:
		return name
	district = frappe.db.get_value("District", row.district, "district_name_th") if row.district else ""
	return f"{row.subdistrict_name_th} · {district}" if district else row.subdistrict_name_th


def subdistrict_choices(station: str) -> list[dict]:
	"""The sub-districts a member of `station` may raise a problem in: the station's jurisdiction."""
	from stronger_together.people import queries as people_db

	districts, named = set(), set()
	for district, subdistrict in people_db.jurisdiction_rows(station):
		if subdistrict:
			named.add(subdistrict)
		elif district:
			districts.add(district)
	or_filters = []
	if named:
		or_filters.append(["Subdistrict", "name", "in", sorted(named)])
	if districts:
		or_filters.append(["Subdistrict", "district", "in", sorted(districts)])
	if not or_filters:
		return []
	rows = frappe.get_all(
		"Subdistrict",
		or_filters=or_filters,
		fields=["name", "subdistrict_name_th", "district"],
		order_by="subdistrict_name_th asc",
	)
	district_names = dict(
		frappe.get_all(
			"District",
			filters={"name": ("in", sorted({r.district for r in rows if r.district}))},
			fields=["name", "district_name_th"],
			as_list=True,
		)
	)
	return [
		{
			"value": r.name,
			"label": f"{r.subdistrict_name_th} · {district_names.get(r.district, '')}".strip(" ·"),
		}
		for r in rows
	]


def categories() -> list[dict]:
	options = frappe.get_meta("Community Issue").get_field("category").options.split("\n")
	return [{"value": o, "label": t(o)} for o in options if o]


def sms_text(issue, entry: dict, own_user: str | None, url: str) -> str | None:
	"""The SMS telling the reporter of a change of status; None when the row is nothing to tell."""
	line = history.line_for(entry, own_user or "")
	if not line:
		return None
	if entry.get("action") == T.RESOLVE:
		return _(
			"Stronger Together, issue {0}: resolved by {1}. Was it really solved? Answer within {2} days: {3}",
			lang=LANG,
		).format(issue.name, t(history.committee_phrase(line.rung)), settings.get().feedback_days, url)
	return _("Stronger Together, issue {0}: {1} {2}", lang=LANG).format(issue.name, say(line), url)


def today_be() -> str:
	return format_be_date(getdate(nowdate()), long=True)


# ---- the pages (www/member) --------------------------------------------------------------------


def here() -> str:
	"""The page asked for (path and query), to come back to after logging in."""
	request = frappe.request
	if not request:
		return "/member"
	query = request.query_string.decode() if request.query_string else ""
	return request.path + ("?" + query if query else "")


def page(context, login_required: bool = True):
	"""Common set-up of a member page: Thai, never cached, a CSRF token for its forms, and the member.
	A guest goes to the member login page; a logged-in user who is not an active member is refused."""
	from frappe.sessions import get_csrf_token

	frappe.local.lang = LANG
	context.no_cache = 1
	context.sitemap = 0
	context.no_breadcrumbs = 1
	context.member = access.portal_member()
	if login_required and not context.member:
		if frappe.session.user == "Guest":
			frappe.local.flags.redirect_location = "/member/login?redirect-to=" + quote(here())
			raise frappe.Redirect(302)
		frappe.throw(
			_("This page is for network members. Log in with your mobile number.", lang=LANG),
			frappe.PermissionError,
			title=_("Members Only", lang=LANG),
		)
	get_csrf_token()
	return context.member
