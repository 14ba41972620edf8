"""Tier 2: the `small` demo data the browser journeys run on is coherent, complete and idempotent.

These run in the browser session because they share its seeded (committed) demo data; they need no browser.
"""

import frappe
from stdnum.th import pin

from stronger_together.ladder.committees import roles_for
from stronger_together.ladder.routing import area_key
from stronger_together.ladder.rungs import RUNGS

from .conftest import DEMO_USERS

COUNTED = (
	"Police Unit",
	"Police Unit Jurisdiction",
	"Network Member",
	"Coordinator Officer",
	"Committee",
	"Committee Member",
	"User",
	"Community Issue",
	"Community Issue Log",
)


def counts() -> dict[str, int]:
	return {dt: frappe.db.count(dt) for dt in COUNTED}


def test_a_second_run_creates_nothing(demo):
	from st_dev.demo import generate

	before = counts()
	generate("small")
	assert counts() == before


def test_demo_site_speaks_thai(demo):
	assert frappe.db.get_single_value("System Settings", "language") == "th"
	assert frappe.db.get_value("User", "Administrator", "language") == "th"


def demo_committees() -> list[frappe._dict]:
	"""Active committees the demo made (earlier tier-2 tests may have committed their own)."""
	return frappe.db.sql(
		"""select distinct c.name, c.committee_level, c.area_key, c.police_unit from `tabCommittee` c
		join `tabCommittee Member` m on m.parent = c.name and m.parenttype = 'Committee'
		where c.is_active = 1 and m.user like %s""",
		DEMO_USERS,
		as_dict=True,
	)


def test_every_rung_has_a_committee_with_a_real_chair(demo):
	from st_dev.demo import ladder_data, stages

	ctx = stages.Context(scale="small")
	ctx.stations = stages.station_plan(ctx)
	needed = {area_key(level, area) for level, area, _name, _links in ladder_data.committee_areas(ctx)}
	assert {k.split(":")[0] for k in needed} == set(RUNGS)
	active = {c.area_key: c.name for c in frappe.get_all("Committee", {"is_active": 1}, ["name", "area_key"])}
	assert needed <= set(active), f"areas without an active committee: {sorted(needed - set(active))}"
	for key in needed:
		assert frappe.get_all("Committee Member", {"parent": active[key], "position": "Chair"}), key
	for c in demo_committees():
		chairs = frappe.get_all(
			"Committee Member", filters={"parent": c.name, "position": "Chair"}, fields=["user", "position"]
		)
		assert len(chairs) == 1, c.name
		user = frappe.db.get_value("User", chairs[0].user, ["enabled", "user_type"], as_dict=True)
		assert user and user.enabled and user.user_type == "System User"
		expected = roles_for([frappe._dict(committee_level=c.committee_level, position="Chair")])
		assert expected <= set(frappe.get_roles(chairs[0].user)), (c.name, chairs[0].user)


def test_members_have_valid_national_ids(demo):
	ids = frappe.get_all("Network Member", pluck="national_id")
	assert ids and all(pin.is_valid(i) for i in ids)
	assert len(set(ids)) == len(ids)


def test_issue_state_rung_committee_and_log_agree(demo):
	areas = {c.name: c.area_key for c in frappe.get_all("Committee", fields=["name", "area_key"])}
	demo_stations = [c.police_unit for c in demo_committees() if c.committee_level == "Station"]
	logs: dict[str, list] = {}
	for log in frappe.get_all(
		"Community Issue Log",
		fields=["community_issue", "sequence", "to_state", "to_rung"],
		order_by="community_issue, sequence",
	):
		logs.setdefault(log.community_issue, []).append(log)
	issues = frappe.get_all(
		"Community Issue",
		# the generated ones (journeys and earlier tests add their own)
		filters={"owner": "Administrator", "station": ("in", demo_stations)},
		fields=[
			"name",
			"workflow_state",
			"current_rung",
			"current_committee",
			"station",
			"district",
			"division",
		],
	)
	assert issues
	for issue in issues:
		rows = logs[issue.name]
		assert [r.sequence for r in rows] == list(range(1, len(rows) + 1)), issue.name
		assert rows[-1].to_state == issue.workflow_state, issue.name
		assert rows[-1].to_rung == issue.current_rung, issue.name
		area = {"Station": issue.station, "District": issue.district, "Division": issue.division}
		if issue.current_rung in area:
			assert areas[issue.current_committee] == area_key(issue.current_rung, area[issue.current_rung])
