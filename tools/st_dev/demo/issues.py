"""Community issues spread over the months and the ladder, with a coherent workflow history.

Each issue is raised at a station by one of its members, climbs some rungs (every Escalate logged, with the
chair of the committee that acted and a reason), and ends open on its current rung, Resolved, Closed,
Rejected or Reported to Government. State, current rung and committee, due date and log always agree.
"""

import datetime
import random

import frappe
from frappe.utils import add_days, getdate, today

from st_dev.demo import bulk
from stronger_together import settings
from stronger_together.ladder.routing import area_key
from stronger_together.ladder.rungs import RUNGS

ISSUES_PER_MONTH = {"small": 4, "national": 10_000}
MONTHS = {"small": 3, "national": 12}
ESCALATE_P = 0.3  # chance a committee passes the issue up rather than deciding it
CATEGORIES = (
	("Crime", "ลักทรัพย์ในหมู่บ้านช่วงกลางคืน"),
	("Drugs", "มีการมั่วสุมเสพยาเสพติดในพื้นที่"),
	("Traffic and Road Safety", "ทางแยกไม่มีสัญญาณไฟ เกิดอุบัติเหตุบ่อย"),
	("Public Order", "เสียงดังรบกวนจากร้านค้ายามวิกาล"),
	("Livelihood", "ชาวบ้านขาดรายได้หลังฤดูเก็บเกี่ยว"),
	("Culture", "ต้องการสนับสนุนงานประเพณีประจำปี"),
	("Tourism", "นักท่องเที่ยวถูกเอาเปรียบค่าบริการ"),
	("Environment", "ลักลอบทิ้งขยะริมคลอง"),
	("Other", "ไฟส่องสว่างถนนในซอยชำรุด"),
)


def context_maps(ctx):
	committees = {}
	chairs = {}
	for c in frappe.get_all("Committee", filters={"is_active": 1}, fields=["name", "area_key"]):
		committees[c.area_key] = c.name
	for m in frappe.get_all(
		"Committee Member",
		filters={"position": "Chair", "parenttype": "Committee"},
		fields=["parent", "user"],
	):
		chairs.setdefault(m.parent, m.user)
	units = {u.name: u for u in frappe.get_all("Police Unit", fields=["name", "parent_police_unit"])}
	subdistricts = {s.name: s for s in frappe.get_all("Subdistrict", fields=["name", "district", "province"])}
	return committees, chairs, units, subdistricts


def generate_issues(ctx, per_month: int | None = None) -> str:
	"""Issues for the plan's stations that have none yet.

	Each station draws its own issues from its own seeded generator (about per_month / stations a month),
	so a station's issues do not depend on which other stations already have theirs: a re-run adds nothing.
	"""
	all_stations = [s["unit_code"] for s in ctx.stations]
	have = set(frappe.get_all("Community Issue", pluck="station", distinct=True))
	committees, chairs, units, subdistricts = context_maps(ctx)
	reporters: dict[str, list] = {}
	for m in frappe.get_all("Network Member", fields=["name", "station", "subdistrict"], order_by="name"):
		reporters.setdefault(m.station, []).append(m)
	stations = [s for s in all_stations if s not in have and reporters.get(s)]
	if not stations:
		return "0 new issues"
	rate = (per_month or ISSUES_PER_MONTH[ctx.scale]) / len(all_stations)
	sla = settings.sla_days()
	end = getdate(today())
	drafts, missing = [], set()
	for station in stations:
		rng = random.Random(f"{ctx.seed}:{station}")
		for month in range(MONTHS[ctx.scale] - 1, -1, -1):
			month_start = _months_back(end, month)
			count = int(rate) + (1 if rng.random() < rate - int(rate) else 0)
			for _ in range(count):
				reporter = rng.choice(reporters[station])
				raised = min(month_start + datetime.timedelta(days=rng.randint(0, 27)), end)
				issue, logs = build_issue(
					rng, station, reporter, raised, end, units, subdistricts, committees, chairs, sla
				)
				if issue is None:
					missing.add(logs)
					continue
				drafts.append((issue, logs))
	# numbered in the order they were raised, per year (ISS-2026-0000001 ...)
	drafts.sort(key=lambda d: (d[0]["creation"], d[0]["station"]))
	for issue, _logs in drafts:
		issue["_year"] = issue["raised_on"].year
	names = name_issues([d[0] for d in drafts])
	all_logs = []
	for name, (issue, logs) in zip(names, drafts, strict=True):
		area = {k: issue[k] for k in ("station", "division", "bureau", "district", "province")}
		for seq, log in enumerate(logs, start=1):
			all_logs.append(
				{
					"name": frappe.generate_hash(length=12),
					"community_issue": name,
					"sequence": seq,
					**area,
					**log,
				}
			)
	bulk.insert("Community Issue Log", all_logs)
	note = f", {len(missing)} skipped for missing committees" if missing else ""
	return f"{len(drafts)} new issues, {len(all_logs)} log rows{note}"


def _months_back(end: datetime.date, months: int) -> datetime.date:
	y, m = end.year, end.month - months
	while m <= 0:
		m += 12
		y -= 1
	return datetime.date(y, m, 1)


def name_issues(rows: list[dict]) -> list[str]:
	"""Names follow the DocType's format ISS-{YYYY}-{#######}, by year raised; the series moves on."""
	by_year: dict[int, list[dict]] = {}
	for r in rows:
		by_year.setdefault(r.pop("_year"), []).append(r)
	for year, year_rows in sorted(by_year.items()):
		names_y = bulk.insert_named_series("Community Issue", f"ISS-{year}-", 7, year_rows)
		for r, n in zip(year_rows, names_y, strict=True):
			r["name"] = n
	return [r["name"] for r in rows]


def build_issue(rng, station, reporter, raised, end, units, subdistricts, committees, chairs, sla):
	sub = subdistricts[reporter.subdistrict]
	division = units[station].parent_police_unit
	bureau = units[division].parent_police_unit
	areas = {
		"Station": station,
		"District": sub.district,
		"Division": division,
		"Province": sub.province,
		"Bureau": bureau,
		"National HQ": units[bureau].parent_police_unit,
	}
	route = {}
	for rung in RUNGS:
		c = committees.get(area_key(rung, areas[rung]))
		if not c:
			return None, f"{rung}:{areas[rung]}"
		route[rung] = c
	category, title = rng.choice(CATEGORIES)
	at = datetime.datetime.combine(raised, datetime.time(rng.randint(8, 16), rng.randint(0, 59)))
	now_dt = datetime.datetime.combine(end, datetime.time(23, 59))
	logs = [
		_log(
			"Raise",
			None,
			"At Station",
			None,
			"Station",
			route["Station"],
			reporter_user(chairs, route, "Station"),
			at,
			0,
			"",
		)
	]
	rung_i = 0
	state = "At Station"
	resolved = {}
	reported_on = None
	while True:
		rung = RUNGS[rung_i]
		days = rng.randint(1, max(sla[rung], 1) + 3)
		decide_at = at + datetime.timedelta(days=days, hours=rng.randint(0, 5))
		if decide_at > now_dt:
			break  # still open on this rung
		roll = rng.random()
		actor = reporter_user(chairs, route, rung)
		if roll < ESCALATE_P:
			if rung == "National HQ":
				logs.append(
					_log(
						"Escalate",
						state,
						"Reported to Government",
						rung,
						rung,
						route[rung],
						actor,
						decide_at,
						days,
						"เกินขีดความสามารถของหน่วย เสนอรัฐบาลพิจารณา",
					)
				)
				state, reported_on, at = "Reported to Government", decide_at.date(), decide_at
				break
			up = RUNGS[rung_i + 1]
			logs.append(
				_log(
					"Escalate",
					state,
					f"At {up}",
					rung,
					up,
					route[up],
					actor,
					decide_at,
					days,
					"เกินขีดความสามารถของคณะกรรมการระดับนี้",
				)
			)
			state, rung_i, at = f"At {up}", rung_i + 1, decide_at
			continue
		if roll < 0.33 and rung == "Station":
			logs.append(
				_log(
					"Reject",
					state,
					"Rejected",
					rung,
					rung,
					route[rung],
					actor,
					decide_at,
					days,
					"ไม่อยู่ในขอบเขตของโครงการ",
				)
			)
			state, at = "Rejected", decide_at
			break
		logs.append(_log("Resolve", state, "Resolved", rung, rung, route[rung], actor, decide_at, days, ""))
		logs[-1]["meeting_date"] = decide_at.date()
		logs[-1]["resolution_reference"] = f"มติที่ประชุม {decide_at.month}/{decide_at.year + 543}"
		state, at = "Resolved", decide_at
		resolved = {
			"resolved_on": decide_at.date(),
			"resolved_at_rung": rung,
			"resolution": "คณะกรรมการประสานหน่วยงานที่เกี่ยวข้องแก้ไขแล้ว",
		}
		break
	rung = RUNGS[rung_i]
	open_ = state.startswith("At ")
	since = logs[-1]["acted_at"] if open_ else None
	due = add_days(since.date(), sla[rung]) if open_ else None
	issue = {
		"title": f"{title} ({sub.name})",
		"category": category,
		"priority": rng.choice(("Low", "Medium", "Medium", "High", "Urgent")),
		"raised_on": raised,
		"workflow_state": state,
		"current_rung": rung,
		"current_committee": route[rung],
		"rung_since": logs[-1]["acted_at"],
		"rung_due_date": due,
		"is_overdue": int(bool(due and getdate(due) < end)),
		"reporter": reporter.name,
		"station": station,
		"subdistrict": reporter.subdistrict,
		"district": sub.district,
		"province": sub.province,
		"division": division,
		"bureau": bureau,
		"description": f"<p>{title} แจ้งโดยสมาชิกเครือข่าย {reporter.name}</p>",
		"action_reason": logs[-1]["reason"] or None,
		"reported_to_government_on": reported_on,
		"closing_reason": logs[-1]["reason"] if state == "Rejected" else None,
		"creation": datetime.datetime.combine(raised, datetime.time(8, 0)),
		"modified": logs[-1]["acted_at"],
		**resolved,
	}
	return issue, logs


def reporter_user(chairs, route, rung):
	return chairs.get(route[rung]) or "Administrator"


def _log(action, from_state, to_state, from_rung, to_rung, committee, user, at, days, reason):
	return {
		"action": action,
		"from_state": from_state,
		"to_state": to_state,
		"from_rung": from_rung,
		"to_rung": to_rung,
		"committee": committee,
		"acted_by": user,
		"acted_at": at,
		"days_on_rung": float(days),
		"reason": reason or None,
		"creation": at,
		"modified": at,
	}
