"""Portal users of network members, and how members log in.

A member's user is a Website User (the "Network Member" role: no desk, no DocType permissions), named by a
non-deliverable placeholder address (nm-000123@members.invalid, the member record's ID) because members have
no email, with the member's mobile in `mobile_no` (Frappe's login-by-mobile uses it, where a site turns that on). A coordinator
creates the accounts of a station's active members in one go; deactivating or deleting the member disables
the user.

Members log in on the portal's own page with their mobile number and either their password or a one-time
code sent by SMS. Both go through Frappe's LoginManager and its login-attempt trackers (the lock after
repeated failures, per user and per address); sending codes is rate-limited per number as well.
"""

import frappe
from frappe import _
from frappe.auth import get_login_attempt_tracker
from frappe.utils.password import get_encryption_key

from stronger_together.ladder import notifications
from stronger_together.people import rules as people
from stronger_together.permissions import portal as access
from stronger_together.permissions.scope import clear_scope_cache
from stronger_together.portal import rules
from stronger_together.setup.roles import MEMBER

ACTIVE = "Active"
# Frappe asks gravatar.com (a third party) for a picture of every user without one: members get Frappe's own
# default picture, and no lookup of their placeholder address is made.
AVATAR = "/assets/frappe/images/default-avatar.png"
CODE_KEY = "stronger_together:login_code"
CODE_SENT_KEY = "stronger_together:login_code_sent"
CODES_PER_NUMBER = 3  # codes sent to one number ...
CODES_WINDOW = 15 * 60  # ... within this many seconds
# Frappe's User.save clears the whole site's cache (System Settings defaults) and takes 0.6 to 1.3 s: more
# accounts than this are created by a background job, which tells the requester when it is done
INLINE_ACCOUNTS = 10
CREATE_JOB = "stronger_together.portal.accounts.create_accounts_job"


class AccountError(frappe.ValidationError):
	pass


# ---- accounts ---------------------------------------------------------------------------------


def pending(station: str) -> int:
	"""Active members of `station` without a portal user yet."""
	return frappe.db.count(
		"Network Member", {"station": station, "status": ACTIVE, "user": ("is", "not set")}
	)


def request_accounts(station: str) -> dict:
	"""Create the station's accounts now (a few) or in a long-queue job (many): the result, or {"queued": n}."""
	waiting = pending(station)
	if waiting <= INLINE_ACCOUNTS:
		return create_accounts(station)
	frappe.enqueue(
		CREATE_JOB,
		queue="long",
		timeout=3600,
		station=station,
		requested_by=frappe.session.user,
		enqueue_after_commit=True,
	)
	return {"queued": waiting}


def create_accounts_job(station: str, requested_by: str) -> dict:
	"""The background job of `request_accounts`: the accounts, then a notification to whoever asked (Frappe
	commits when the job ends)."""
	result = create_accounts(station)
	lines = [
		_("Accounts created: {0}").format(len(result["created"])),
		_("Members who already had an account: {0}").format(result["existing"]),
		*(f"{s['member']} {s['full_name'] or ''}: {s['reason']}" for s in result["skipped"]),
	]
	notifications.notify(
		[requested_by], _("Members' portal accounts of {0}").format(station), lines, "Police Unit", station
	)
	return result


def create_accounts(station: str) -> dict:
	"""A portal user for every active member of `station` who has none. Returns what happened:
	{"created": [member, ...], "existing": n, "skipped": [{"member", "full_name", "reason"}]}."""
	members = frappe.get_all(
		"Network Member",
		filters={"station": station, "status": ACTIVE},
		fields=["name", "full_name", "first_name", "last_name", "mobile", "user"],
		order_by="name",
	)
	out = {"created": [], "existing": 0, "skipped": []}
	for member in members:
		if member.user:
			out["existing"] += 1
			continue
		user, reason = account_for(member)
		if user:
			out["created"].append(member.name)
		else:
			out["skipped"].append({"member": member.name, "full_name": member.full_name, "reason": reason})
	if out["created"]:
		clear_scope_cache()
	return out


def account_for(member) -> tuple[str | None, str | None]:
	"""Create (or reclaim) the portal user of one member: (user, None), or (None, the reason it cannot)."""
	mobile = people.normalise_mobile(member.mobile)
	if not mobile:
		return None, _("No Thai mobile number on the member record.")
	email = rules.placeholder_email(member.name)
	holder = frappe.db.get_value("User", {"mobile_no": mobile}, "name")
	if holder and holder != email:
		if frappe.db.exists("Network Member", {"user": holder}):
			return None, _("The mobile number {0} is already used by another member's account.").format(
				mobile
			)
		return None, _("The mobile number {0} is already used by another user account.").format(mobile)
	if frappe.db.exists("User", email):
		user = frappe.get_doc("User", email)  # the member's own earlier account (unlinked): take it back
		user.enabled = 1
	else:
		user = frappe.new_doc("User")
		user.email = email
		user.send_welcome_email = 0
	user.update(
		{
			"first_name": member.first_name,
			"last_name": member.last_name,
			"mobile_no": mobile,
			"language": "th",
			"user_type": "Website User",
			"user_image": AVATAR,
		}
	)
	user.set("roles", [])
	user.append("roles", {"role": MEMBER})
	in_import = frappe.flags.in_import
	frappe.flags.in_import = (
		True  # Frappe throttles user creation to 60 an hour, except for imports: this is one
	)
	try:
		user.save(ignore_permissions=True)
	finally:
		frappe.flags.in_import = in_import
	# members hear by SMS: nothing is ever emailed to the placeholder address
	frappe.db.set_value("Notification Settings", user.name, "enable_email_notifications", 0)
	frappe.db.set_value("Network Member", member.name, "user", user.name)
	return user.name, None


def on_member_update(doc, method=None) -> None:
	"""doc_event Network Member.on_update: an inactive member's user is disabled; an active member's
	user is enabled again and follows the member's name and mobile number."""
	if not doc.user:
		return
	user = frappe.db.get_value(
		"User", doc.user, ["enabled", "first_name", "last_name", "mobile_no"], as_dict=True
	)
	if not user:
		return
	wanted = {"enabled": 1 if doc.status == ACTIVE else 0}
	if doc.status == ACTIVE:
		wanted.update(first_name=doc.first_name, last_name=doc.last_name)
		mobile = people.normalise_mobile(doc.mobile)
		if mobile and not frappe.db.exists("User", {"mobile_no": mobile, "name": ("!=", doc.user)}):
			wanted["mobile_no"] = mobile
	if any(user.get(k) != v for k, v in wanted.items()):
		_update_user(doc.user, wanted)


def on_member_trash(doc, method=None) -> None:
	"""doc_event Network Member.on_trash: the deleted member's user can no longer log in."""
	if doc.user and frappe.db.exists("User", doc.user):
		_update_user(doc.user, {"enabled": 0})


def _update_user(name: str, values: dict) -> None:
	user = frappe.get_doc("User", name)
	user.update(values)
	user.save(ignore_permissions=True)  # disabling a user also ends their sessions (Frappe)


# ---- logging in -------------------------------------------------------------------------------


def member_user_by_mobile(mobile: str | None) -> str | None:
	"""The enabled portal user of the active member with this mobile number, or None."""
	number = people.normalise_mobile(mobile)
	if not number:
		return None
	user = frappe.db.get_value("User", {"mobile_no": number, "enabled": 1}, "name")
	return user if user and access.portal_member(user) and MEMBER in frappe.get_roles(user) else None


def login_with_password(mobile: str, password: str) -> str:
	"""Frappe's own password check and trackers, for the member with this mobile number."""
	manager = frappe.local.login_manager
	user = member_user_by_mobile(mobile)
	if not user:
		_fail(manager, mobile)
	manager.authenticate(user=user, pwd=password)
	manager.post_login()
	_keep_new_session_cookies()
	return user


def send_login_code(mobile: str) -> None:
	"""Text a one-time code to the member with this number. Says nothing about whether the number belongs
	to a member (the answer is the same either way); at most CODES_PER_NUMBER codes per number a window."""
	number = people.normalise_mobile(mobile)
	if not number:
		frappe.throw(_("Enter a Thai mobile number (10 digits starting 06, 08 or 09)."), AccountError)
	counter = frappe.cache.make_key(f"{CODE_SENT_KEY}:{number}")
	sent = frappe.cache.incrby(counter, 1)
	if sent == 1:
		frappe.cache.expire(counter, CODES_WINDOW)
	if sent > CODES_PER_NUMBER:
		frappe.throw(
			_("Too many codes were asked for this number. Wait 15 minutes and try again."),
			frappe.RateLimitExceededError,
		)
	user = member_user_by_mobile(number)
	if not user:
		return
	code = rules.new_code()
	frappe.cache.set_value(
		f"{CODE_KEY}:{user}",
		{"digest": rules.code_digest(user, code, get_encryption_key()), "tries": 0},
		expires_in_sec=rules.CODE_MINUTES * 60,
	)
	notifications.send_sms_now(
		[number],
		_(
			"Stronger Together: your login code is {0}. It is valid for {1} minutes. Never give it to anyone."
		).format(code, rules.CODE_MINUTES),
	)


def login_with_code(mobile: str, code: str) -> str:
	"""Log in the member with this number if `code` is the one last sent (single use, CODE_TRIES tries)."""
	manager = frappe.local.login_manager
	user = member_user_by_mobile(mobile)
	if not user:
		_fail(manager, mobile)
	tracker = get_login_attempt_tracker(user)  # locked after repeated failures (System Settings)
	ip_tracker = get_login_attempt_tracker(frappe.local.request_ip) if frappe.local.request_ip else None
	key = f"{CODE_KEY}:{user}"
	stored = frappe.cache.get_value(key, expires=True)
	if not rules.code_matches(user, code, get_encryption_key(), (stored or {}).get("digest")):
		tracker and tracker.add_failure_attempt()
		ip_tracker and ip_tracker.add_failure_attempt()
		if stored:
			stored["tries"] += 1
			if stored["tries"] >= rules.CODE_TRIES:
				frappe.cache.delete_value(key)
			else:
				frappe.cache.set_value(key, stored, expires_in_sec=rules.CODE_MINUTES * 60)
		manager.fail("Invalid login credentials", user=user)
	frappe.cache.delete_value(key)
	tracker and tracker.add_success_attempt()
	ip_tracker and ip_tracker.add_success_attempt()
	manager.login_as(user)
	_keep_new_session_cookies()
	return user


def _keep_new_session_cookies() -> None:
	"""A browser that tried before may still send a stale `sid` (Guest after a failed try): Frappe then marks
	the session cookies for deletion while resuming the request, and would delete the new session's cookies
	right after setting them. Frappe's own /api/method/login never resumes a session first; this does."""
	cookies = frappe.local.cookie_manager
	cookies.to_delete = [key for key in cookies.to_delete if key not in cookies.cookies]


def _fail(manager, mobile: str):
	ip_tracker = get_login_attempt_tracker(frappe.local.request_ip) if frappe.local.request_ip else None
	ip_tracker and ip_tracker.add_failure_attempt()
	manager.fail("Invalid login credentials", user=people.normalise_mobile(mobile) or _("Unknown User"))


def password_link(user: str) -> str:
	"""Frappe's own set-password page for a logged-in member (who may have logged in with a code only)."""
	return frappe.get_doc("User", user).reset_password(send_email=False)
