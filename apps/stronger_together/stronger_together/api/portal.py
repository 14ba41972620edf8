"""Whitelisted endpoints of the network members' portal (the pages under /member call them).

Members: every endpoint but the two login ones first checks that the session user is the portal user of
an ACTIVE network member (`permissions.portal.portal_member`) and then acts for that member only. All are
POST and rate-limited per address (mobile networks put many members behind one address, so the limits
are generous; the real limits are per member or per number, in the portal package).

Staff: `create_member_accounts` creates the portal users of a station's active members (an admin, or the
coordinator officer of a unit above the station).
"""

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from stronger_together.permissions import portal as access
from stronger_together.portal import accounts, feedback, raising
from stronger_together.portal.views import issue_path

HOUR = 60 * 60


def require_member() -> frappe._dict:
	"""The session user's active member record, or a PermissionError (no portal for anyone else)."""
	member = access.portal_member()
	if not member:
		frappe.throw(
			_("This page is for network members. Log in with your mobile number."),
			frappe.PermissionError,
			title=_("Members Only"),
		)
	frappe.local.lang = "th"
	return member


# ---- logging in -------------------------------------------------------------------------------


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=100, seconds=HOUR)
def send_login_code(mobile: str) -> dict:
	"""Text a one-time login code to a member's mobile (the same answer whether or not it is a member's)."""
	frappe.local.lang = "th"
	accounts.send_login_code(mobile)
	return {"message": _("If this number belongs to a network member, a code is on its way by SMS.")}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=300, seconds=HOUR)
def login(mobile: str, password: str | None = None, code: str | None = None) -> dict:
	"""Log a member in with their mobile number and their password or the code just sent."""
	frappe.local.lang = "th"
	if code:
		accounts.login_with_code(mobile, code)
	elif password:
		accounts.login_with_password(mobile, password)
	else:
		frappe.throw(_("Enter your password or the code sent to you by SMS."), frappe.AuthenticationError)
	return {"redirect": "/member"}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=20, seconds=HOUR)
def password_link() -> dict:
	"""Frappe's set-password page for the logged-in member (who may have come in with a code)."""
	member = require_member()
	return {"redirect": accounts.password_link(member.user)}


# ---- raising and answering ------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=300, seconds=HOUR)
def raise_problem(
	title: str,
	category: str,
	subdistrict: str,
	description: str | None = None,
	latitude: str | None = None,
	longitude: str | None = None,
) -> dict:
	"""Raise a problem at the member's station; photos come as multipart files named "photos"."""
	member = require_member()
	files = frappe.request.files.getlist("photos") if frappe.request and frappe.request.files else []
	name = raising.raise_problem(
		member, title, category, subdistrict, description, latitude, longitude, photos=files
	)
	return {"name": name, "redirect": issue_path(name)}


@frappe.whitelist(methods=["POST"])
@rate_limit(limit=300, seconds=HOUR)
def answer(issue: str, solved: str | int | bool, comment: str | None = None) -> dict:
	"""The member's answer to "was it solved?" for their own resolved issue."""
	member = require_member()
	solved = str(solved).strip().lower() in ("1", "true", "yes")
	state = feedback.answer(member, issue, solved, comment)
	return {"state": state, "redirect": issue_path(issue)}


# ---- staff --------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def create_member_accounts(station: str) -> dict:
	"""Portal users for the active members of `station` (an admin, or a coordinator whose unit covers it): the
	result, or {"queued": n} when there are many (a background job; a notification tells the caller)."""
	if frappe.db.get_value("Police Unit", station, "unit_type") != "Station":
		frappe.throw(_("{0} is not a police station.").format(station), frappe.ValidationError)
	if not access.may_manage_member_accounts(station):
		frappe.throw(
			_(
				"Only an admin, or a coordinator officer of a unit that covers {0}, can create its members' portal accounts."
			).format(station),
			frappe.PermissionError,
			title=_("Not Your Station"),
		)
	return accounts.request_accounts(station)
