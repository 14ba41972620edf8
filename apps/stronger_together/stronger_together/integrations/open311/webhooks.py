"""Webhooks: every state change of an issue a partner created is POSTed to the partner's URL.

An outbox: the state change writes an `Open311 Webhook Delivery` (the signed body to send, the state, the
log step) in the same transaction as the move, so a move that is rolled back sends nothing and a committed
one is never lost. After the commit a background job sends it; a failure is retried after 1, 2, 4 ...
minutes (signing.retry_delay) by the scheduler's job `deliver_due`, which also sends anything a lost job
left behind. Deliveries of one issue go out in the order of its states: a later state waits until the
earlier one has been delivered (or given up).

	POST <webhook_url>
	Content-Type: application/json
	X-Open311-Signature: sha256=<hex HMAC-SHA256 of the raw body under the partner's webhook secret>
	X-Open311-Event: service_request.created | service_request.status_changed
	X-Open311-Delivery: <delivery id>

	{"event": ..., "sequence": <log step>, "occurred_at": ..., "previous_ladder_state": ...,
	 "service_request": {... as GET requests/{id}.json gives it to the partner ...}}
"""

import datetime as dt
import json

import frappe
import requests
from frappe.utils import add_to_date, now_datetime

from stronger_together.integrations.open311 import service, signing, spec

DELIVERY = "Open311 Webhook Delivery"
DELIVER = "stronger_together.integrations.open311.webhooks.deliver"
QUEUED, DELIVERED, RETRYING, FAILED = "Queued", "Delivered", "Retrying", "Failed"
PENDING = (QUEUED, RETRYING)
CREATED, CHANGED = "service_request.created", "service_request.status_changed"
TIMEOUT_SECONDS = 10


def on_issue_update(doc, method=None) -> None:
	"""doc_event (Community Issue on_update, after the controller wrote the log): a new issue or a new
	state of an issue an Open311 partner created becomes a delivery, sent once the transaction commits."""
	if not doc.open311_partner:
		return
	before = doc.get_doc_before_save()
	previous = before.workflow_state if before else None
	if previous == doc.workflow_state:
		return
	partner = frappe.db.get_value(
		service.PARTNER, doc.open311_partner, ["webhook_url", "is_active"], as_dict=True
	)
	if not partner or not partner.webhook_url or not partner.is_active:
		return
	now = now_datetime()
	sequence = (
		frappe.db.sql(
			"select max(sequence) from `tabCommunity Issue Log` where community_issue = %s", doc.name
		)[0][0]
		or 0
	)
	event = CREATED if before is None else CHANGED
	payload = {
		"event": event,
		"sequence": sequence,
		"occurred_at": spec.format_datetime(now, service.site_tz()),
		"previous_ladder_state": previous,
		"service_request": service.request_for_webhook(doc.open311_partner, doc.name),
	}
	frappe.get_doc(
		{
			"doctype": DELIVERY,
			"partner": doc.open311_partner,
			"community_issue": doc.name,
			"event": event,
			"ladder_state": doc.workflow_state,
			"sequence": sequence,
			"status": QUEUED,
			"attempts": 0,
			"next_attempt_at": now,
			"payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
		}
	).insert(ignore_permissions=True)
	frappe.enqueue(
		DELIVER,
		queue="short",
		enqueue_after_commit=True,
		issue=doc.name,
		partner=doc.open311_partner,
	)


def deliver(issue: str, partner: str) -> None:
	"""The background job: send the pending deliveries of `issue` to `partner` in order, stopping at the first
	one that fails or waits for its retry time (the later states wait for it)."""
	now = now_datetime()
	pending = frappe.get_all(
		DELIVERY,
		filters={"community_issue": issue, "partner": partner, "status": ("in", PENDING)},
		fields=["name", "status", "next_attempt_at"],
		order_by="sequence asc, creation asc",
	)
	for row in pending:
		if row.status == RETRYING and row.next_attempt_at and row.next_attempt_at > now:
			break
		if not attempt(row.name):
			break


def attempt(name: str) -> bool:
	"""One attempt at one delivery (its row locked, so two workers never send it twice); True when it is
	done with (delivered, given up, or already settled by someone else)."""
	delivery = frappe.get_doc(DELIVERY, name, for_update=True)
	if delivery.status not in PENDING:
		frappe.db.commit()
		return True
	partner = frappe.get_doc(service.PARTNER, delivery.partner)
	now = now_datetime()
	if not partner.is_active or not partner.webhook_url:
		_settle(delivery, now, FAILED, None, "The partner is not active or has no webhook URL.")
		return True
	body = delivery.payload.encode("utf-8")
	secret = partner.get_password("webhook_secret", raise_exception=False) or ""
	headers = {
		"Content-Type": "application/json; charset=utf-8",
		signing.SIGNATURE_HEADER: signing.signature(body, secret),
		"X-Open311-Event": delivery.event or "",
		"X-Open311-Delivery": delivery.name,
		"User-Agent": "StrongerTogether-Open311/1.0",
	}
	status, error = None, ""
	try:
		response = requests.post(
			partner.webhook_url, data=body, headers=headers, timeout=TIMEOUT_SECONDS, allow_redirects=False
		)
		status = response.status_code
		if not 200 <= status < 300:
			error = f"HTTP {status}: {response.text[:300]}"
	except requests.RequestException as e:
		error = f"{e.__class__.__name__}: {str(e)[:300]}"
	delivery.attempts = (delivery.attempts or 0) + 1
	if not error:
		_settle(delivery, now, DELIVERED, status, "")
		return True
	delay = signing.retry_delay(delivery.attempts)
	if delay is None:
		_settle(delivery, now, FAILED, status, error)
		return True
	delivery.next_attempt_at = add_to_date(now, seconds=delay)
	_settle(delivery, now, RETRYING, status, error)
	return False


def _settle(delivery, now, status: str, http_status: int | None, error: str) -> None:
	delivery.status = status
	delivery.last_attempt_at = now
	delivery.last_http_status = http_status or 0
	delivery.last_error = error or None
	if status == DELIVERED:
		delivery.delivered_at = now
	if status != RETRYING:
		delivery.next_attempt_at = None
	delivery.db_update()
	frappe.db.commit()  # each attempt is kept, whatever happens to the next


def deliver_due(now: dt.datetime | None = None) -> int:
	"""Scheduler (every minute): send what is due: retries whose time has come, and deliveries whose job
	was lost. Returns how many issues it worked on."""
	due = frappe.db.sql(
		"""select community_issue, partner from `tabOpen311 Webhook Delivery`
		where status in %(pending)s and next_attempt_at <= %(now)s
		group by community_issue, partner order by min(creation) limit 500""",
		{"pending": PENDING, "now": now or now_datetime()},
		as_dict=True,
	)
	for row in due:
		deliver(row.community_issue, row.partner)
	return len(due)
