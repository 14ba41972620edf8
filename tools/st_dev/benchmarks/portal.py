"""Benchmark: the members' portal on a site holding many issues.

	bench --site SITE execute stronger_together.benchmarks.portal.run [--kwargs "{'issues': 100000}"]

On the escalate benchmark's own station (สน.วัดผลเวลา, its ladder and its bulk issues) it times:
- creating the portal accounts of a station's 50 active members (one call, as the coordinator's button);
- raising a problem with one photo (raise_problem in-process: checks, the issue, the photo, the log,
  the chairs' notification), 30 members once each;
- the possible-recurrence lookup a new issue makes, on `issues` issues (and its query plan);
- the daily close of unanswered resolutions, per issue (close_chunk, one commit per issue).
"""

import io
import statistics
import time

import frappe
from frappe.utils import add_days, nowdate

from st_dev.benchmarks.escalate import STATION, SUBDISTRICT, bulk_insert_issues, setup_ladder
from st_dev.guard import require_scratch_site

MEMBERS = 50
MOBILE_BASE = 833_000_000  # the benchmark's members: 0833000000 ...


def run(issues: int = 100_000, raises: int = 30, closes: int = 100):
	require_scratch_site()
	frappe.set_user("Administrator")
	setup_ladder()
	have = bulk_insert_issues(issues)
	members = ensure_members()
	out = {"issues": have}
	out["accounts_s"] = time_accounts()
	out["raise_ms"] = time_raises(members[:raises])
	out["recurrence_ms"] = time_recurrence()
	out["close_ms"] = time_closing(members, closes)
	print(f"Community Issue rows: {frappe.db.count('Community Issue')} (benchmark rows: {have})")
	print(f"Accounts for {MEMBERS} members of a station: {out['accounts_s']:.2f} s")
	print(_summary(f"Raise a problem with a photo ({len(out['raise_ms'])} members)", out["raise_ms"]))
	print(_summary("Possible-recurrence lookup", out["recurrence_ms"]))
	print(_summary(f"Close an unanswered resolution ({len(out['close_ms'])} issues)", out["close_ms"]))
	return out


def _summary(label: str, ms: list[float]) -> str:
	ms = sorted(ms)
	return (
		f"{label}: median {statistics.median(ms):.1f} ms, p95 {ms[max(int(len(ms) * 0.95) - 1, 0)]:.1f} ms, "
		f"max {ms[-1]:.1f} ms"
	)


def ensure_members() -> list[str]:
	from stronger_together.people.rules import national_id_with_check_digit

	names = []
	for i in range(MEMBERS):
		mobile = f"0{MOBILE_BASE + i}"
		name = frappe.db.get_value("Network Member", {"mobile": mobile})
		if not name:
			doc = frappe.get_doc(
				{
					"doctype": "Network Member",
					"title": "นาย",
					"first_name": f"สมาชิก{i}",
					"last_name": "วัดผลเวลา",
					"national_id": national_id_with_check_digit(f"5{MOBILE_BASE + i:011d}"),
					"station": STATION,
					"subdistrict": SUBDISTRICT,
					"status": "Active",
					"mobile": mobile,
				}
			).insert()
			name = doc.name
		names.append(name)
	frappe.db.commit()
	return names


def time_accounts() -> float:
	from stronger_together.portal import accounts

	start = time.perf_counter()
	accounts.create_accounts(STATION)
	frappe.db.commit()
	return time.perf_counter() - start


def _photo() -> tuple[str, bytes]:
	from PIL import Image

	out = io.BytesIO()
	Image.effect_noise((1600, 1200), 64).convert("RGB").save(out, format="JPEG", quality=90)
	return "photo.jpg", out.getvalue()


def time_raises(members: list[str]) -> list[float]:
	from stronger_together.permissions.portal import portal_member
	from stronger_together.portal import raising

	photo = _photo()
	timings = []
	for name in members:
		user = frappe.db.get_value("Network Member", name, "user")
		member = portal_member(user)
		frappe.set_user(user)
		start = time.perf_counter()
		raising.raise_problem(member, "ไฟถนนดับ", "Livelihood", SUBDISTRICT, "มืดมาก", photos=[photo])
		frappe.db.commit()
		timings.append((time.perf_counter() - start) * 1000)
		frappe.set_user("Administrator")
	return timings


def time_recurrence(samples: int = 50) -> list[float]:
	from stronger_together.portal.recurrence import possible_recurrence_of

	categories = frappe.get_meta("Community Issue").get_options("category").split("\n")
	plan = frappe.db.sql(
		"explain select name from `tabCommunity Issue` where category = %s and subdistrict = %s",
		(categories[0], SUBDISTRICT),
		as_dict=True,
	)
	print("Query plan of the lookup:", [(p.get("key"), p.get("rows")) for p in plan])
	timings = []
	for i in range(samples):
		start = time.perf_counter()
		possible_recurrence_of(categories[i % len(categories)], SUBDISTRICT)
		timings.append((time.perf_counter() - start) * 1000)
	return timings


def time_closing(members: list[str], count: int) -> list[float]:
	from stronger_together.portal import feedback

	names = frappe.get_all(
		"Community Issue",
		filters={"reporter": ("in", members), "workflow_state": "At Station"},
		pluck="name",
		limit=count,
	)
	# resolved 40 days ago, nobody answered
	frappe.db.sql(
		"""update `tabCommunity Issue` set workflow_state = 'Resolved', resolved_at_rung = 'Station',
		resolved_on = %s, resolution = 'แก้ไขแล้ว' where name in %s""",
		(add_days(nowdate(), -40), tuple(names) or ("",)),
	)
	frappe.db.commit()
	timings = []
	for name in names:
		start = time.perf_counter()
		feedback.close_chunk([name])
		timings.append((time.perf_counter() - start) * 1000)
	return timings or [0.0]
