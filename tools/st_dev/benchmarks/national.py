"""Benchmark: the app at national scale, up to 1,000,000 issues, measured side by side in one run.

        ./st bench national [--issues 1000000] [--checkpoints 120000,1000000] [--samples 30]

On the scratch site only. It loads the national demo if the site lacks it (st_dev.demo.generate), then GROWS
the Community Issue table (and each new issue's first Community Issue Log row) to each checkpoint by
set-wise SQL: INSERT ... SELECT in chunks of the demo's finished issues (resolved, closed, rejected,
reported), with new names (GRWkk-<source name>), moved k stations along the station list (station,
sub-district, district, province, division, bureau, reporter and the committee of the issue's rung all
those of the new station) and k years back (every date column), so a million issues are years of history,
not more issues a month. Resolved copies are Closed with "No Answer" (years old: the daily job closed them).
Idempotent: it grows only what is missing, and resumes a grow that was stopped.

At each checkpoint it prints (median of `samples`, with the load average):
- the desk list (20 rows, newest first: frappe.desk.reportview.get as the user) and its exact count
  (frappe.desk.reportview.get_count) for the chair of the busiest station, district, division, province
  and bureau of the demo and the national chair, on Community Issue, Community Issue Log, Network Member
  and Monthly Unit Report: as Frappe issues them with the app's scope; with stock Frappe's User Permission
  filtering (a user whose role the app leaves unscoped, National HQ Officer, plus User Permission rows
  giving the same area, built for the comparison and removed after); and the index-driven IN-list query
  (`station in (...)` SQL for the same area); with the ratios and the rows each returns;
- each live report through frappe.desk.query_report.run as Administrator and as the division chair;
- the month's read for the station reports (its EXPLAIN), drafting and submitting a month's reports,
  one Escalate (benchmarks/escalate), a 200-issue meeting submit (benchmarks/meeting) and Open311
  GET requests (benchmarks/open311);
and at the last checkpoint each scheduled job of hooks.py with a backlog of `backlog` issues newly past
their due date, against its queue's time limit. The figures of every checkpoint are kept in the site's
folder (st_national_bench.json), so a later run that starts above a checkpoint still shows its figures.
"""

import contextlib
import io
import json
import math
import os
import statistics
import time
from collections import defaultdict

import frappe
from frappe.utils import add_days, add_months, getdate, nowdate

from st_dev.guard import require_scratch_site

CHECKPOINTS = (120_000, 1_000_000)
GROW = "GRW"  # grown issues: GRW01-ISS-2026-0000001 (round 1 of the source issue ISS-2026-0000001)
CHUNK = 20_000
FINAL = ("Resolved", "Closed", "Rejected", "Reported to Government")
LEVELS = ("Station", "District", "Division", "Province", "Bureau", "National HQ")
AREA_COLUMN = {
	"Station": "station",
	"District": "district",
	"Division": "division",
	"Province": "province",
	"Bureau": "bureau",
}
DOCTYPES = (
	"Community Issue",
	"Community Issue Log",
	"Network Member",
	"Monthly Unit Report",
)
STOCK_ROLE = "National HQ Officer"  # the app's scope is "everything": only Frappe's User Permissions filter
STOCK_DOMAIN = "@bench-national.invalid"
RESULTS_FILE = "st_national_bench.json"
# a way of reading that is slow gets at least MIN_SAMPLES samples and stops once it has spent BUDGET_S
MIN_SAMPLES, BUDGET_S = 5, 20.0
QUEUE_LIMIT = {
	"short": 300,
	"default": 300,
	"long": 1500,
}  # Frappe's RQ timeouts (seconds)


def run(
	issues: int = 1_000_000,
	checkpoints=CHECKPOINTS,
	samples: int = 30,
	report_samples: int = 5,
	backlog: int = 40_000,
	jobs: bool = True,
	extras: bool = True,
):
	require_scratch_site()
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	frappe.cache.delete_value("app_hooks")  # hooks as this code defines them
	targets = _checkpoints(checkpoints, int(issues))
	_banner(f"National-scale benchmark on {frappe.local.site}: checkpoints {', '.join(map(_n, targets))}")
	print(machine(), flush=True)
	ensure_demo()
	saved = _load_results()
	users = pick_users(saved)
	saved["users"] = users
	for target in targets:
		have = frappe.db.count("Community Issue")
		if have > target * 1.02 and str(target) in saved.get("checkpoints", {}):
			print(
				f"\n{_n(have)} issues already exceed the checkpoint {_n(target)}: its stored figures are shown."
			)
			continue
		if have > target * 1.02:
			print(
				f"\n{_n(have)} issues already exceed the checkpoint {_n(target)} and no figures are stored."
			)
			continue
		grow_to(target)
		figures = measure(target, users, int(samples), int(report_samples), bool(extras))
		saved.setdefault("checkpoints", {})[str(target)] = figures
		_save_results(saved)
		if jobs and target == targets[-1]:
			_guarded(figures, "jobs", scheduled_jobs, int(backlog))
			_save_results(saved)
	summary(saved, targets, users)
	return {"checkpoints": targets, "figures": _results_path()}


def _checkpoints(checkpoints, issues: int) -> list[int]:
	if isinstance(checkpoints, str):
		checkpoints = [c for c in checkpoints.replace(" ", "").split(",") if c]
	if isinstance(checkpoints, int | float):
		checkpoints = [checkpoints]
	out = sorted({int(c) for c in checkpoints if int(c) <= issues} | {issues})
	return out


# ---- the machine and the data ------------------------------------------------------------------


def machine() -> str:
	pool = frappe.db.sql("select @@innodb_buffer_pool_size, @@version")[0]
	mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
	return (
		f"Machine: {os.cpu_count()} CPUs, {mem:.0f} GB RAM, MariaDB {pool[1]}, "
		f"innodb_buffer_pool_size {int(pool[0]) / 2**30:.2f} GB; load average {load()}"
	)


def load() -> str:
	return " ".join(f"{x:.2f}" for x in os.getloadavg())


def ensure_demo():
	stations = frappe.db.count("Police Unit", {"unit_type": "Station"})
	demo_issues = frappe.db.sql("select count(*) from `tabCommunity Issue` where name like 'ISS-%%'")[0][0]
	if stations >= 1400 and demo_issues >= 100_000:
		print(
			f"National demo present: {_n(stations)} stations, {_n(demo_issues)} demo issues.",
			flush=True,
		)
		return
	from st_dev.demo import generate

	print(
		"Loading the national demo (st_dev.demo.generate, scale national) ...",
		flush=True,
	)
	generate(scale="national")
	frappe.set_user("Administrator")


def station_map() -> list[dict]:
	"""Each demo station with what a copied issue takes from it: its first sub-district's district and
	province, division, bureau, national HQ, a member as reporter, and the committee of every rung."""
	rows = frappe.db.sql(
		"""select u.name as station, u.parent_police_unit as division, d.parent_police_unit as bureau,
			b.parent_police_unit as national,
			(select j.subdistrict from `tabPolice Unit Jurisdiction` j where j.parent = u.name
				and j.parenttype = 'Police Unit' order by j.idx limit 1) as subdistrict,
			(select min(m.name) from `tabNetwork Member` m where m.station = u.name) as reporter
		from `tabPolice Unit` u
		join `tabPolice Unit` d on d.name = u.parent_police_unit
		join `tabPolice Unit` b on b.name = d.parent_police_unit
		where u.unit_type = 'Station' and u.disabled = 0
		order by u.name""",
		as_dict=True,
	)
	subdistricts = {s.name: s for s in frappe.get_all("Subdistrict", fields=["name", "district", "province"])}
	committees = {
		c.area_key: c.name
		for c in frappe.get_all("Committee", filters={"is_active": 1}, fields=["name", "area_key"])
	}
	out = []
	for r in rows:
		sub = subdistricts.get(r.subdistrict)
		if not sub or not r.reporter:
			continue
		area = {
			"Station": r.station,
			"District": sub.district,
			"Division": r.division,
			"Province": sub.province,
			"Bureau": r.bureau,
			"National HQ": r.national,
		}
		keys = {level: committees.get(f"{level}:{value}") for level, value in area.items()}
		if not all(keys.values()):
			continue
		out.append(
			{
				**r,
				"district": sub.district,
				"province": sub.province,
				**{f"c_{frappe.scrub(level)}": name for level, name in keys.items()},
			}
		)
	return out


MAP_COLUMNS = (
	"station",
	"subdistrict",
	"district",
	"province",
	"division",
	"bureau",
	"reporter",
	"c_station",
	"c_district",
	"c_division",
	"c_province",
	"c_bureau",
	"c_national_hq",
)


def _make_map_table(stations: list[dict]) -> int:
	frappe.db.commit()
	frappe.db.sql("drop temporary table if exists st_grow_map")
	cols = ", ".join(f"`{c}` varchar(140)" for c in MAP_COLUMNS)
	frappe.db.sql(f"create temporary table st_grow_map (idx int primary key, {cols}, key (station))")
	for i, s in enumerate(stations):
		frappe.db.sql(
			f"insert into st_grow_map (idx, {', '.join(MAP_COLUMNS)}) values (%s{', %s' * len(MAP_COLUMNS)})",
			(i, *[s[c] for c in MAP_COLUMNS]),
		)
	return len(stations)


def _issue_expr(column: str, k: int) -> str:
	months = 12 * k
	dates = {
		"creation",
		"modified",
		"raised_on",
		"rung_since",
		"rung_due_date",
		"accepted_on",
		"meeting_date",
		"resolved_on",
		"reported_to_government_on",
	}
	if column == "name":
		return f"concat('{GROW}{k:02d}-', src.name)"
	if column in dates:
		return f"src.`{column}` - interval {months} month"
	if column in (
		"station",
		"subdistrict",
		"district",
		"province",
		"division",
		"bureau",
	):
		return f"m.`{column}`"
	if column == "current_committee":
		cases = " ".join(f"when '{lvl}' then m.c_{frappe.scrub(lvl)}" for lvl in LEVELS)
		return f"case src.current_rung {cases} else null end"
	if column == "reporter":
		return "if(src.reporter is null, null, m.reporter)"
	if column == "workflow_state":
		return "if(src.workflow_state = 'Resolved', 'Closed', src.workflow_state)"
	if column == "reporter_answer":
		return "if(src.workflow_state = 'Resolved', 'No Answer', src.reporter_answer)"
	if column == "is_overdue":
		return "0"
	if column in (
		"possible_recurrence_of",
		"open311_partner",
		"external_id",
		"_user_tags",
		"_comments",
		"_assign",
		"_liked_by",
		"_seen",
	):
		return "null"
	return f"src.`{column}`"


def _log_expr(column: str, k: int) -> str:
	if column == "name":
		return f"concat('{GROW[0]}{k:02d}', l.name)"
	if column == "community_issue":
		return "c.name"
	if column in ("creation", "modified", "acted_at", "meeting_date"):
		return f"l.`{column}` - interval {12 * k} month"
	if column in ("station", "division", "bureau", "district", "province"):
		return f"c.`{column}`"
	if column == "committee":
		return "m.c_station"
	if column in (
		"committee_meeting",
		"_user_tags",
		"_comments",
		"_assign",
		"_liked_by",
	):
		return "null"
	return f"l.`{column}`"


def grow_to(target: int) -> None:
	"""Copy finished demo issues (and their first log row) set-wise until the table holds `target` issues."""
	have = frappe.db.count("Community Issue")
	if have >= target:
		print(
			f"\nCommunity Issue holds {_n(have)} rows (checkpoint {_n(target)}): nothing to grow.",
			flush=True,
		)
		return
	started = time.perf_counter()
	stations = station_map()
	n = _make_map_table(stations)
	finals = ", ".join(frappe.db.escape(s) for s in FINAL)
	sources = frappe.db.sql(
		f"""select count(*) from `tabCommunity Issue` src join st_grow_map m0 on m0.station = src.station
		where src.name like 'ISS-%%' and src.workflow_state in ({finals})"""
	)[0][0]
	print(
		f"\nGrowing Community Issue from {_n(have)} to {_n(target)} rows: copies of {_n(sources)} finished "
		f"demo issues over {n} stations, one year further back each round ...",
		flush=True,
	)
	issue_cols = frappe.db.get_table_columns("Community Issue")
	log_cols = frappe.db.get_table_columns("Community Issue Log")
	k = 0
	while have < target:
		k += 1
		if k > 99:
			frappe.throw("Cannot grow further: 99 rounds of copies")
		prefix = f"{GROW}{k:02d}-"
		done = frappe.db.sql(
			"select count(*), max(name) from `tabCommunity Issue` where name like %s",
			(prefix + "%",),
		)[0]
		if done[0] >= sources:
			continue
		cursor = done[1][len(prefix) :] if done[1] else ""
		issue_sql = (
			f"insert into `tabCommunity Issue` ({', '.join(f'`{c}`' for c in issue_cols)}) "
			f"select {', '.join(_issue_expr(c, k) for c in issue_cols)} "
			"from `tabCommunity Issue` src join st_grow_map m0 on m0.station = src.station "
			f"join st_grow_map m on m.idx = (m0.idx + {k}) %% {n} "
			f"where src.name like 'ISS-%%' and src.workflow_state in ({finals}) and src.name > %(cursor)s "
			"order by src.name limit %(limit)s"
		)
		log_sql = (
			f"insert into `tabCommunity Issue Log` ({', '.join(f'`{c}`' for c in log_cols)}) "
			f"select {', '.join(_log_expr(c, k) for c in log_cols)} "
			"from `tabCommunity Issue` c "
			f"join `tabCommunity Issue Log` l on l.community_issue = substring(c.name, {len(prefix) + 1}) "
			"and l.sequence = 1 "
			"join st_grow_map m on m.station = c.station "
			"where c.name > %(low)s and c.name <= %(high)s"
		)
		while have < target:
			limit = min(CHUNK, target - have)
			frappe.db.sql(issue_sql, {"cursor": cursor, "limit": limit})
			last = frappe.db.sql(
				"select max(name) from `tabCommunity Issue` where name like %s",
				(prefix + "%",),
			)[0][0]
			if not last or last[len(prefix) :] <= cursor:
				break  # this round is complete
			frappe.db.sql(log_sql, {"low": prefix + cursor, "high": last})
			frappe.db.commit()
			cursor = last[len(prefix) :]
			have = frappe.db.count("Community Issue")
			print(
				f"  round {k}: {_n(have)} issues ({time.perf_counter() - started:.0f} s, load {load()})",
				flush=True,
			)
	frappe.db.sql("drop temporary table if exists st_grow_map")
	frappe.db.sql("analyze table `tabCommunity Issue`, `tabCommunity Issue Log`")
	print(
		f"Grown to {_n(have)} issues, {_n(frappe.db.count('Community Issue Log'))} log rows in "
		f"{time.perf_counter() - started:.0f} s.",
		flush=True,
	)


# ---- who is measured ---------------------------------------------------------------------------


def pick_users(saved: dict) -> dict:
	"""The chair of the busiest area of each level (by the demo's issues) and the national chair; kept in
	the results file so every run measures the same people."""
	if saved.get("users"):
		return saved["users"]
	users = {}
	for level in LEVELS:
		if level == "National HQ":
			area = frappe.get_all("Police Unit", filters={"unit_type": "National HQ"}, pluck="name")[0]
		else:
			col = AREA_COLUMN[level]
			area = frappe.db.sql(
				f"""select `{col}` from `tabCommunity Issue` where name like 'ISS-%%' and `{col}` is not null
				group by `{col}` order by count(*) desc, `{col}` limit 1"""
			)[0][0]
		committee = frappe.db.get_value("Committee", {"area_key": f"{level}:{area}", "is_active": 1})
		chair = frappe.db.sql(
			"""select user from `tabCommittee Member` where parent = %s and parenttype = 'Committee'
			and position = 'Chair' order by user limit 1""",
			committee,
		)[0][0]
		users[level] = {"area": area, "committee": committee, "user": chair}
	return users


def area_filter(level: str, area: str, doctype: str) -> tuple[str, list[str]] | None:
	"""The index-driven IN-list for the same rows, written by hand from the committee's area: the column
	and its values (None for national)."""
	if level == "National HQ":
		return None
	if doctype == "Monthly Unit Report":
		if level == "District":
			units = frappe.get_all(
				"Police Unit Jurisdiction",
				filters={"parenttype": "Police Unit", "district": area},
				pluck="parent",
			)
		elif level == "Province":
			units = frappe.get_all("Police Unit", filters={"province": area}, pluck="name")
		else:
			units = _subtree(area)
		return "police_unit", sorted(units)
	if level in ("District", "Province"):
		return AREA_COLUMN[level], [area]
	return "station", sorted(_subtree(area, "Station"))


def area_sql(level: str, area: str, doctype: str) -> str:
	"""area_filter as SQL: `column in (...)`, or "" for national."""
	found = area_filter(level, area, doctype)
	return f"`{found[0]}` in ({_in(found[1])})" if found else ""


def _subtree(unit: str, unit_type: str | None = None) -> list[str]:
	lft, rgt = frappe.db.get_value("Police Unit", unit, ["lft", "rgt"])
	filters = {"lft": (">=", lft), "rgt": ("<=", rgt)}
	if unit_type:
		filters["unit_type"] = unit_type
	return frappe.get_all("Police Unit", filters=filters, pluck="name")


def _in(values) -> str:
	return ", ".join(frappe.db.escape(v) for v in sorted(values)) or "''"


def stock_user(level: str, area: str) -> str:
	"""A user with National HQ Officer (which the app's scope leaves unscoped) and User Permission rows for
	the area: Police Unit rows for a unit (its subtree; the units above it without their subtrees, so that
	the division and bureau columns of its issues pass too), a District or Province row for those."""
	user = f"stock.{frappe.scrub(level)}{STOCK_DOMAIN}"
	if not frappe.db.exists("User", user):
		frappe.flags.in_import = True
		try:
			frappe.get_doc(
				{
					"doctype": "User",
					"email": user,
					"first_name": f"Stock {level}",
					"enabled": 1,
					"send_welcome_email": 0,
					"roles": [{"role": STOCK_ROLE}],
				}
			).insert(ignore_permissions=True)
		finally:
			frappe.flags.in_import = False
	if level == "National HQ":
		return user
	rows = []
	if level == "District":
		rows.append(("District", area, 0))
	elif level == "Province":
		rows.append(("Province", area, 0))
	else:
		rows.append(("Police Unit", area, 0))
		parent = frappe.db.get_value("Police Unit", area, "parent_police_unit")
		while parent:
			rows.append(("Police Unit", parent, 1))
			parent = frappe.db.get_value("Police Unit", parent, "parent_police_unit")
	for allow, value, hide in rows:
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": allow,
				"for_value": value,
				"apply_to_all_doctypes": 1,
				"hide_descendants": hide,
			}
		).insert(ignore_permissions=True)
	return user


def remove_stock_users() -> None:
	users = frappe.get_all("User", filters={"name": ("like", f"%{STOCK_DOMAIN}")}, pluck="name")
	for name in frappe.get_all("User Permission", filters={"user": ("in", users or [""])}, pluck="name"):
		frappe.delete_doc("User Permission", name, ignore_permissions=True, force=True)
	frappe.cache.delete_value("user_permissions")
	frappe.db.commit()


# ---- timing ------------------------------------------------------------------------------------


def _fresh_request():
	"""What a new request starts with: an empty request cache (the scope comes from Redis again)."""
	frappe.local.request_cache = defaultdict(dict)


def list_fields(doctype: str) -> list[str]:
	meta = frappe.get_meta(doctype)
	table = frappe.db.get_table_columns(doctype)
	names = [
		"name",
		"owner",
		"creation",
		"modified",
		"modified_by",
		"_user_tags",
		"_comments",
		"_assign",
	]
	names += ["_liked_by", "docstatus", "idx", meta.title_field or "name"]
	names += [df.fieldname for df in meta.fields if df.in_list_view and not df.permlevel]
	if meta.has_field("workflow_state"):
		names.append("workflow_state")
	out = []
	for f in names:
		if f in table and f not in out:
			out.append(f)
	return out


def _desk_filters(doctype: str, found: tuple[str, list[str]] | None = None) -> str:
	return json.dumps([[doctype, found[0], "in", found[1]]] if found else [])


def desk_list(doctype: str, fields: list[str], sort: str, found=None) -> int:
	"""The list view's request (frappe.desk.reportview.get), with the IN-list as a filter when given."""
	from frappe.desk import reportview

	_fresh_request()
	frappe.local.form_dict = frappe._dict(
		doctype=doctype,
		fields=json.dumps([f"`tab{doctype}`.`{f}`" for f in fields]),
		filters=_desk_filters(doctype, found),
		order_by=f"`tab{doctype}`.`{sort}` desc",
		start=0,
		page_length=20,
		view="List",
		group_by="",
		with_comment_count=1,
	)
	out = reportview.get()
	return len(out.get("values") or []) if out else 0


def desk_count(doctype: str, limit: int = 0, found=None) -> int:
	"""frappe.desk.reportview.get_count: exact (limit 0, when the user clicks the count) or as the list view
	asks on every load (limit 1001: it shows "1,000+" beyond)."""
	from frappe.desk import reportview

	_fresh_request()
	frappe.local.form_dict = frappe._dict(
		doctype=doctype, filters=_desk_filters(doctype, found), fields="[]", distinct="false"
	)
	if limit:
		frappe.local.form_dict.limit = limit
	return reportview.get_count()


def app_list_sql(doctype: str, fields: list[str], sort: str) -> str:
	"""The SQL the app's list issues for the current user (Frappe's DatabaseQuery with the app's scope)."""
	return frappe.get_list(
		doctype,
		fields=[f"`tab{doctype}`.`{f}`" for f in fields],
		order_by=f"`tab{doctype}`.`{sort}` desc",
		limit_page_length=20,
		run=0,
	)


def raw_rows(sql: str) -> int:
	return len(frappe.db.sql(sql))


def inlist_list(doctype: str, fields: list[str], sort: str, where: str) -> int:
	cond = f"where {where}" if where else ""
	cols = ", ".join(f"`{f}`" for f in fields)
	return len(frappe.db.sql(f"select {cols} from `tab{doctype}` {cond} order by `{sort}` desc limit 20"))


def inlist_count(doctype: str, where: str, limit: int = 0) -> int:
	cond = f"where {where}" if where else ""
	if limit:
		sql = f"select count(*) from (select name from `tab{doctype}` {cond} limit {int(limit)}) p"
		return frappe.db.sql(sql)[0][0]
	return frappe.db.sql(f"select count(*) from `tab{doctype}` {cond}")[0][0]


def _timed(fn, *args):
	start = time.perf_counter()
	result = fn(*args)
	return time.perf_counter() - start, result


def median_ms(values: list[float]) -> float:
	return statistics.median(values) * 1000 if values else float("nan")


DESK_COUNT_LIMIT = 1001  # what Frappe's list view asks get_count for on every load (list_view.js)


def measure_lists(users: dict, samples: int) -> dict:
	"""Per doctype and level, medians in ms and the rows, of:
	app    the chair: desk list, exact count, the list view's count (limit 1001), the list's SQL run raw;
	stock  stock Frappe's User Permission rows for the same area: desk list, exact and list view count;
	in     the index-driven IN-list SQL: list, exact count, count limited to 1001;
	desk   the same IN-list as a filter of the desk's own requests (Administrator): list, list view count.
	"""
	out = {}
	stock = {}
	try:
		for level, u in users.items():
			stock[level] = stock_user(level, u["area"])
		frappe.db.commit()
		frappe.cache.delete_value("user_permissions")
		for doctype in DOCTYPES:
			fields = list_fields(doctype)
			sort = frappe.get_meta(doctype).sort_field or "modified"
			for level, u in users.items():
				found = area_filter(level, u["area"], doctype)
				where = area_sql(level, u["area"], doctype)
				frappe.set_user(u["user"])
				_fresh_request()
				app_sql = app_list_sql(doctype, fields, sort)
				frappe.set_user("Administrator")
				d, f, o, w, lim = doctype, fields, sort, where, DESK_COUNT_LIMIT
				ways = {
					"app": (
						u["user"],
						{
							"list": lambda: desk_list(d, f, o),
							"count": lambda: desk_count(d),
							"count_desk": lambda: desk_count(d, lim),
							"sql": lambda: raw_rows(app_sql),
						},
					),
					"stock": (
						stock[level],
						{
							"list": lambda: desk_list(d, f, o),
							"count": lambda: desk_count(d),
							"count_desk": lambda: desk_count(d, lim),
						},
					),
					"in": (
						"Administrator",
						{
							"list": lambda: inlist_list(d, f, o, w),
							"count": lambda: inlist_count(d, w),
							"count_desk": lambda: inlist_count(d, w, lim),
						},
					),
					"desk": (
						"Administrator",
						{
							"list": lambda fd=found: desk_list(d, f, o, fd),
							"count_desk": lambda fd=found: desk_count(d, lim, fd),
						},
					),
				}
				times = {way: defaultdict(list) for way in ways}
				rows = defaultdict(dict)
				for i in range(samples + 1):  # the first round warms the caches and is not counted
					for way, (user, steps) in ways.items():
						spent = sum(sum(v) for v in times[way].values())
						if len(times[way]["list"]) >= MIN_SAMPLES and spent > BUDGET_S:
							continue  # a slow way: enough samples for its median
						frappe.set_user(user)
						for step, fn in steps.items():
							t, n = _timed(fn)
							if i:
								times[way][step].append(t)
							rows[way][step] = n
				frappe.set_user("Administrator")
				out.setdefault(doctype, {})[level] = {
					way: {
						"n": len(t["list"]),
						**{f"{step}_ms": median_ms(v) for step, v in t.items()},
						"rows": rows[way]["list"],
						"count": rows[way].get("count", rows[way].get("count_desk")),
						"count_desk": rows[way].get("count_desk"),
					}
					for way, t in times.items()
				}
				out[doctype][level]["load"] = load()
			print_lists_for(doctype, out[doctype], samples)
	finally:
		frappe.set_user("Administrator")
		frappe.local.form_dict = frappe._dict()
		remove_stock_users()
	return out


def print_lists_for(doctype: str, by_level: dict, samples: int) -> None:
	print(
		f"\n{doctype}: desk list (20, newest first) and exact count, median of {samples} ms",
		flush=True,
	)
	head = (
		f"  {'scope':<12}{'rows':>9} | {'list app':>9}{'stock':>8}{'IN-list':>8}{'app/IN':>8}{'app/stk':>8} |"
		f" {'count app':>9}{'stock':>8}{'IN-list':>8}{'app/IN':>8}{'app/stk':>8} | load"
	)
	print(head)
	for level, r in by_level.items():
		a, s, i = r["app"], r["stock"], r["in"]
		same = (
			""
			if a["count"] == s["count"] == i["count"]
			else f"  (rows app {a['count']}, stock {s['count']}, IN {i['count']})"
		)
		few = [f"{w} {r[w]['n']}" for w in ("app", "stock", "in") if r[w]["n"] < samples]
		if few:
			same += f"  (samples: {', '.join(few)})"
		print(
			f"  {level:<12}{a['count']:>9} | {a['list_ms']:>9.1f}{s['list_ms']:>8.1f}{i['list_ms']:>8.1f}"
			f"{_ratio(a['list_ms'], i['list_ms']):>8}{_ratio(a['list_ms'], s['list_ms']):>8} |"
			f" {a['count_ms']:>9.1f}{s['count_ms']:>8.1f}{i['count_ms']:>8.1f}"
			f"{_ratio(a['count_ms'], i['count_ms']):>8}{_ratio(a['count_ms'], s['count_ms']):>8} | {r['load']}{same}",
			flush=True,
		)
	print(
		f"  the same rows as the desk asks for them: list through reportview.get (app vs the IN-list as a desk"
		f"\n  filter), the app's list SQL run raw vs the IN-list SQL, the list view's count (limit"
		f" {DESK_COUNT_LIMIT}) app vs IN-list as a desk filter vs stock",
		flush=True,
	)
	print(
		f"  {'scope':<12}| {'list app':>9}{'IN desk':>8}{'ratio':>7} | {'SQL app':>9}{'IN SQL':>8}{'ratio':>7} |"
		f" {'count app':>9}{'IN desk':>8}{'stock':>8}{'app/IN':>7}{'app/stk':>8}"
	)
	for level, r in by_level.items():
		a, s, i, k = r["app"], r["stock"], r["in"], r["desk"]
		print(
			f"  {level:<12}| {a['list_ms']:>9.1f}{k['list_ms']:>8.1f}{_ratio(a['list_ms'], k['list_ms']):>7} |"
			f" {a['sql_ms']:>9.1f}{i['list_ms']:>8.1f}{_ratio(a['sql_ms'], i['list_ms']):>7} |"
			f" {a['count_desk_ms']:>9.1f}{k['count_desk_ms']:>8.1f}{s['count_desk_ms']:>8.1f}"
			f"{_ratio(a['count_desk_ms'], k['count_desk_ms']):>7}{_ratio(a['count_desk_ms'], s['count_desk_ms']):>8}",
			flush=True,
		)


def _ratio(a: float, b: float) -> str:
	return "-" if not b or math.isnan(a) or math.isnan(b) else f"{a / b:.2f}"


# ---- reports -----------------------------------------------------------------------------------


def report_filters(name: str, chair_unit: str | None) -> dict:
	year, month = _previous_month()
	today = getdate(nowdate())
	national = frappe.get_all("Police Unit", filters={"unit_type": "National HQ"}, pluck="name")[0]
	return {
		"Issue Ladder Summary": {"group_by": "Station"},
		"Overdue Issues": {},
		"Time on Each Rung": {
			"from_date": str(add_months(today, -3)),
			"to_date": str(today),
		},
		"Member Coverage": {},
		"Training Coverage": {"depth": "Division"},
		"Member Satisfaction": {"group_by": "Station"},
		"Monthly Reports Outstanding": {"year": year, "month": month},
		"Monthly Roll-up": {
			"police_unit": chair_unit or national,
			"year": year,
			"month": month,
		},
		"National Compilation for Government": {"group_by": "Category"},
	}[name]


def measure_reports(users: dict, samples: int) -> dict:
	from frappe.desk.query_report import run as run_report

	reports = frappe.get_all(
		"Report",
		filters={
			"module": "Stronger Together",
			"report_type": "Script Report",
			"disabled": 0,
		},
		pluck="name",
		order_by="name",
	)
	chair = users["Division"]
	out = {}
	print(
		f"\nLive reports (frappe.desk.query_report.run), median of {samples}, ms",
		flush=True,
	)
	print(f"  {'report':<38}{'Administrator':>14}{'rows':>8}{'division chair':>16}{'rows':>8} | load")
	for name in reports:
		row = {}
		for who, user, unit in (
			("admin", "Administrator", None),
			("chair", chair["user"], chair["area"]),
		):
			filters = report_filters(name, unit)
			times, rows = [], None
			for i in range(samples + 1):
				frappe.set_user(user)
				_fresh_request()
				try:
					t, result = _timed(
						lambda n=name, f=filters: run_report(n, filters=f, ignore_prepared_report=True)
					)
				except frappe.PermissionError:
					rows = "not permitted"
					frappe.clear_messages()
					break
				finally:
					frappe.set_user("Administrator")
				if i:
					times.append(t)
				rows = len(result.get("result") or [])
				if len(times) >= 3 and sum(times) > 2 * BUDGET_S:
					break
			row[who] = {"ms": median_ms(times), "rows": rows}
		row["load"] = load()
		out[name] = row
		print(
			f"  {name:<38}{row['admin']['ms']:>14.1f}{row['admin']['rows']!s:>8}"
			f"{row['chair']['ms']:>16.1f}{row['chair']['rows']!s:>8} | {row['load']}",
			flush=True,
		)
	return out


# ---- the month, the ladder, meetings, Open311 ----------------------------------------------------


def _previous_month() -> tuple[int, int]:
	from stronger_together.reporting import rollup

	return rollup.previous_month(getdate(nowdate()))


def month_read() -> dict:
	"""The station reports' read of a month's issues: its time and the plan (each part on an index)."""
	from stronger_together.reporting import monthly, rollup

	year, month = _previous_month()
	start, end = rollup.period_of(year, month)
	times = []
	for _ in range(3):
		t, rows = _timed(monthly.issue_rows, start, end)
		times.append(t)
	query = frappe.db.last_query
	plan = frappe.db.sql(f"explain {query}", as_dict=True)
	keys = [f"{p.get('table')}:{p.get('key') or 'FULL SCAN'}({p.get('rows')})" for p in plan]
	return {"ms": median_ms(times), "rows": len(rows), "plan": keys}


def monthly_reports() -> dict:
	"""Draft every unit's report on the previous month (what the 1st-of-month job does) and submit them
	bottom-up, as the monthly benchmark does (its functions)."""
	from st_dev.benchmarks import monthly as monthly_bench
	from stronger_together.reporting import monthly

	year, month = _previous_month()
	monthly_bench.clear_reports(year, month)
	out = {}
	t, counts = _timed(monthly.draft_reports, year, month, ("Station",))
	out["draft stations"] = (t, counts)
	t, n = _timed(monthly_bench.submit_level, year, month, "Station")
	out["submit stations"] = (t, n)
	for level in ("Division", "Bureau", "National HQ"):
		t1, _c = _timed(monthly.draft_reports, year, month, (level,))
		t2, n = _timed(monthly_bench.submit_level, year, month, level)
		out[f"draft+submit {level}"] = (t1 + t2, n)
	return {k: {"s": v[0], "what": str(v[1])} for k, v in out.items()}


def escalate(samples: int) -> dict:
	from st_dev.benchmarks import escalate as escalate_bench

	frappe.flags.in_import = True  # Frappe throttles user creation; the demo has just made thousands
	try:
		chair = escalate_bench.setup_ladder()
	finally:
		frappe.flags.in_import = False
	# an import skips the DocType's defaults: a user created so is disabled until enabled
	for user in frappe.get_all("User", filters={"name": ("like", "bench.%@bench.invalid")}, pluck="name"):
		frappe.db.set_value("User", user, "enabled", 1)
	frappe.db.commit()
	fresh = [escalate_bench.raise_issue() for _ in range(samples)]
	frappe.db.commit()
	timings = escalate_bench.time_escalations(chair, fresh)
	return {"ms": median_ms(timings), "n": len(timings)}


def _quiet(fn, *args, **kwargs):
	buffer = io.StringIO()
	with contextlib.redirect_stdout(buffer):
		result = fn(*args, **kwargs)
	return result, buffer.getvalue()


def meeting() -> dict:
	from st_dev.benchmarks import meeting as meeting_bench

	result, printed = _quiet(meeting_bench.run, issues=200)
	frappe.set_user("Administrator")
	return {**result, "printed": printed.strip().splitlines()[-1:]}


def open311(samples: int) -> dict:
	from st_dev.benchmarks import open311 as open311_bench

	result, _printed = _quiet(open311_bench.run, samples=samples)
	frappe.set_user("Administrator")
	return result


def _guarded(figures: dict, key: str, fn, *args) -> bool:
	"""One step of the suite: its failure is printed and recorded, and the run goes on."""
	try:
		figures[key] = fn(*args)
		return True
	except Exception as e:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		frappe.flags.in_import = False
		figures[f"{key}_error"] = repr(e)[:300]
		print(f"  {key}: FAILED {e!r}"[:400], flush=True)
		return False


def measure(target: int, users: dict, samples: int, report_samples: int, extras: bool) -> dict:
	issues = frappe.db.count("Community Issue")
	logs = frappe.db.count("Community Issue Log")
	_banner(
		f"Checkpoint {_n(target)}: Community Issue {_n(issues)} rows, Community Issue Log {_n(logs)}, "
		f"Network Member {_n(frappe.db.count('Network Member'))}, "
		f"Monthly Unit Report {_n(frappe.db.count('Monthly Unit Report'))}; load {load()}"
	)
	print(
		"Users: "
		+ "; ".join(f"{lvl} {u['user']} ({u['area']})" for lvl, u in users.items())
		+ f". Stock: {STOCK_ROLE} (unscoped by the app) + User Permission rows for the same area.",
		flush=True,
	)
	figures = {"issues": issues, "logs": logs, "machine": machine()}
	figures["lists"] = measure_lists(users, samples)
	figures["reports"] = measure_reports(users, report_samples)
	print("\nMonthly reporting, the ladder, meetings, Open311", flush=True)
	read = month_read()
	figures["month_read"] = read
	print(
		f"  month's issues for the station reports (reporting.monthly.issue_rows): {read['ms']:.1f} ms, "
		f"{_n(read['rows'])} rows; plan {', '.join(read['plan'])}",
		flush=True,
	)
	if extras:
		_guarded(figures, "monthly", monthly_reports)
		for what, r in figures.get("monthly", {}).items():
			print(
				f"  monthly reports, {what:<26} {r['s']:>8.2f} s  {r['what']}  (load {load()})",
				flush=True,
			)
		if _guarded(figures, "escalate", escalate, samples):
			print(
				f"  one Escalate (POST apply_workflow as a station chair), median of {figures['escalate']['n']}: "
				f"{figures['escalate']['ms']:.1f} ms (load {load()})",
				flush=True,
			)
		if _guarded(figures, "meeting", meeting):
			print(
				f"  meeting submit with 200 agenda issues: {figures['meeting'].get('seconds', float('nan')):.2f} s, "
				f"{figures['meeting'].get('moves')} moves, status {figures['meeting'].get('status')} (load {load()})",
				flush=True,
			)
		_guarded(figures, "open311", open311, samples)
		for who, r in figures.get("open311", {}).items():
			print(
				f"  Open311 GET requests.json, partner '{who}': {r['results']} requests, server time median "
				f"{r['server_median_ms']:.1f} ms (load {load()})",
				flush=True,
			)
	return figures


# ---- scheduled jobs ----------------------------------------------------------------------------


def make_backlog(size: int) -> int:
	"""`size` open issues whose rung's due date passed yesterday or in the days before, unmarked: grown
	issues re-opened on their rung (the same ones on every run)."""
	today = getdate(nowdate())
	open_grown = frappe.db.sql(
		"select count(*) from `tabCommunity Issue` where name like %s and workflow_state like 'At %%'",
		(f"{GROW}01-%",),
	)[0][0]
	if open_grown < size:
		frappe.db.sql(
			"""update `tabCommunity Issue` set workflow_state = concat('At ', current_rung),
				resolved_on = null, resolved_at_rung = null, reporter_answer = null, closing_reason = null
			where name like %(prefix)s and workflow_state in ('Closed', 'Resolved')
			order by name desc limit %(n)s""",
			{"prefix": f"{GROW}01-%", "n": size - open_grown},
		)
	frappe.db.sql(
		"""update `tabCommunity Issue` set is_overdue = 0,
			rung_due_date = %(yesterday)s - interval (crc32(name) %% 10) day,
			rung_since = %(yesterday)s - interval 15 + (crc32(name) %% 10) day
		where name like %(prefix)s and workflow_state like 'At %%'""",
		{"yesterday": add_days(today, -1), "prefix": f"{GROW}01-%"},
	)
	frappe.db.commit()
	return frappe.db.sql(
		"""select count(*) from `tabCommunity Issue` where is_overdue = 0 and rung_due_date < %s
		and workflow_state like 'At %%'""",
		today,
	)[0][0]


def scheduled_jobs(backlog: int) -> dict:
	from stronger_together.ladder import tasks
	from stronger_together.meetings import notices
	from stronger_together.portal import feedback
	from stronger_together.reporting import monthly

	hooks = frappe.get_hooks("scheduler_events")
	queue_of = {}
	for event, methods in hooks.items():
		if isinstance(methods, dict):
			for methods_ in methods.values():
				for m in methods_:
					queue_of[m] = "default"
		else:
			for m in methods:
				queue_of[m] = "long" if event.endswith("_long") else "default"
	pending = make_backlog(backlog)
	_banner(
		f"Scheduled jobs at {_n(frappe.db.count('Community Issue'))} issues, {_n(pending)} open issues "
		f"newly past their due date; load {load()}"
	)
	out = {}

	def job(label, method, fn, *args):
		try:
			t, result = _timed(fn, *args)
		except Exception as e:
			frappe.db.rollback()
			out[label] = {"error": repr(e)[:300]}
			print(f"  {label:<58} FAILED {e!r}"[:400], flush=True)
			return
		frappe.db.commit()
		queue = queue_of.get(method, "default")
		limit = QUEUE_LIMIT[queue]
		out[label] = {"s": t, "queue": queue, "limit": limit, "result": result}
		print(
			f"  {label:<58} {t:>8.1f} s  {queue} queue, limit {limit} s ({100 * t / limit:.0f}%)  "
			f"{result}  (load {load()})",
			flush=True,
		)

	def daily():
		tasks.daily()
		return f"{_n(frappe.db.count('Community Issue', {'is_overdue': 1}))} issues marked overdue in all"

	job(
		"ladder.tasks.daily (mark overdue, one digest per chair)",
		"stronger_together.ladder.tasks.daily",
		daily,
	)

	def close():
		names = feedback.unanswered()
		jobs = feedback.close_unanswered()
		frappe.db.rollback()  # the enqueued chunks go with it: one chunk is timed below, in this process
		return f"{_n(len(names))} unanswered resolutions, {jobs} chunk jobs of {feedback.CHUNK}"

	job(
		"portal.feedback.close_unanswered (enqueues the chunks)",
		"stronger_together.portal.feedback.close_unanswered",
		close,
	)

	def close_one():
		names = feedback.unanswered()[: feedback.CHUNK]
		return f"{len(feedback.close_chunk(names))} closed"

	job(
		"  one chunk of it (portal.feedback.close_chunk)",
		"stronger_together.portal.feedback.close_unanswered",
		close_one,
	)

	def escalate_one():
		names = frappe.get_all(
			"Community Issue",
			filters={
				"is_overdue": 1,
				"workflow_state": ("in", tasks.escalatable_states()),
			},
			pluck="name",
			order_by="rung_due_date asc",
			limit=tasks.ESCALATION_CHUNK,
		)
		return f"{len(tasks.auto_escalate_chunk(names))} escalated"

	job(
		"  auto-escalation, one chunk (ladder.tasks.auto_escalate_chunk)",
		"stronger_together.ladder.tasks.daily",
		escalate_one,
	)

	def draft():
		from st_dev.benchmarks import monthly as monthly_bench

		year, month = _previous_month()
		monthly_bench.clear_reports(year, month)
		return monthly.draft_previous_month()

	job(
		"reporting.monthly.draft_previous_month",
		"stronger_together.reporting.monthly.draft_previous_month",
		draft,
	)
	job(
		"meetings.notices.send_reminders",
		"stronger_together.meetings.notices.send_reminders",
		lambda: f"{len(notices.send_reminders())} meetings",
	)
	return {k: {**v, "result": str(v["result"])} for k, v in out.items()}


# ---- results -----------------------------------------------------------------------------------


def _results_path() -> str:
	return frappe.get_site_path(RESULTS_FILE)


def _load_results() -> dict:
	try:
		with open(_results_path()) as f:
			return json.load(f)
	except (OSError, ValueError):
		return {}


def _save_results(data: dict) -> None:
	with open(_results_path(), "w") as f:
		json.dump(data, f, indent=1, default=str)


def summary(saved: dict, targets: list[int], users: dict) -> None:
	cps = saved.get("checkpoints", {})
	have = [t for t in targets if str(t) in cps]
	if len(have) < 2:
		return
	first, last = cps[str(have[0])], cps[str(have[-1])]
	_banner(f"Growth from {_n(have[0])} to {_n(have[-1])} issues (app as Frappe issues it, median ms)")
	print(
		f"  {'doctype / scope':<36} {'list':>8} {'list':>8} {'growth':>7} | {'count':>8} {'count':>8} {'growth':>7}"
		f" | {'IN count':>9} {'IN count':>9} | {'view cnt':>8} {'view cnt':>8} {'growth':>7}"
	)
	for doctype in DOCTYPES:
		for level in users:
			a = first["lists"].get(doctype, {}).get(level)
			b = last["lists"].get(doctype, {}).get(level)
			if not a or not b:
				continue
			a_view, b_view = a["app"].get("count_desk_ms", math.nan), b["app"].get("count_desk_ms", math.nan)
			print(
				f"  {doctype + ' / ' + level:<36} {a['app']['list_ms']:>8.1f} {b['app']['list_ms']:>8.1f}"
				f" {_ratio(b['app']['list_ms'], a['app']['list_ms']):>7} | {a['app']['count_ms']:>8.1f}"
				f" {b['app']['count_ms']:>8.1f} {_ratio(b['app']['count_ms'], a['app']['count_ms']):>7} |"
				f" {a['in']['count_ms']:>9.1f} {b['in']['count_ms']:>9.1f} |"
				f" {a_view:>8.1f} {b_view:>8.1f} {_ratio(b_view, a_view):>7}"
			)
	print(
		f"\n  {'report':<38} {'admin':>9} {'admin':>9} {'growth':>7} | {'chair':>9} {'chair':>9} {'growth':>7}"
	)
	for name, a in first.get("reports", {}).items():
		b = last.get("reports", {}).get(name)
		if not b:
			continue
		print(
			f"  {name:<38} {a['admin']['ms']:>9.1f} {b['admin']['ms']:>9.1f} "
			f"{_ratio(b['admin']['ms'], a['admin']['ms']):>7} | {a['chair']['ms']:>9.1f} {b['chair']['ms']:>9.1f}"
			f" {_ratio(b['chair']['ms'], a['chair']['ms']):>7}"
		)


def _banner(text: str) -> None:
	print(
		f"\n{'=' * min(len(text) + 4, 120)}\n  {text}\n{'=' * min(len(text) + 4, 120)}",
		flush=True,
	)


def _n(x) -> str:
	return f"{x:,}" if isinstance(x, int) else str(x)
