"""Who hears about the ladder's moves, through Frappe's own notifications.

Each notice is a Notification Log (the desk's bell, written by Frappe's `make_notification_logs`) and an
email in Frappe's notification template (Frappe sends no email for an "Alert" by itself; these alerts are
meant to reach chairs who are not at their desk), for users whose notification settings allow email. The
job is queued after the commit, so a move that is rolled back (a meeting whose submit failed, a refused
request) notifies nobody.

The network member who raised an issue hears of every change of its status by SMS, in plain Thai, through
Frappe's SMS Settings (a generic HTTP gateway: a Thai provider plugs in by configuration), also queued
after the commit. A resolution asks them whether it was really solved, with the link to answer.
"""

import frappe
from frappe import _
from frappe.core.doctype.sms_settings.sms_settings import send_sms
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.desk.doctype.notification_settings.notification_settings import is_email_notifications_enabled
from frappe.utils import escape_html, get_fullname, get_url, get_url_to_form, strip_html

from stronger_together.ladder import committees
from stronger_together.ladder import transitions as T

DELIVER = "stronger_together.ladder.notifications.deliver"
DELIVER_SMS = "stronger_together.ladder.notifications.deliver_sms"


def notify(users, subject: str, message: str | list[str], doctype: str, name: str) -> None:
	"""A Notification Log (and the email it sends) for each user, once the transaction commits.

	What people typed (titles, reasons) is escaped: the desk shows subject and content as HTML."""
	users = sorted({u for u in users if u and u not in ("Administrator", "Guest")})
	if not users:
		return
	link = get_url_to_form(doctype, name)
	lines = [message] if isinstance(message, str) else message
	body = "<br>".join(escape_html(line) for line in lines)
	doc = {
		"type": "Alert",
		"subject": escape_html(subject),
		"email_content": f"<p>{body}</p><p><a href='{link}'>{escape_html(name)}</a></p>",
		"document_type": doctype,
		"document_name": name,
		"from_user": frappe.session.user,
	}
	frappe.enqueue(DELIVER, doc=doc, users=users, enqueue_after_commit=True, now=frappe.flags.in_test)


def deliver(doc: dict, users: list[str]) -> None:
	"""The background job: Frappe's Notification Logs, then one email to those who take email notifications."""
	make_notification_logs(frappe._dict(doc), users)
	emails = [
		u.email
		for u in frappe.get_all(
			"User", filters={"name": ("in", users), "enabled": 1}, fields=["name", "email"]
		)
		if u.email and is_email_notifications_enabled(u.name)
	]
	if not emails:
		return
	try:
		frappe.sendmail(
			recipients=emails,
			subject=strip_html(doc["subject"]),
			template="new_notification",
			args={
				"body_content": doc["subject"],
				"description": doc["email_content"],
				"doc_link": get_url_to_form(doc["document_type"], doc["document_name"]),
			},
			header=[_("New Notification"), "orange"],
			reference_doctype=doc["document_type"],
			reference_name=doc["document_name"],
		)
	except frappe.OutgoingEmailError:
		pass  # no outgoing email account yet: the Notification Log is there


def coordinators_for(issue) -> list[str]:
	"""Users of the coordinator officers of the reporter's station (else the issue's station)."""
	station = issue.station
	if issue.reporter:
		station = frappe.db.get_value("Network Member", issue.reporter, "station") or station
	return frappe.get_all(
		"Coordinator Officer", filters={"police_unit": station, "user": ("is", "set")}, pluck="user"
	)


def after_move(issue, action: str, by: str, reason: str) -> None:
	"""The next committee's chairs hear that an issue reached them; the coordinator hears of a resolution."""
	who = get_fullname(by)
	if action in (T.ESCALATE, T.RETURN, T.REOPEN) and issue.workflow_state in T.STATE_RUNG:
		notify(
			committees.chairs_of(issue.current_committee),
			_("Issue {0} is now with {1}").format(issue.name, issue.current_committee),
			_('{0} ({1}) moved issue {2} "{3}" to {4}. Reason: {5}. Due by {6}.').format(
				who,
				_(action),
				issue.name,
				issue.title,
				issue.current_committee,
				reason or "-",
				issue.rung_due_date,
			),
			issue.doctype,
			issue.name,
		)
	elif action == T.RESOLVE:
		notify(
			coordinators_for(issue),
			_("Issue {0} resolved").format(issue.name),
			_('{0} resolved issue {1} "{2}" at the {3} rung: {4}').format(
				issue.current_committee, issue.name, issue.title, _(issue.resolved_at_rung), issue.resolution
			),
			issue.doctype,
			issue.name,
		)


def raised(issue) -> None:
	"""A new issue at the station: its committee's chairs hear of it."""
	notify(
		committees.chairs_of(issue.current_committee),
		_("New issue {0} at {1}").format(issue.name, issue.station),
		_('Issue {0} "{1}" was raised at {2} and is with {3}. Due by {4}.').format(
			issue.name, issue.title, issue.station, issue.current_committee, issue.rung_due_date
		),
		issue.doctype,
		issue.name,
	)


def overdue_digest(chair: str, issues: list[dict]) -> None:
	"""One notification per chair a day, listing every issue of theirs that newly passed its due date."""
	lines = [
		_('{0} "{1}" (with {2}, due {3}, {4} days over)').format(
			i["name"], i["title"], i["current_committee"], i["rung_due_date"], i["days_over"]
		)
		for i in issues
	]
	notify(
		[chair],
		_("{0} issues are overdue").format(len(issues))
		if len(issues) > 1
		else _("Issue {0} is overdue").format(issues[0]["name"]),
		lines,
		"Community Issue",
		issues[0]["name"],
	)


# ---- SMS to network members ---------------------------------------------------------------------


def sms_configured() -> bool:
	return bool(frappe.db.get_single_value("SMS Settings", "sms_gateway_url"))


def send_sms_now(numbers: list[str], message: str) -> bool:
	"""Through Frappe's SMS Settings, now. False (and an Error Log when the gateway failed) if not sent."""
	numbers = [n for n in numbers if n]
	if not numbers or not sms_configured():
		return False
	try:
		send_sms(numbers, message, success_msg=False)
	except Exception:
		frappe.log_error(title="SMS to network members not sent")
		return False
	return True


def deliver_sms(numbers: list[str], message: str) -> None:
	"""The background job of `sms`."""
	send_sms_now(numbers, message)


def sms(numbers: list[str], message: str) -> None:
	"""An SMS once the transaction commits."""
	if numbers:
		frappe.enqueue(
			DELIVER_SMS,
			numbers=numbers,
			message=message,
			enqueue_after_commit=True,
			now=frappe.flags.in_test,
		)


def to_reporter(issue, entry: dict) -> None:
	"""The member who raised `issue` hears, by SMS, of a change of its status (`entry`: the log row just
	written). Not of a step that leaves the status as it is (Accept), nor of what they did themselves."""
	from stronger_together.portal import views

	if not issue.reporter or entry.get("from_state") == entry.get("to_state"):
		return
	member = frappe.db.get_value("Network Member", issue.reporter, ["mobile", "user", "status"], as_dict=True)
	if not member or member.status != "Active" or not member.mobile:
		return
	if member.user and entry.get("acted_by") == member.user:
		return
	message = views.sms_text(issue, entry, member.user, get_url(views.issue_path(issue.name)))
	if message:
		sms([member.mobile], message)
