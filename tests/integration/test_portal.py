"""Tier 2: the network members' portal on a real site.

Members get portal users from their station, log in with their mobile number (password or a one-time code
sent by SMS), raise problems with photos, follow them up the ladder in plain Thai, and answer "was it
solved?". SMS go through Frappe's SMS Settings to a small fake gateway this module starts (an HTTP server
in a thread), which records what it received. REST runs through Frappe's WSGI application with a real
login, in its own thread (see test_ladder._rest); what needs the test's own transaction runs in-process.
"""
# ruff: noqa: F811 (the ladder's `world` fixture is imported and used as a parameter)

import http.server
import io
import json
import random
import re
import socket
import threading
import urllib.parse

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate
from frappe.utils.password import update_password
from PIL import Image

from stronger_together import settings
from stronger_together.api import portal as api
from stronger_together.ladder import transitions as T
from stronger_together.ladder.service import LadderRefusal
from stronger_together.permissions import portal as access
from stronger_together.portal import accounts, feedback, raising, recurrence, views
from stronger_together.portal.feedback import CommentRequired
from stronger_together.portal.raising import PhotoRefused, ProblemIncomplete, RaiseLimitReached
from stronger_together.portal.rules import MAX_PHOTO_BYTES, placeholder_email
from stronger_together.setup.roles import MEMBER

from .helpers import make_member
from .test_ladder import BKK, _rest, act, chair_of, log_of, world

MEMBER_PASSWORD = "Member-Pass-2565!"
LUMPINI, LUMPINI_SUB = "สน.ลุมพินี", "100704"


# ---- builders -----------------------------------------------------------------------------------


def new_mobile() -> str:
	while True:
		mobile = "08" + "".join(random.choices("0123456789", k=8))
		if not frappe.db.exists("User", {"mobile_no": mobile}) and not frappe.db.exists(
			"Network Member", {"mobile": mobile}
		):
			return mobile


def portal_member(station=LUMPINI, subdistrict=LUMPINI_SUB, password=MEMBER_PASSWORD, **fields):
	"""An active member of `station` with a portal user (and a password); returns the member row."""
	frappe.set_user("Administrator")
	name = make_member(station, subdistrict, status="Active", mobile=new_mobile(), **fields)
	row = frappe.db.get_value(
		"Network Member", name, ["name", "first_name", "last_name", "mobile", "user"], as_dict=True
	)
	user, reason = accounts.account_for(row)
	assert user, reason
	if password:
		update_password(user, password)
	return access.portal_member(user)


# Members whose users the REST tests need committed: the same three on every run (Frappe lets a site create
# only 60 users an hour, and every committed user counts, whoever creates the next one)
COMMITTED = {"a": "0640000001", "b": "0640000002", "c": "0640000003"}


@pytest.fixture(scope="module")
def committed(world):
	"""Three portal members of Lumpini (created once per site, password reset), committed; and no daily limit
	on raising for them while the module runs (the REST tests raise for real, run after run)."""
	frappe.set_user("Administrator")
	out = frappe._dict()
	for key, mobile in COMMITTED.items():
		name = frappe.db.get_value("Network Member", {"mobile": mobile}, "name") or make_member(
			LUMPINI, LUMPINI_SUB, status="Active", mobile=mobile
		)
		frappe.db.set_value("Network Member", name, "status", "Active")
		row = frappe.db.get_value(
			"Network Member", name, ["name", "first_name", "last_name", "mobile", "user"], as_dict=True
		)
		user = row.user or accounts.account_for(row)[0]
		frappe.db.set_value("User", user, "enabled", 1)
		update_password(user, MEMBER_PASSWORD)
		out[key] = access.portal_member(user)
	limit = frappe.db.get_single_value("Stronger Together Settings", "raise_limit_per_day")
	frappe.db.set_single_value("Stronger Together Settings", "raise_limit_per_day", 1000)
	frappe.db.commit()
	settings.clear()
	yield out
	frappe.db.rollback()
	frappe.db.set_single_value("Stronger Together Settings", "raise_limit_per_day", limit)
	frappe.db.commit()
	settings.clear()


def png(size=(16, 16), color=(200, 30, 30)) -> bytes:
	out = io.BytesIO()
	Image.new("RGB", size, color).save(out, format="PNG")
	return out.getvalue()


def as_member(member):
	frappe.set_user(member.user)
	frappe.local.lang = "th"


def th(message: str) -> str:
	return frappe._(message, lang="th")


# ---- the fake SMS gateway ---------------------------------------------------------------------


class Gateway:
	"""A generic HTTP SMS gateway on a free local port; `messages` holds (to, text) as received."""

	def __init__(self):
		self.messages: list[tuple[str, str]] = []
		gateway = self

		class Handler(http.server.BaseHTTPRequestHandler):
			def do_POST(self):
				length = int(self.headers.get("Content-Length") or 0)
				params = urllib.parse.parse_qs(self.rfile.read(length).decode())
				gateway.messages.append((params["to"][0], params["text"][0]))
				assert params["sender"] == ["STRONGER"]
				self.send_response(200)
				self.end_headers()
				self.wfile.write(b"OK")

			def log_message(self, *args):
				pass

		with socket.socket() as s:
			s.bind(("127.0.0.1", 0))
			port = s.getsockname()[1]
		self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
		self.url = f"http://127.0.0.1:{port}/send"
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
		self.thread.start()

	def to(self, mobile: str) -> list[str]:
		return [text for to, text in self.messages if to == mobile]

	def close(self):
		self.server.shutdown()
		self.server.server_close()


@pytest.fixture(scope="module")
def gateway(world):
	"""SMS Settings pointed at the fake gateway (committed: REST requests run in other threads)."""
	gw = Gateway()
	sms = frappe.get_single("SMS Settings")
	sms.update(
		{
			"sms_gateway_url": gw.url,
			"message_parameter": "text",
			"receiver_parameter": "to",
			"use_post": 1,
			"parameters": [{"parameter": "sender", "value": "STRONGER", "header": 0}],
		}
	)
	sms.save()
	frappe.db.commit()
	yield gw
	frappe.db.rollback()
	frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "")  # no gateway: no SMS
	frappe.db.commit()
	gw.close()


# ---- accounts -----------------------------------------------------------------------------------


def test_member_role_is_a_website_role_without_permissions():
	assert frappe.db.get_value("Role", MEMBER, ["desk_access", "home_page"]) == (0, "/member")
	assert not frappe.get_all("DocPerm", filters={"role": MEMBER})
	assert not frappe.get_all("Custom DocPerm", filters={"role": MEMBER})


def test_accounts_for_a_station_by_its_coordinator(world, monkeypatch):
	monkeypatch.setattr(accounts, "INLINE_ACCOUNTS", 10_000)  # however many the site holds: created inline
	with_mobile = [make_member(LUMPINI, LUMPINI_SUB, status="Active", mobile=new_mobile()) for _ in range(2)]
	without = make_member(LUMPINI, LUMPINI_SUB, status="Active")
	candidate = make_member(LUMPINI, LUMPINI_SUB, status="Candidate", mobile=new_mobile())
	frappe.set_user(world["coordinator"])
	result = api.create_member_accounts(LUMPINI)
	frappe.set_user("Administrator")
	assert set(with_mobile) <= set(result["created"])
	skipped = {s["member"]: s["reason"] for s in result["skipped"]}
	assert skipped[without] == frappe._("No Thai mobile number on the member record.")
	assert not frappe.db.get_value("Network Member", candidate, "user")
	member = frappe.get_doc("Network Member", with_mobile[0])
	user = frappe.get_doc("User", member.user)
	assert user.name == placeholder_email(member.name) == member.name.lower() + "@members.invalid"
	assert member.mobile not in user.name  # the ID shows where the member acted; the phone number must not
	assert (user.user_type, user.mobile_no, user.enabled, user.language) == (
		"Website User",
		member.mobile,
		1,
		"th",
	)
	assert {r.role for r in user.roles} == {MEMBER}
	assert user.user_image == accounts.AVATAR  # no gravatar lookup of the placeholder address
	assert not frappe.db.get_value("Notification Settings", user.name, "enable_email_notifications")
	assert access.portal_member(user.name).name == member.name
	# a second run creates nothing new
	frappe.set_user(world["coordinator"])
	again = api.create_member_accounts(LUMPINI)
	assert not set(with_mobile) & set(again["created"]) and again["existing"] >= 2


def test_accounts_only_for_stations_in_the_coordinators_unit(world):
	# the Lumpini coordinator may not create Khon Kaen's accounts; a station chair may create none
	frappe.set_user(world["coordinator"])
	with pytest.raises(frappe.PermissionError, match="can create its members' portal accounts"):
		api.create_member_accounts("สภ.เมืองขอนแก่น")
	frappe.set_user(chair_of(BKK, "Station"))
	with pytest.raises(frappe.PermissionError, match="can create its members' portal accounts"):
		api.create_member_accounts(LUMPINI)
	# the division's coordinator covers the stations below it
	assert access.may_manage_member_accounts(LUMPINI, world["other_acting"])
	assert not access.may_manage_member_accounts("สภ.เมืองขอนแก่น", world["other_acting"])


def test_many_accounts_are_created_by_a_background_job(world, monkeypatch):
	members = [make_member(LUMPINI, LUMPINI_SUB, status="Active", mobile=new_mobile()) for _ in range(2)]
	monkeypatch.setattr(accounts, "INLINE_ACCOUNTS", 1)
	frappe.set_user(world["coordinator"])
	queued = api.create_member_accounts(LUMPINI)
	assert queued["queued"] >= 2 and not frappe.db.get_value("Network Member", members[0], "user")
	# what the long-queue job then does, as the coordinator who asked
	result = accounts.create_accounts_job(LUMPINI, world["coordinator"])
	frappe.set_user("Administrator")
	assert set(members) <= set(result["created"])
	assert frappe.db.exists(
		"Notification Log",
		{"for_user": world["coordinator"], "document_type": "Police Unit", "document_name": LUMPINI},
	)


def test_a_mobile_number_holds_one_account(world):
	first = portal_member()
	twin = make_member(LUMPINI, LUMPINI_SUB, status="Active", mobile=first.mobile)
	row = frappe.db.get_value(
		"Network Member", twin, ["name", "first_name", "last_name", "mobile"], as_dict=True
	)
	user, reason = accounts.account_for(row)
	assert user is None
	assert reason == frappe._("The mobile number {0} is already used by another member's account.").format(
		first.mobile
	)


def test_deactivating_or_deleting_the_member_disables_the_user(world):
	member = portal_member()
	doc = frappe.get_doc("Network Member", member.name)
	doc.status = "Inactive"
	doc.save()
	assert frappe.db.get_value("User", member.user, "enabled") == 0
	assert access.portal_member(member.user) is None
	doc.status = "Active"
	doc.save()
	assert frappe.db.get_value("User", member.user, "enabled") == 1
	doc.delete()
	assert frappe.db.get_value("User", member.user, "enabled") == 0


# ---- logging in ---------------------------------------------------------------------------------


def test_login_with_the_mobile_number_and_a_password(committed):
	member = committed.a
	h = {"Host": frappe.local.site}
	spaced = f"{member.mobile[:3]}-{member.mobile[3:6]}-{member.mobile[6:]}"

	def calls(c):
		wrong = c.post(
			"/api/method/stronger_together.api.portal.login",
			data={"mobile": member.mobile, "password": "not-it"},
			headers=h,
		)
		unknown = c.post(
			"/api/method/stronger_together.api.portal.login",
			data={"mobile": "0899999999", "password": MEMBER_PASSWORD},
			headers=h,
		)
		ok = c.post(
			"/api/method/stronger_together.api.portal.login",
			data={"mobile": spaced, "password": MEMBER_PASSWORD},
			headers=h,
		)
		page = c.get("/member", headers=h)
		desk = c.get("/app/community-issue", headers=h)
		return wrong, unknown, ok, page, desk

	wrong, unknown, ok, page, desk = _rest(calls)
	assert wrong.status_code == 401 and unknown.status_code == 401
	assert ok.status_code == 200, ok.get_data(as_text=True)
	assert ok.get_json()["message"]["redirect"] == "/member"
	assert page.status_code == 200 and th("My Problems") in page.get_data(as_text=True)
	assert desk.status_code == 403  # Frappe refuses the desk to a website user


def test_login_with_a_one_time_code_by_sms(committed, gateway):
	member = committed.b
	h = {"Host": frappe.local.site}

	def calls(c):
		asked = c.post(
			"/api/method/stronger_together.api.portal.send_login_code",
			data={"mobile": member.mobile},
			headers=h,
		)
		code = re.search(r"\b(\d{6})\b", gateway.to(member.mobile)[-1]).group(1)
		bad = c.post(
			"/api/method/stronger_together.api.portal.login",
			data={"mobile": member.mobile, "code": "000000" if code != "000000" else "111111"},
			headers=h,
		)
		ok = c.post(
			"/api/method/stronger_together.api.portal.login",
			data={"mobile": member.mobile, "code": code},
			headers=h,
		)
		again = c.post(
			"/api/method/stronger_together.api.portal.login",
			data={"mobile": member.mobile, "code": code},
			headers=h,
		)
		stranger = c.post(
			"/api/method/stronger_together.api.portal.send_login_code",
			data={"mobile": "0611111111"},
			headers=h,
		)
		return asked, bad, ok, again, stranger

	sent_before = len(gateway.messages)
	asked, bad, ok, again, stranger = _rest(calls)
	assert asked.status_code == 200 and bad.status_code == 401
	assert ok.status_code == 200, ok.get_data(as_text=True)
	assert again.status_code == 401  # a code is used once
	# a number that is no member's gets the same answer, and no SMS
	assert stranger.get_json()["message"] == asked.get_json()["message"]
	assert len(gateway.messages) == sent_before + 1
	assert "ห้ามบอกรหัสนี้แก่ผู้อื่น" in th(
		"Stronger Together: your login code is {0}. It is valid for {1} minutes. Never give it to anyone."
	)


def test_codes_per_number_are_limited(world, gateway):
	member = portal_member(password=None)
	for _ in range(accounts.CODES_PER_NUMBER):
		accounts.send_login_code(member.mobile)
	with pytest.raises(frappe.RateLimitExceededError):
		accounts.send_login_code(member.mobile)
	frappe.cache.delete_value(f"{accounts.CODE_SENT_KEY}:{member.mobile}")


# ---- raising a problem -------------------------------------------------------------------------


def raise_as(member, title="ไฟถนนดับ ซอยเปลี่ยว", category="Crime", subdistrict=LUMPINI_SUB, **kw):
	as_member(member)
	try:
		return raising.raise_problem(member, title, category, subdistrict, **kw)
	finally:
		frappe.set_user("Administrator")


def test_raise_a_problem_with_a_photo_over_rest(committed):
	member, other = committed.a, committed.b
	h = {"Host": frappe.local.site}

	def login(c, who):
		r = c.post(
			"/api/method/stronger_together.api.portal.login",
			data={"mobile": who.mobile, "password": MEMBER_PASSWORD},
			headers=h,
		)
		assert r.status_code == 200, r.get_data(as_text=True)

	def calls(c):
		login(c, member)
		raised = c.post(
			"/api/method/stronger_together.api.portal.raise_problem",
			data={
				"title": "<b>ไฟถนนดับ</b> หน้าตลาด",
				"category": "Traffic and Road Safety",
				"subdistrict": LUMPINI_SUB,
				"description": "มืดมาก<script>alert(1)</script>\nอันตราย",
				"latitude": "13.7310",
				"longitude": "100.5440",
				"photos": (io.BytesIO(png()), "street.png"),
			},
			headers=h,
			content_type="multipart/form-data",
		)
		name = raised.get_json()["message"]["name"]
		page = c.get(f"/member/issue?name={name}", headers=h)
		rest = c.get(f"/api/resource/Community Issue/{name}", headers=h)
		return raised, name, page, rest

	raised, name, page, rest = _rest(calls)
	assert raised.status_code == 200, raised.get_data(as_text=True)
	frappe.db.rollback()  # see what the other thread committed
	issue = frappe.get_doc("Community Issue", name)
	assert (issue.reporter, issue.station, issue.source, issue.workflow_state) == (
		member.name,
		LUMPINI,
		"Portal",
		"At Station",
	)
	assert issue.title == "ไฟถนนดับ หน้าตลาด"
	assert "<script>" not in issue.description and "&lt;" not in issue.description
	assert "อันตราย" in issue.description
	assert json.loads(issue.location)["features"][0]["geometry"]["coordinates"] == [100.544, 13.731]
	assert (issue.latitude, issue.longitude) == (13.731, 100.544)
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Community Issue", "attached_to_name": name},
		fields=["file_url", "is_private", "owner", "file_name"],
	)
	assert [(f.is_private, f.owner, f.file_name) for f in files] == [(1, member.user, "photo-1.png")]
	assert page.status_code == 200 and "ไฟถนนดับ หน้าตลาด" in page.get_data(as_text=True)
	assert rest.status_code == 403  # members never read the desk's records, not even their own
	url = files[0].file_url

	def others(c):
		login(c, other)
		return (
			c.get(f"/member/issue?name={name}", headers=h),
			c.get(f"/api/resource/Community Issue/{name}", headers=h),
			c.get(url, headers=h),
		)

	def owner_photo(c):
		login(c, member)
		return c.get(url, headers=h)

	by_url, by_rest, photo = _rest(others)
	assert by_url.status_code == 404 and "ไฟถนนดับ" not in by_url.get_data(as_text=True)
	assert by_rest.status_code == 403 and photo.status_code == 403
	assert _rest(owner_photo).status_code == 200


def test_photos_are_checked_by_content_and_size(world):
	member = portal_member()
	with pytest.raises(
		PhotoRefused, match=re.escape(th("File {0} is not a photo (JPEG, PNG, WebP or GIF).").format(1))
	):
		raise_as(member, photos=[("evil.png", b"<?php system($_GET['c']); ?>")])
	with pytest.raises(PhotoRefused, match=re.escape(th("Photo {0} is larger than {1} MB.").format(1, 5))):
		raise_as(member, photos=[("big.jpg", png() + b"\0" * MAX_PHOTO_BYTES)])
	with pytest.raises(
		PhotoRefused, match=re.escape(th("At most {0} photos can be attached to a problem.").format(3))
	):
		raise_as(member, photos=[("p.png", png())] * 4)
	name = raise_as(member, photos=[("a.png", png()), ("b.png", png((8, 8)))])
	assert len(frappe.get_all("File", filters={"attached_to_name": name})) == 2


def test_raising_is_limited_per_member_and_day(world):
	member = portal_member()
	frappe.db.set_single_value("Stronger Together Settings", "raise_limit_per_day", 2)
	settings.clear()
	try:
		raise_as(member)
		raise_as(member, title="ขยะล้นถัง")
		with pytest.raises(
			RaiseLimitReached,
			match=re.escape(
				th(
					"You have raised {0} problems today, the most allowed in one day. Please raise this one tomorrow."
				).format(2)
			),
		):
			raise_as(member, title="อีกเรื่อง")
		raise_as(portal_member())  # another member is not held back
	finally:
		frappe.db.rollback()
		settings.clear()


def test_raising_checks_the_sub_district_and_what_is_typed(world):
	member = portal_member()
	with pytest.raises(
		ProblemIncomplete, match=re.escape(th("Choose a sub-district that your station serves."))
	):
		raise_as(member, subdistrict="400101")
	with pytest.raises(ProblemIncomplete, match=re.escape(th("Give the problem a short title."))):
		raise_as(member, title="<img src=x onerror=alert(1)>")
	with pytest.raises(ProblemIncomplete, match=re.escape(th("The map pin is not in Thailand."))):
		raise_as(member, latitude="48.85", longitude="2.35")


def test_only_active_members_reach_the_portal_endpoints(world):
	frappe.set_user(chair_of(BKK, "Station"))
	lang, frappe.local.lang = frappe.local.lang, "en"  # a desk user hears the refusal in their own language
	try:
		with pytest.raises(
			frappe.PermissionError,
			match=re.escape("This page is for network members. Log in with your mobile number."),
		):
			api.raise_problem("x", "Crime", LUMPINI_SUB)
	finally:
		frappe.local.lang = lang
	member = portal_member()
	frappe.db.set_value("Network Member", member.name, "status", "Inactive")
	frappe.set_user(member.user)
	with pytest.raises(frappe.PermissionError):
		api.answer("ISS-0", 1)


# ---- the journey up the ladder, and the answer ---------------------------------------------------


def test_raised_follows_the_ladder_and_the_reporter_reopens_it(world, gateway):
	member, other = portal_member(), portal_member()
	name = raise_as(member, title="ไฟถนนดับ ซอย 5")
	issue = frappe.get_doc("Community Issue", name)
	assert (issue.current_committee, issue.reporter) == (
		frappe.db.get_value("Committee", {"area_key": f"Station:{LUMPINI}"}),
		member.name,
	)
	# the station committee's chair is told; the member is not texted about what they did themselves
	assert frappe.db.exists("Notification Log", {"for_user": chair_of(BKK, "Station"), "document_name": name})
	assert not gateway.to(member.mobile)
	# it shows at the station and climbs
	act(chair_of(BKK, "Station"), name, "Escalate", action_reason="เกินอำนาจสถานี งบประมาณไม่พอ")
	assert views.issue_path(name) in gateway.to(member.mobile)[-1]
	assert (
		th("Sent up to {committee}.").format(committee=th("the district committee"))
		in gateway.to(member.mobile)[-1]
	)
	act(chair_of(BKK, "District"), name, "Resolve", resolution="เขตติดตั้งไฟส่องสว่างใหม่แล้ว")
	asked = gateway.to(member.mobile)[-1]
	assert "ตอบภายใน 30 วัน" in asked and views.issue_path(name) in asked
	# what the member reads: plain words, no names, no internal reason, no chair
	view = views.issue_view(member, name)
	text = " ".join(line["text"] for line in view["history"])
	assert [line["text"] for line in view["history"]] == [
		th("Received by {committee}.").format(committee=th("the station committee")),
		th("Sent up to {committee}.").format(committee=th("the district committee")),
		th("Resolved by {committee}: {text}").format(
			committee=th("the district committee"), text="เขตติดตั้งไฟส่องสว่างใหม่แล้ว"
		),
	]
	assert "เกินอำนาจ" not in text and "@" not in text and "chair" not in text
	assert view["ask"] and view["history"][0]["date"].endswith(str(getdate().year + 543))
	# another member can neither read nor answer it
	assert views.issue_view(other, name) is None
	as_member(other)
	with pytest.raises(frappe.PermissionError, match=re.escape(th("This problem is not one you raised."))):
		feedback.answer(other, name, False, "ไม่จริง")
	# "not solved" needs a comment, then reopens the issue at the rung that resolved it
	as_member(member)
	with pytest.raises(CommentRequired):
		feedback.answer(member, name, False, "   ")
	state = feedback.answer(member, name, False, "ไฟยังดับอยู่ <b>ทุกคืน</b>")
	frappe.set_user("Administrator")
	issue.reload()
	assert (state, issue.current_rung, issue.reporter_answer, issue.reporter_reopened) == (
		"At District",
		"District",
		"Not Solved",
		1,
	)
	last = log_of(name)[-1]
	assert (last.action, last.reason, last.acted_by, last.to_rung) == (
		"Reopen",
		"ไฟยังดับอยู่ ทุกคืน",
		member.user,
		"District",
	)
	view = views.issue_view(member, name)
	assert view["history"][-1]["comment"] == "ไฟยังดับอยู่ ทุกคืน"
	assert view["history"][-1]["text"] == th(
		"You said the problem was not solved; it is back with {committee}."
	).format(committee=th("the district committee"))
	# the district committee resolves it again; this time the member says it is solved
	act(chair_of(BKK, "District"), name, "Resolve", resolution="เปลี่ยนสายไฟทั้งซอยแล้ว")
	assert frappe.db.get_value("Community Issue", name, "reporter_answer") in (None, "")
	as_member(member)
	assert feedback.answer(member, name, True) == "Closed"
	frappe.set_user("Administrator")
	issue.reload()
	assert (issue.reporter_answer, issue.reporter_reopened) == ("Solved", 1)
	assert log_of(name)[-1].acted_by == member.user
	assert views.issue_view(member, name)["history"][-1]["text"] == th(
		"You confirmed the problem was solved. Closed."
	)


def test_an_unanswered_resolution_closes_after_the_window(committed, gateway):
	member = committed.a
	name = raise_as(member, title="ท่อระบายน้ำอุดตัน", category="Environment")
	act(chair_of(BKK, "Station"), name, "Resolve", resolution="ลอกท่อแล้ว")
	frappe.db.commit()  # the job commits (and rolls back what it skips), issue by issue
	resolved_on = getdate(frappe.db.get_value("Community Issue", name, "resolved_on"))
	days = settings.get().feedback_days
	assert days == 30
	# time moves: on the 30th day the member may still answer; from the 31st the daily job closes it
	assert name not in feedback.unanswered(add_days(resolved_on, days))
	assert name in feedback.unanswered(add_days(resolved_on, days + 1))
	assert feedback.close_chunk([name], today=add_days(resolved_on, days)) == []
	assert feedback.close_chunk([name], today=add_days(resolved_on, days + 1)) == [name]
	issue = frappe.get_doc("Community Issue", name)
	assert (issue.workflow_state, issue.reporter_answer) == ("Closed", "No Answer")
	last = log_of(name)[-1]
	assert (last.action, last.acted_by, last.from_state) == ("Close", "Administrator", "Resolved")
	assert views.issue_view(member, name)["history"][-1]["text"] == th(
		"Closed: no answer came within the time allowed."
	)
	assert th("Closed: no answer came within the time allowed.") in gateway.to(member.mobile)[-1]


def test_too_late_to_answer(world):
	member = portal_member()
	name = raise_as(member, title="ถนนเป็นหลุม", category="Traffic and Road Safety")
	act(chair_of(BKK, "Station"), name, "Resolve", resolution="ซ่อมแล้ว")
	frappe.db.set_value("Community Issue", name, "resolved_on", add_days(nowdate(), -31))
	assert not views.issue_view(member, name)["ask"]
	as_member(member)
	message = th(
		"Issue {0} can no longer be answered: answers are taken within {1} days of the resolution."
	).format(name, 30)
	with pytest.raises(LadderRefusal, match=re.escape(message)):
		feedback.answer(member, name, True)


# ---- recurrence and the reports ---------------------------------------------------------------


def test_possible_recurrence_links_to_the_earlier_issue(world):
	from stronger_together.stronger_together.report.issue_ladder_summary import issue_ladder_summary

	member = portal_member()
	first = raise_as(member, title="ลักขโมยในหมู่บ้าน", category="Culture")
	second = frappe.get_doc("Community Issue", raise_as(member, title="ลักขโมยอีกแล้ว", category="Culture"))
	assert second.possible_recurrence_of == first
	other_kind = frappe.get_doc("Community Issue", raise_as(member, title="ขยะ", category="Livelihood"))
	assert other_kind.possible_recurrence_of != first
	# resolved within the window still counts; resolved before it does not
	for name in frappe.get_all(
		"Community Issue", filters={"category": "Culture", "subdistrict": LUMPINI_SUB}, pluck="name"
	):
		frappe.db.set_value(
			"Community Issue", name, {"workflow_state": "Closed", "resolved_on": add_days(nowdate(), -89)}
		)
	assert recurrence.possible_recurrence_of("Culture", LUMPINI_SUB) == second.name
	frappe.db.set_value(
		"Community Issue",
		{"category": "Culture", "subdistrict": LUMPINI_SUB},
		"resolved_on",
		add_days(nowdate(), -91),
	)
	assert recurrence.possible_recurrence_of("Culture", LUMPINI_SUB) is None
	# the Issue Ladder Summary counts recurrences per unit
	columns, rows = issue_ladder_summary.execute({"police_unit": LUMPINI})
	assert "recurrences" in [c["fieldname"] for c in columns]
	assert sum(r["recurrences"] for r in rows if r["unit"] == LUMPINI) >= 1


def test_member_satisfaction_per_unit(world):
	from stronger_together.stronger_together.report.member_satisfaction import member_satisfaction

	def figures():
		return next(
			(r for r in member_satisfaction.execute({"police_unit": LUMPINI})[1] if r["unit"] == LUMPINI),
			{"asked": 0, "solved": 0, "reopened": 0, "waiting": 0, "no_answer": 0},
		)

	before = figures()
	member = portal_member()
	names = [raise_as(member, title=f"เรื่องที่ {i}", category="Other") for i in range(3)]
	for name in names:
		act(chair_of(BKK, "Station"), name, "Resolve", resolution="แก้ไขแล้ว")
	as_member(member)
	feedback.answer(member, names[0], True)
	feedback.answer(member, names[1], False, "ยังไม่หาย")
	frappe.set_user("Administrator")
	after = figures()
	assert {k: after[k] - before[k] for k in ("asked", "solved", "reopened", "waiting", "no_answer")} == {
		"asked": 3,
		"solved": 1,
		"reopened": 1,
		"waiting": 1,
		"no_answer": 0,
	}
	assert after["solved_share"] == round(100.0 * after["solved"] / after["asked"], 1)
	# the report is unit-scoped: Khon Kaen's chair sees no Lumpini row
	frappe.set_user(chair_of({"slug": "kk"}, "Station"))
	assert LUMPINI not in {r["unit"] for r in member_satisfaction.execute({})[1]}


# ---- a member's portal user gets nothing from the desk's doors ------------------------------


def test_a_members_portal_user_gets_nothing_from_desk_and_rest(committed):
	member = committed.a
	own = raise_as(member, title="เรื่องของฉันเอง")
	frappe.db.commit()
	h = {"Host": frappe.local.site}
	doctypes = frappe.get_all("DocType", filters={"module": "Stronger Together", "istable": 0}, pluck="name")
	reports = frappe.get_all("Report", filters={"module": "Stronger Together"}, pluck="name")

	def calls(c):
		r = c.post(
			"/api/method/stronger_together.api.portal.login",
			data={"mobile": member.mobile, "password": MEMBER_PASSWORD},
			headers=h,
		)
		assert r.status_code == 200
		out = {}
		for dt in doctypes:
			out[f"list {dt}"] = c.get(f"/api/resource/{dt}?limit_page_length=0", headers=h)
			out[f"count {dt}"] = c.post(
				"/api/method/frappe.client.get_count", data={"doctype": dt}, headers=h
			)
			out[f"view {dt}"] = c.post(
				"/api/method/frappe.desk.reportview.get",
				data={"doctype": dt, "fields": json.dumps(["name"])},
				headers=h,
			)
			out[f"search {dt}"] = c.post(
				"/api/method/frappe.desk.search.search_link", data={"doctype": dt, "txt": ""}, headers=h
			)
			out[f"list count {dt}"] = c.post(
				"/api/method/frappe.desk.reportview.get_count", data={"doctype": dt}, headers=h
			)
			out[f"get_list {dt}"] = c.post(
				"/api/method/frappe.client.get_list", data={"doctype": dt, "limit_page_length": 0}, headers=h
			)
			out[f"get_value {dt}"] = c.post(
				"/api/method/frappe.client.get_value", data={"doctype": dt, "fieldname": "name"}, headers=h
			)
			out[f"group by {dt}"] = c.post(
				"/api/method/frappe.desk.reportview.get_group_by_count",
				data={"doctype": dt, "current_filters": "[]", "field": "owner"},
				headers=h,
			)
		for report in reports:
			out[f"report {report}"] = c.post(
				"/api/method/frappe.desk.query_report.run",
				data={"report_name": report, "filters": "{}"},
				headers=h,
			)
		# a national ID guessed digit by digit through a filtered count
		out["count by national ID"] = c.post(
			"/api/method/frappe.client.get_count",
			data={"doctype": "Network Member", "filters": json.dumps({"national_id": ["like", "1%"]})},
			headers=h,
		)
		out["form load"] = c.get(
			f"/api/method/frappe.desk.form.load.getdoc?doctype=Community Issue&name={own}", headers=h
		)
		out["own issue"] = c.get(f"/api/resource/Community Issue/{own}", headers=h)
		out["own member"] = c.get(f"/api/resource/Network Member/{member.name}", headers=h)
		out["frappe.client.get"] = c.post(
			"/api/method/frappe.client.get", data={"doctype": "Community Issue", "name": own}, headers=h
		)
		out["send sms"] = c.post(
			"/api/method/frappe.core.doctype.sms_settings.sms_settings.send_sms",
			data={"receiver_list": json.dumps(["0812345678"]), "msg": "spam"},
			headers=h,
		)
		out["contact number"] = c.post(
			"/api/method/frappe.core.doctype.sms_settings.sms_settings.get_contact_number",
			data={"contact_name": "x", "ref_doctype": "Network Member", "ref_name": member.name},
			headers=h,
		)
		return out

	out = _rest(calls)
	leaks = {}
	for key, r in out.items():
		if r.status_code == 200:
			body = r.get_json() or {}
			data = body.get("data", body.get("message"))
			if data not in (None, [], {}, 0, {"keys": [], "values": []}) and not (
				key.startswith("search") and data == []
			):
				leaks[key] = str(data)[:200]
	assert not leaks, " | ".join(sorted(leaks))


def test_counts_follow_the_list_permissions(world):
	from stronger_together.api import client

	kk = frappe.get_doc(
		{
			"doctype": "Community Issue",
			"title": "ไฟดับ",
			"category": "Crime",
			"station": "สภ.เมืองขอนแก่น",
			"subdistrict": "400101",
		}
	).insert()
	frappe.set_user(chair_of(BKK, "Station"))
	seen = frappe.get_list("Community Issue", pluck="name", limit_page_length=0)
	assert kk.name not in seen
	assert client.get_count("Community Issue") == len(seen)
	# a filter on personal data the user may not read (a committee member, not its chair) counts nothing
	frappe.set_user(world["member"])
	assert client.get_count("Network Member") > 0
	frappe.local.form_dict = frappe._dict(filters=json.dumps({"national_id": ["like", "1%"]}))
	try:
		assert client.get_count("Network Member", filters={"national_id": ["like", "1%"]}) == 0
	finally:
		frappe.local.form_dict = frappe._dict()
	member = portal_member()
	frappe.set_user(member.user)
	with pytest.raises(frappe.PermissionError):
		client.get_count("Community Issue")


def test_portal_settings_take_their_defaults_when_zero():
	for field in ("feedback_days", "raise_limit_per_day", "recurrence_days"):
		frappe.db.set_single_value("Stronger Together Settings", field, 0)
	settings.clear()
	try:
		values = settings.get()
		assert (values.feedback_days, values.raise_limit_per_day, values.recurrence_days) == (30, 10, 90)
	finally:
		frappe.db.rollback()
		settings.clear()


def test_a_member_sets_a_password_on_frappes_own_page(committed):
	member = committed.c
	h = {"Host": frappe.local.site}

	# a member who came in with a code asks for Frappe's set-password page, and sets one there
	frappe.set_user(member.user)
	link = api.password_link()["redirect"]
	frappe.set_user("Administrator")
	assert "/update-password?key=" in link
	key = link.split("key=")[1]
	frappe.db.commit()

	def set_and_login(c):
		done = c.post(
			"/api/method/frappe.core.doctype.user.user.update_password",
			data={"new_password": "Brand-New-Pass-2569!", "key": key},
			headers=h,
		)
		c.get("/?cmd=web_logout", headers=h)
		again = c.post(
			"/api/method/stronger_together.api.portal.login",
			data={"mobile": member.mobile, "password": "Brand-New-Pass-2569!"},
			headers=h,
		)
		return done, again

	done, again = _rest(set_and_login)
	assert done.status_code == 200, done.get_data(as_text=True)
	assert again.status_code == 200, again.get_data(as_text=True)
