"""Tier 2: committee meetings on a real site: attendance and quorum, the agenda drawn from the ladder,
resolutions applied as ladder moves (all or nothing) on submit, numbering under concurrent submits, the
minutes PDF, notifications, the monthly report's figures, and access over REST.

The meetings' committees are their own (a station under a division of their own, in เขตบางเขน), so the
ladder's and the browser journeys' committees are left alone.
"""

import json
import threading

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from stronger_together.api import ladder as ladder_api
from stronger_together.api import meetings as api
from stronger_together.ladder import committees
from stronger_together.meetings import notices, rules, service
from stronger_together.reporting import monthly

from .helpers import ensure_outbox, make_station, make_user

PASSWORD = "Test-Pass-2565!"
D = "@meetings.test"
DIVISION = (
	"บก.ทดสอบประชุม"  # a division of its own: no Division committee, so Escalate from the district is refused
)
STATION = "สน.ทดสอบประชุม"
OTHER_STATION = "สน.ทดสอบประชุมอื่น"
DISTRICT, SUBDISTRICT = "1005", "100502"
OTHER_DISTRICT = "1006"
DOCTYPE = "Committee Meeting"


def user(slug: str) -> str:
	return f"{slug}{D}"


def set_committee(level: str, field: str, area: str, members: list[tuple[str, str]]) -> str:
	"""The active committee for (level, area) with exactly `members` [(user, position)]."""
	name = frappe.db.get_value("Committee", {"area_key": f"{level}:{area}"})
	doc = frappe.get_doc("Committee", name) if name else frappe.new_doc("Committee")
	doc.update({"committee_level": level, field: area, "is_active": 1})
	doc.set("members", [{"user": u, "position": p} for u, p in members])
	doc.save() if name else doc.insert()
	return doc.name


@pytest.fixture(scope="module")
def world():
	frappe.set_user("Administrator")
	if not frappe.db.exists("Police Unit", DIVISION):
		frappe.get_doc(
			{
				"doctype": "Police Unit",
				"unit_code": DIVISION,
				"unit_name_th": DIVISION,
				"unit_type": "Division",
				"parent_police_unit": "บช.น.",
				"province": "10",
			}
		).insert()
	make_station(STATION, DIVISION, DISTRICT, [SUBDISTRICT])
	make_station(OTHER_STATION, "บก.น.3", OTHER_DISTRICT)
	w = frappe._dict(
		chair=make_user(user("chair"), first_name="ประธาน"),
		vice=make_user(user("vice"), first_name="รองประธาน"),
		secretary=make_user(user("secretary"), first_name="เลขานุการ"),
		secretary2=make_user(user("secretary2"), first_name="เลขานุการสอง"),
		members=[make_user(user(f"member{i}"), first_name=f"กรรมการ{i}") for i in range(1, 5)],
		district_chair=make_user(user("district.chair"), first_name="ประธานเขต"),
		other_chair=make_user(user("other.chair"), first_name="ประธานอื่น"),
		coordinator=make_user(user("coordinator"), first_name="ผู้ประสาน"),
	)
	w.committee = set_committee(
		"Station",
		"police_unit",
		STATION,
		[
			(w.chair, "Chair"),
			(w.vice, "Vice-Chair"),
			(w.secretary, "Secretary"),
			(w.secretary2, "Secretary"),
			*[(m, "Member") for m in w.members],
		],
	)
	w.district_committee = set_committee("District", "district", DISTRICT, [(w.district_chair, "Chair")])
	w.other_committee = set_committee("Station", "police_unit", OTHER_STATION, [(w.other_chair, "Chair")])
	if not frappe.db.exists("Coordinator Officer", {"user": w.coordinator}):
		frappe.get_doc(
			{
				"doctype": "Coordinator Officer",
				"rank": "ร.ต.อ.",
				"officer_name": "ประสาน ประชุม",
				"police_unit": STATION,
				"user": w.coordinator,
				"training_status": "Trained",
			}
		).insert()
	ensure_outbox("Meetings Test Outbox", "outbox" + D)
	for u in frappe.get_all("User", filters={"name": ("like", f"%{D}")}, pluck="name"):
		committees.sync_user_roles(u)
		committees.sync_coordinator_role(u)
	frappe.db.commit()
	return w


def raise_issue(title="ไฟถนนดับ ซอยเปลี่ยว", **fields):
	frappe.set_user("Administrator")
	return frappe.get_doc(
		{
			"doctype": "Community Issue",
			"title": title,
			"category": "Crime",
			"priority": "High",
			"station": STATION,
			"subdistrict": SUBDISTRICT,
			**fields,
		}
	).insert()


def new_meeting(w, as_user=None, committee=None, day=None, present=None, agenda=True, **fields):
	"""A draft meeting saved by the secretary: attendance filled (all members present unless `present`
	names who came), and the agenda drawn from the committee's issues when `agenda`."""
	frappe.set_user(as_user or w.secretary)
	doc = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"committee": committee or w.committee,
			"meeting_date": day or nowdate(),
			"start_time": "09:30:00",
			"end_time": "11:00:00",
			"venue": "ห้องประชุมสถานีตำรวจ ชั้น 2",
			**fields,
		}
	)
	doc.set("attendance", service.attendance_rows(doc))
	for row in doc.attendance:
		row.attendance = "Present" if present is None or row.user in present else "Absent"
	if agenda:
		doc.set("agenda", service.draw_agenda(doc))
	doc.insert()
	return doc


def decide(meeting, decisions: dict[str, tuple[str, str]]):
	"""Record {issue: (decision, text)} on the agenda rows."""
	for row in meeting.agenda:
		if row.community_issue in decisions:
			row.resolution, row.resolution_text = decisions[row.community_issue]
	meeting.save()
	return meeting


def log_of(name):
	return frappe.get_all(
		"Community Issue Log", filters={"community_issue": name}, fields=["*"], order_by="sequence asc"
	)


# ---- attendance and quorum ----------------------------------------------------------------------


def test_attendance_is_the_committee_on_the_date_and_guests_do_not_count(world):
	meeting = new_meeting(world, present=[world.chair, world.secretary, world.vice], agenda=False)
	members = [r for r in meeting.attendance if r.attendee_type == "Member"]
	assert [r.user for r in members][:2] == [world.chair, world.vice]  # the chair first, the secretaries last
	assert members[-1].position == "Secretary" and len(members) == 8
	assert (meeting.members_present, meeting.quorum_members, meeting.quorum_required) == (3, 8, 5)
	filled = api.fill_attendance(meeting.as_json())
	assert (filled["members_present"], filled["quorum_members"], filled["quorum_required"]) == (3, 8, 5)
	assert [r["attendance"] for r in filled["attendance"]][:3] == ["Present", "Present", "Absent"]
	meeting.append(
		"attendance",
		{"attendee_type": "Invited Guest", "attendee_name": "นายอำเภอ", "organisation": "ที่ว่าการเขต"},
	)
	meeting.save()
	assert meeting.members_present == 3  # a guest does not count
	assert [r.attendee_name for r in meeting.attendance if r.attendee_type == "Invited Guest"] == ["นายอำเภอ"]


def test_submit_without_quorum_is_refused_with_the_numbers(world):
	meeting = new_meeting(world, present=[world.chair, world.secretary, world.vice, world.members[0]])
	with pytest.raises(service.NoQuorum, match=r"No quorum: 4 of the 8 members .* quorum is 5"):
		meeting.submit()
	meeting = frappe.get_doc(DOCTYPE, meeting.name)
	meeting.attendance[4].attendance = "Present"
	meeting.save()
	meeting.submit()
	assert meeting.docstatus == 1 and meeting.members_present == 5


# ---- the agenda and its resolutions -------------------------------------------------------------


def test_get_issues_draws_the_committees_issues_oldest_first_and_marks_overdue(world):
	older, newer = raise_issue("ปัญหาเก่า"), raise_issue("ปัญหาใหม่")
	frappe.db.set_value(
		"Community Issue",
		older.name,
		{"rung_since": add_days(nowdate(), -40), "rung_due_date": add_days(nowdate(), -25)},
		update_modified=False,
	)
	frappe.set_user(world.secretary)
	form = {
		"doctype": DOCTYPE,
		"committee": world.committee,
		"meeting_date": nowdate(),
		"start_time": "09:00:00",
		"agenda": [{"item_type": "Follow-up", "topic": "ติดตามไฟถนน"}],
	}
	rows = api.get_issues(json.dumps(form))
	issues = [r for r in rows if r["item_type"] == "Issue"]
	assert [r["community_issue"] for r in issues] == [older.name, newer.name]
	assert [r["is_overdue"] for r in issues] == [1, 0]
	assert [r["agenda_no"] for r in rows] == ["3", "4.1", "4.2"]  # the follow-up item is kept
	assert issues[0]["issue_state"] == "At Station" and issues[0]["issue_log_sequence"] == 1
	frappe.set_user(world.members[0])
	with pytest.raises(frappe.PermissionError):
		api.get_issues(json.dumps(form))


def test_submit_applies_every_resolution_through_the_ladder_with_the_minutes_reference(world):
	resolve, escalate, defer = raise_issue("แก้ได้"), raise_issue("เกินอำนาจ"), raise_issue("รอข้อมูล")
	meeting = new_meeting(world)
	decide(
		meeting,
		{
			resolve.name: ("Resolve", "ประสานเขตซ่อมไฟแล้ว"),
			escalate.name: ("Escalate", "ต้องใช้งบประมาณของเขต"),
			defer.name: ("Defer", "รอข้อมูลจากชุมชน"),
		},
	)
	frappe.set_user(world.chair)
	meeting.submit()
	label = rules.meeting_label(meeting.meeting_number, getdate(nowdate()).year + 543)
	assert meeting.meeting_label == label and meeting.resolutions_applied == 2
	numbers = {r.community_issue: r.agenda_no for r in meeting.agenda if r.community_issue}
	states = {n: frappe.db.get_value("Community Issue", n, "workflow_state") for n in numbers}
	assert states == {resolve.name: "Resolved", escalate.name: "At District", defer.name: "At Station"}
	for issue, action, reason in (
		(resolve.name, "Resolve", "ประสานเขตซ่อมไฟแล้ว"),
		(escalate.name, "Escalate", "ต้องใช้งบประมาณของเขต"),
	):
		last = log_of(issue)[-1]
		assert (last.action, last.reason, last.acted_by) == (action, reason, world.chair)
		assert last.committee_meeting == meeting.name and str(last.meeting_date) == nowdate()
		assert last.resolution_reference == f"รายงานการประชุม {label} วาระที่ {numbers[issue]}"
	assert len(log_of(defer.name)) == 1  # deferred: the issue stays, nothing logged
	# the minutes, in Thai, are attached to the meeting (by the job the submit queued; at once in tests)
	meeting.reload()
	file = frappe.get_doc("File", {"attached_to_doctype": DOCTYPE, "attached_to_name": meeting.name})
	assert meeting.minutes_pdf == file.file_url and file.get_content()[:5] == b"%PDF-"
	html = service_html(meeting)
	assert f"รายงานการประชุม{meeting.committee_title}" in html and label in html
	assert "มติที่ประชุม" in html and "เลิกประชุมเวลา 11.00 น." in html
	# the district's chair hears once, for the meeting's escalations
	assert frappe.db.exists(
		"Notification Log", {"for_user": world.district_chair, "document_name": escalate.name}
	)


def service_html(meeting) -> str:
	from stronger_together.meetings import minutes

	return minutes.html(frappe.get_doc(DOCTYPE, meeting.name))


def test_a_vice_chair_presides_only_when_the_chair_is_absent(world):
	issue = raise_issue("รองประธานพิจารณา")
	everyone_but_chair = [world.vice, world.secretary, *world.members]
	with pytest.raises(frappe.ValidationError, match="so the chair presides, not vice-chair"):
		meeting = new_meeting(world, presiding_chair=world.vice)
		decide(meeting, {issue.name: ("Escalate", "เกินอำนาจ")}).submit()
	meeting = new_meeting(world, presiding_chair=world.vice, present=everyone_but_chair)
	decide(meeting, {issue.name: ("Escalate", "เกินอำนาจของสถานี")}).submit()
	last = log_of(issue.name)[-1]
	assert (last.action, last.acted_by) == ("Escalate", world.vice)
	# a plain member cannot preside at all
	with pytest.raises(frappe.ValidationError, match="is not the chair or acting chair"):
		new_meeting(world, presiding_chair=world.members[0])


def test_a_district_meeting_returns_an_issue_and_a_missing_rung_applies_nothing(world):
	back, up = raise_issue("ส่งกลับ"), raise_issue("ส่งต่อไม่ได้")
	station = new_meeting(world)
	decide(station, {back.name: ("Escalate", "เกินอำนาจ"), up.name: ("Escalate", "เกินอำนาจ")}).submit()
	district = new_meeting(world, as_user=world.district_chair, committee=world.district_committee)
	decide(district, {back.name: ("Return", "สถานีแก้ได้เอง"), up.name: ("Escalate", "เกินอำนาจเขต")})
	with pytest.raises(service.ResolutionsRefused) as refused:
		district.submit()
	message = str(refused.value)
	assert "No resolution of this meeting was applied: 1 of 2" in message
	assert up.name in message and "No active Division committee" in message
	# nothing applied, even without the request's rollback: the Return was undone to the savepoint
	assert frappe.db.get_value("Community Issue", back.name, "workflow_state") == "At District"
	assert frappe.db.get_value(DOCTYPE, district.name, "docstatus") == 0
	district = frappe.get_doc(DOCTYPE, district.name)
	district.set("agenda", [r for r in district.agenda if r.community_issue != up.name])
	district.submit()
	assert frappe.db.get_value("Community Issue", back.name, "workflow_state") == "At Station"
	assert log_of(back.name)[-1].committee_meeting == district.name


def test_one_stale_issue_makes_the_whole_submit_apply_nothing(world):
	fine, stale = raise_issue("ปกติ"), raise_issue("ถูกย้ายก่อนประชุม")
	meeting = new_meeting(world)
	decide(meeting, {fine.name: ("Resolve", "แก้ไขแล้ว"), stale.name: ("Resolve", "แก้ไขแล้ว")})
	# after the agenda was drawn, the chair accepts the issue alone (a move that keeps its state)
	frappe.set_user(world.chair)
	ladder_api.act_on_issue(stale.name, "Accept")
	frappe.set_user(world.secretary)
	with pytest.raises(service.ResolutionsRefused) as refused:
		frappe.get_doc(DOCTYPE, meeting.name).submit()
	message = str(refused.value)
	assert stale.name in message and "moved since the agenda was drawn" in message
	assert fine.name not in message
	assert frappe.db.get_value("Community Issue", fine.name, "workflow_state") == "At Station"
	assert [r.action for r in log_of(fine.name)] == ["Raise"]


def test_a_submitted_meeting_cannot_be_submitted_again_or_cancelled(world):
	issue = raise_issue("ยื่นซ้ำ")
	meeting = new_meeting(world)
	decide(meeting, {issue.name: ("Escalate", "เกินอำนาจ")}).submit()
	steps = len(log_of(issue.name))
	with pytest.raises(frappe.DocstatusTransitionError, match="resolutions were applied once"):
		frappe.get_doc(DOCTYPE, meeting.name).submit()
	assert len(log_of(issue.name)) == steps
	with pytest.raises(service.MeetingMovesApplied, match="Correct an issue through the ladder"):
		frappe.get_doc(DOCTYPE, meeting.name).cancel()


def test_a_meeting_without_moves_cancels_and_its_amendment_keeps_the_number(world):
	meeting = new_meeting(world, agenda=False)
	meeting.append(
		"agenda", {"item_type": "Announcements", "topic": "แจ้งเพื่อทราบ", "resolution_text": "รับทราบ"}
	)
	meeting.save()
	meeting.submit()
	number = meeting.meeting_number
	meeting.cancel()
	assert frappe.db.get_value(DOCTYPE, meeting.name, "number_key") is None
	amended = frappe.copy_doc(meeting)
	amended.amended_from, amended.docstatus = meeting.name, 0
	amended.insert()
	amended.submit()
	assert amended.meeting_number == number


def test_only_the_secretary_or_chair_keeps_the_committees_meetings(world):
	with pytest.raises(frappe.PermissionError):
		new_meeting(world, as_user=world.members[0], agenda=False)
	with pytest.raises(frappe.PermissionError):
		new_meeting(world, as_user=world.other_chair, agenda=False)
	meeting = new_meeting(world, as_user=world.chair, agenda=False)
	frappe.set_user(world.members[0])
	assert meeting.has_permission("read") and not meeting.has_permission("submit")


# ---- numbering under concurrent submits ---------------------------------------------------------


def test_two_secretaries_submitting_at_once_get_distinct_numbers(world):
	drafts = [new_meeting(world, agenda=False).name for _ in range(2)]
	frappe.db.commit()
	site, sites_path = frappe.local.site, frappe.local.sites_path
	barrier = threading.Barrier(2)
	outcomes = [None, None]

	def run(i, secretary, name):
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		try:
			frappe.set_user(secretary)
			doc = frappe.get_doc(DOCTYPE, name)
			barrier.wait()
			try:
				doc.submit()
				frappe.db.commit()
				outcomes[i] = doc.meeting_number
			except Exception as e:
				frappe.db.rollback()
				outcomes[i] = e
		finally:
			frappe.destroy()

	threads = [
		threading.Thread(target=run, args=(i, s, n))
		for i, (s, n) in enumerate(zip((world.secretary, world.secretary2), drafts, strict=True))
	]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	assert all(isinstance(o, int) for o in outcomes), outcomes
	assert sorted(outcomes)[1] == sorted(outcomes)[0] + 1
	be_year = getdate(nowdate()).year + 543
	numbers = frappe.get_all(
		DOCTYPE,
		filters={"committee": world.committee, "be_year": be_year, "docstatus": (">", 0)},
		pluck="meeting_number",
	)
	assert sorted(set(numbers)) == list(range(1, max(numbers) + 1)) and len(numbers) == len(set(numbers))


# ---- around the meeting -------------------------------------------------------------------------


def test_members_hear_when_a_meeting_is_scheduled_and_the_day_before(world):
	tomorrow = add_days(nowdate(), 1)
	meeting = new_meeting(world, day=tomorrow, agenda=False)
	assert frappe.db.exists("Notification Log", {"for_user": world.members[1], "document_name": meeting.name})
	frappe.db.delete("Notification Log", {"document_name": meeting.name})
	assert meeting.name in notices.send_reminders()
	assert (
		frappe.db.count("Notification Log", {"for_user": world.members[1], "document_name": meeting.name})
		== 1
	)
	assert meeting.name not in notices.send_reminders()  # once


def test_the_monthly_report_counts_meetings_and_resolutions(world):
	frappe.db.sql("delete from `tabMonthly Unit Report` where police_unit in %s", ((STATION, DIVISION),))
	a, b = raise_issue("นับมติหนึ่ง"), raise_issue("นับมติสอง")
	today = getdate(nowdate())
	before = monthly.meeting_counts(today.year, today.month, [STATION]).get(STATION, {})
	meeting = new_meeting(world)
	decide(meeting, {a.name: ("Resolve", "แก้ไขแล้ว"), b.name: ("Defer", "รอ")}).submit()
	frappe.set_user("Administrator")
	monthly.draft_reports(today.year, today.month, ("Station", "Division"), under=DIVISION, commit=False)
	report = frappe.get_doc(
		"Monthly Unit Report", {"police_unit": STATION, "year": today.year, "month": today.month}
	)
	assert report.meetings_held == before.get("meetings_held", 0) + 1
	assert report.resolutions_made == before.get("resolutions_made", 0) + 2
	report.submit()
	monthly.draft_reports(today.year, today.month, ("Division",), under=DIVISION, commit=False)
	division = frappe.get_doc(
		"Monthly Unit Report", {"police_unit": DIVISION, "year": today.year, "month": today.month}
	)
	assert (division.meetings_held, division.resolutions_made) == (
		report.meetings_held,
		report.resolutions_made,
	)


# ---- access over REST ---------------------------------------------------------------------------


def _rest(user_, calls):
	from frappe.app import application
	from werkzeug.test import Client

	out = {}
	h = {"Host": frappe.local.site}

	def run():
		c = Client(application)
		r = c.post("/api/method/login", data={"usr": user_, "pwd": PASSWORD}, headers=h)
		assert r.status_code == 200, r.get_data(as_text=True)
		out["result"] = calls(c, h)

	t = threading.Thread(target=run)
	t.start()
	t.join()
	return out["result"]


def test_access_over_rest_for_a_member_a_non_member_and_the_level_above(world):
	meeting = new_meeting(world, agenda=False)
	frappe.db.commit()

	def reads(c, h):
		one = c.get(f"/api/resource/{DOCTYPE}/{meeting.name}", headers=h)
		listed = c.get(
			f'/api/resource/{DOCTYPE}?limit_page_length=0&filters=[["committee","=","{world.committee}"]]',
			headers=h,
		)
		rows = c.post(
			"/api/method/frappe.client.get_list",
			data={
				"doctype": "Committee Meeting Attendance",
				"parent": DOCTYPE,
				"fields": json.dumps(["parent", "attendee_name"]),
				"filters": json.dumps({"parent": meeting.name}),
			},
			headers=h,
		)
		pdf = c.get(
			f"/api/method/stronger_together.api.meetings.download_minutes?name={meeting.name}", headers=h
		)
		return one, listed, rows, pdf

	def writes(c, h):
		body = {
			"committee": world.committee,
			"meeting_date": nowdate(),
			"start_time": "13:00:00",
			"end_time": "15:00:00",
		}
		created = c.post(
			f"/api/resource/{DOCTYPE}",
			data=json.dumps(body),
			headers={**h, "Content-Type": "application/json"},
		)
		drawn = c.post(
			"/api/method/stronger_together.api.meetings.get_issues",
			data={"doc": json.dumps({"doctype": DOCTYPE, **body})},
			headers=h,
		)
		return created, drawn

	for who in (world.members[0], world.district_chair):
		one, listed, rows, pdf = _rest(who, reads)
		assert one.status_code == 200, (who, one.get_data(as_text=True))
		assert meeting.name in {r["name"] for r in listed.get_json()["data"]}
		assert {r["parent"] for r in rows.get_json()["message"]} == {meeting.name}
		assert pdf.status_code == 200 and pdf.data[:5] == b"%PDF-"
	one, listed, rows, pdf = _rest(world.other_chair, reads)
	assert one.status_code == 403 and pdf.status_code == 403
	assert listed.get_json()["data"] == [] and rows.get_json()["message"] == []
	created, drawn = _rest(world.members[0], writes)
	assert created.status_code == 403 and drawn.status_code == 403
	created, drawn = _rest(world.secretary, writes)
	assert created.status_code == 200, created.get_data(as_text=True)
	assert drawn.status_code == 200
	frappe.db.rollback()
	frappe.delete_doc(DOCTYPE, created.get_json()["data"]["name"], ignore_permissions=True)
	frappe.delete_doc(DOCTYPE, meeting.name, ignore_permissions=True)
	frappe.db.commit()


def test_a_meeting_cannot_move_issues_outside_its_submit(world):
	"""The ladder's MEETING kind only acts while its meeting is being submitted."""
	issue = raise_issue("นอกการประชุม")
	doc = frappe.get_doc("Community Issue", issue.name, for_update=True)
	with pytest.raises(frappe.PermissionError, match="applied only by submitting the meeting"):
		doc.act(
			"Escalate", actor=world.chair, notes={"reason": "x", "committee_meeting": "MTG-X"}, kind="meeting"
		)
