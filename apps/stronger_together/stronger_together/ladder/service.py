"""The ladder against the database: routing lookups, who may act, the log and the notifications.

The rules themselves live in pure modules (ladder, routing, sla, transitions); this module feeds
them data and turns their answers into translated messages.
"""

import frappe
from frappe import _
from frappe.utils import get_datetime, get_fullname, get_url_to_form, now_datetime, nowdate

from stronger_together.ladder import committees, sla
from stronger_together.ladder import transitions as T
from stronger_together.ladder.routing import IssueArea, NoCommitteeError, area_key, committee_for


class LadderConflictError(frappe.ValidationError):
	"""Someone else moved the issue while this user was acting on it."""

	http_status_code = 409


class NoCommitteeForRung(frappe.ValidationError):
	pass


# ---- where an issue sits -----------------------------------------------------------------------


def issue_area(station: str, district: str, province: str) -> IssueArea:
	"""The station's chain of units (division, bureau, national HQ) plus the issue's civil areas."""
	division = frappe.db.get_value("Police Unit", station, "parent_police_unit")
	bureau = frappe.db.get_value("Police Unit", division, "parent_police_unit") if division else None
	national = frappe.db.get_value("Police Unit", bureau, "parent_police_unit") if bureau else None
	return IssueArea(
		station=station,
		division=division or "",
		bureau=bureau or "",
		national_hq=national or "",
		district=district or "",
		province=province or "",
	)


def area_label(rung: str, area: str) -> str:
	if rung == "District":
		name = frappe.db.get_value("District", area, "district_name_th")
		return f"{name} ({area})" if name else area
	if rung == "Province":
		name = frappe.db.get_value("Province", area, "province_name_th")
		return f"{name} ({area})" if name else area
	return area


def committee_at(rung: str, area: IssueArea) -> str:
	"""The active committee for `rung`, or a clear error naming the rung and the area to set up."""
	key = area_key(rung, area.area_for(rung))
	found = frappe.db.get_value("Committee", {"area_key": key, "is_active": 1}, "name")
	try:
		return committee_for(rung, area, {(rung, area.area_for(rung)): found} if found else {})
	except NoCommitteeError as e:
		frappe.throw(
			_(
				"No active {0} committee for {1}. Set one up (Committee, level {0}) before the issue can reach this rung."
			).format(_(e.rung), area_label(e.rung, e.area) or _("(not set)")),
			NoCommitteeForRung,
			title=_("No Committee on This Rung"),
		)


def due_date_for(rung: str, since) -> str:
	settings = frappe.get_cached_doc("Stronger Together Settings")
	return sla.due_date(get_datetime(since), sla.days_allowed(rung, settings.as_dict()))


# ---- who may act -------------------------------------------------------------------------------


def assert_can_act(issue, user: str) -> None:
	"""Only an in-office chair or acting chair of the issue's CURRENT committee may move it."""
	committee = issue.current_committee
	if committees.is_chair(user, committee):
		return
	own = [m for m in committees.memberships(user) if m.committee == committee]
	if own:
		frappe.throw(
			_(
				"You are on {0} but not as its chair or acting chair (today); only its chair can act on issue {1}."
			).format(committee, issue.name),
			frappe.PermissionError,
			title=_("Not the Chair"),
		)
	chaired = [m.committee for m in committees.memberships(user) if committees.is_chair_row(m)]
	if chaired:
		frappe.throw(
			_("You chair {0}, but issue {1} is with {2}; only the chair of {2} can act on it.").format(
				", ".join(chaired), issue.name, committee
			),
			frappe.PermissionError,
			title=_("Another Committee's Issue"),
		)
	frappe.throw(
		_("Only the chair or acting chair of {0} can act on issue {1}.").format(committee, issue.name),
		frappe.PermissionError,
		title=_("Not the Chair"),
	)


def assert_not_final(state: str, name: str) -> None:
	if state in T.FINAL_STATES:
		frappe.throw(
			_("Issue {0} is {1}; no further action can be taken on it.").format(name, _(state)),
			title=_("Issue Closed"),
		)


def assert_move_allowed(issue, action: str) -> str:
	"""The state `action` leads to, or a clear error (closed issue, skipped rung, wrong state)."""
	assert_not_final(issue.workflow_state, issue.name)
	target = T.target_state(issue.workflow_state, action, issue.current_rung, issue.resolved_at_rung)
	if not target:
		frappe.throw(
			_("{0} is not possible on issue {1} while it is {2}.").format(
				_(action), issue.name, _(issue.workflow_state)
			),
			title=_("Not Allowed"),
		)
	if action == T.ACCEPT and issue.accepted_on:
		frappe.throw(
			_("Issue {0} was already accepted on this rung.").format(issue.name), title=_("Not Allowed")
		)
	return target


def assert_notes(issue, action: str) -> None:
	if action in T.NEEDS_REASON and not (issue.action_reason or "").strip():
		frappe.throw(
			_("{0} needs a reason: fill in Reason on issue {1} first.").format(_(action), issue.name),
			frappe.MandatoryError,
			title=_("Reason Required"),
		)
	if action == T.RESOLVE and not (issue.resolution or "").strip():
		frappe.throw(
			_("Resolve needs the resolution: fill in Resolution on issue {0} first.").format(issue.name),
			frappe.MandatoryError,
			title=_("Resolution Required"),
		)


# ---- the log -----------------------------------------------------------------------------------


def next_sequence(issue_name: str) -> int:
	last = frappe.db.sql(
		"select max(sequence) from `tabCommunity Issue Log` where community_issue = %s", issue_name
	)[0][0]
	return (last or 0) + 1


def write_log(issue_name: str, entry: dict) -> None:
	"""Append one row to the immutable log (server only; the row lock on the issue orders them)."""
	log = frappe.get_doc({"doctype": "Community Issue Log", "community_issue": issue_name, **entry})
	log.sequence = next_sequence(issue_name)
	log.flags.from_ladder = True
	log.insert(ignore_permissions=True)


# ---- notifications -----------------------------------------------------------------------------


def notify(users: list[str], subject: str, message: str, issue) -> None:
	"""A system notification (Notification Log) and an email through the queue, for each user."""
	users = [u for u in dict.fromkeys(users) if u and u not in ("Administrator", "Guest")]
	if not users:
		return
	link = get_url_to_form("Community Issue", issue.name)
	body = f"<p>{frappe.utils.escape_html(message)}</p><p><a href='{link}'>{issue.name}</a></p>"
	for user in users:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"from_user": frappe.session.user,
				"type": "Alert",
				"subject": subject,
				"email_content": body,
				"document_type": "Community Issue",
				"document_name": issue.name,
			}
		).insert(ignore_permissions=True)
	emails = [
		e for e in frappe.get_all("User", filters={"name": ("in", users), "enabled": 1}, pluck="email") if e
	]
	if emails and has_outgoing_email():
		# formatting an email costs more than the move itself: queue it once the move is committed
		frappe.enqueue(
			"stronger_together.ladder.service.queue_email",
			queue="short",
			enqueue_after_commit=True,
			now=bool(frappe.flags.in_test),
			recipients=emails,
			subject=subject,
			message=body,
			issue_name=issue.name,
		)


def queue_email(recipients: list[str], subject: str, message: str, issue_name: str) -> None:
	"""Put the email into Frappe's Email Queue (sent by the email worker)."""
	frappe.sendmail(
		recipients=recipients,
		subject=subject,
		message=message,
		reference_doctype="Community Issue",
		reference_name=issue_name,
		now=False,
	)


def has_outgoing_email() -> bool:
	"""Email goes into the queue only once an outgoing Email Account exists (the system notification always goes)."""
	return bool(frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}))


def coordinators_for(issue) -> list[str]:
	"""Users of the coordinator officers of the reporter's station (else the issue's station)."""
	station = issue.station
	if issue.reporter:
		station = frappe.db.get_value("Network Member", issue.reporter, "station") or station
	if not frappe.db.table_exists("Coordinator Officer"):
		return []
	return frappe.get_all(
		"Coordinator Officer", filters={"police_unit": station, "user": ("is", "set")}, pluck="user"
	)


def notify_after_move(issue, action: str, by: str) -> None:
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
				issue.flags.get("ladder_reason") or "-",
				issue.rung_due_date,
			),
			issue,
		)
	elif action == T.RESOLVE:
		notify(
			coordinators_for(issue),
			_("Issue {0} resolved").format(issue.name),
			_('{0} resolved issue {1} "{2}" at the {3} rung: {4}').format(
				issue.current_committee, issue.name, issue.title, _(issue.resolved_at_rung), issue.resolution
			),
			issue,
		)


def notify_overdue(issue, days_over: int) -> None:
	notify(
		committees.chairs_of(issue.current_committee),
		_("Issue {0} is overdue").format(issue.name),
		_('Issue {0} "{1}" has been with {2} past its due date {3} ({4} days over).').format(
			issue.name, issue.title, issue.current_committee, issue.rung_due_date, days_over
		),
		issue,
	)


def now():
	return now_datetime()


def today():
	return nowdate()
