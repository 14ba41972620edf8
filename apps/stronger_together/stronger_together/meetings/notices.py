"""Who hears about a committee meeting, through the ladder's notifications (Notification Log + email, queued
after the commit): its members and invited users when it is scheduled and the day before; the committees
that receive its escalated or returned issues, and the coordinators of its resolved ones, once per meeting.
"""

import frappe
from frappe import _
from frappe.utils import add_days, format_time, getdate, nowdate

from stronger_together.ladder import committees, notifications
from stronger_together.ladder import transitions as T
from stronger_together.utils.thai import format_be_date

DOCTYPE = "Committee Meeting"


def invitees(meeting) -> list[str]:
	"""The committee's members in office on the meeting date, and invited guests who have a user."""
	users = {m.user for m in committees.members_on(meeting.committee, meeting.meeting_date)}
	users |= {r.user for r in meeting.get("attendance") or [] if r.user}
	return sorted(users)


def _when(meeting) -> str:
	place = meeting.venue or meeting.online_link or "-"
	return _("{0} at {1}, {2}").format(
		format_be_date(meeting.meeting_date, long=True), format_time(meeting.start_time, "HH:mm"), place
	)


def scheduled(meeting, rescheduled: bool = False) -> None:
	subject = (_("Meeting of {0} moved to {1}") if rescheduled else _("Meeting of {0} on {1}")).format(
		meeting.committee_title or meeting.committee, format_be_date(meeting.meeting_date)
	)
	notifications.notify(
		invitees(meeting),
		subject,
		_("{0} meets on {1}.").format(meeting.committee_title or meeting.committee, _when(meeting)),
		DOCTYPE,
		meeting.name,
	)


def send_reminders(today=None) -> list[str]:
	"""Daily (hooks: scheduler_events): remind the invitees of every meeting held tomorrow, once."""
	tomorrow = add_days(getdate(today or nowdate()), 1)
	names = frappe.get_all(
		DOCTYPE, filters={"meeting_date": tomorrow, "docstatus": 0, "reminder_sent": 0}, pluck="name"
	)
	for name in names:
		meeting = frappe.get_doc(DOCTYPE, name)
		notifications.notify(
			invitees(meeting),
			_("Reminder: meeting of {0} tomorrow").format(meeting.committee_title or meeting.committee),
			_("{0} meets tomorrow, {1}.").format(
				meeting.committee_title or meeting.committee, _when(meeting)
			),
			DOCTYPE,
			meeting.name,
		)
		frappe.db.set_value(DOCTYPE, name, "reminder_sent", 1, update_modified=False)
	return names


def after_resolutions(meeting, moved: list[dict]) -> None:
	"""One notice per receiving committee (its chairs) for the issues the meeting sent up or down, and one
	per coordinator officer for the issues it resolved (the ladder's own notices, gathered per meeting)."""
	label = f"{meeting.committee_title or meeting.committee} {meeting.meeting_label or ''}".strip()
	by_committee: dict[str, list[dict]] = {}
	for m in moved:
		if m["action"] in (T.ESCALATE, T.RETURN):
			by_committee.setdefault(m["to_committee"], []).append(m)
	for committee, items in by_committee.items():
		lines = [
			_('{0} "{1}" ({2}): {3}').format(m["issue"], m["title"], _(m["action"]), m["text"]) for m in items
		]
		notifications.notify(
			committees.chairs_of(committee),
			_("{0} issues sent to {1} by {2}").format(len(items), committee, label),
			lines,
			"Community Issue",
			items[0]["issue"],
		)
	resolved = [m for m in moved if m["action"] == T.RESOLVE]
	by_coordinator: dict[str, list[dict]] = {}
	coordinators: dict[tuple, list[str]] = {}  # one look-up per (station, reporter)
	for m in resolved:
		key = (m["station"], m["reporter"])
		if key not in coordinators:
			coordinators[key] = notifications.coordinators_for(frappe._dict(m, name=m["issue"]))
		for user in coordinators[key]:
			by_coordinator.setdefault(user, []).append(m)
	for user, items in by_coordinator.items():
		notifications.notify(
			[user],
			_("{0} issues resolved by {1}").format(len(items), label),
			[_('{0} "{1}": {2}').format(m["issue"], m["title"], m["text"]) for m in items],
			"Community Issue",
			items[0]["issue"],
		)
