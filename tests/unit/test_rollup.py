import datetime

import pytest

from stronger_together.reporting import rollup

START, END = rollup.period_of(2022, 3)


def issue(**kw):
	base = {
		"raised_on": "2022-03-10",
		"workflow_state": "At Station",
		"current_rung": "Station",
		"is_overdue": 0,
		"resolved_on": None,
		"resolved_at_rung": None,
		"reported_to_government_on": None,
		"category": "Crime",
	}
	base.update(kw)
	return base


def test_period_of_and_previous_month():
	assert rollup.period_of(2022, 2) == (datetime.date(2022, 2, 1), datetime.date(2022, 2, 28))
	assert rollup.period_of(2024, 2)[1] == datetime.date(2024, 2, 29)
	assert rollup.previous_month(datetime.date(2022, 4, 1)) == (2022, 3)
	assert rollup.previous_month(datetime.date(2023, 1, 1)) == (2022, 12)
	with pytest.raises(ValueError):
		rollup.period_of(2022, 13)


def test_classify_open_issue_received_this_month():
	assert rollup.classify(issue(), START, END) == {"issues_received", "issues_pending"}


def test_classify_overdue_only_when_open():
	assert "issues_overdue" in rollup.classify(issue(is_overdue=1), START, END)
	closed = issue(
		is_overdue=1, workflow_state="Resolved", resolved_on="2022-03-20", resolved_at_rung="Station"
	)
	assert rollup.classify(closed, START, END) == {"issues_received", "issues_solved_at_station"}


def test_classify_escalated_and_solved_above():
	flags = rollup.classify(
		issue(
			workflow_state="Resolved",
			current_rung="Division",
			resolved_on="2022-03-30",
			resolved_at_rung="Division",
		),
		START,
		END,
	)
	assert flags == {"issues_received", "issues_escalated", "issues_solved_above_station"}


def test_classify_earlier_issue_counts_only_as_stock_and_flows():
	old_open = issue(raised_on="2022-01-05", workflow_state="At Province", current_rung="Province")
	assert rollup.classify(old_open, START, END) == {"issues_pending"}
	solved_later = issue(raised_on="2022-02-05", workflow_state="Resolved", resolved_on="2022-04-02")
	assert rollup.classify(solved_later, START, END) == {"issues_pending"}
	future = issue(raised_on="2022-04-01")
	assert rollup.classify(future, START, END) == set()


def test_classify_reported_to_government():
	flags = rollup.classify(
		issue(
			raised_on="2022-02-01",
			workflow_state="Reported to Government",
			current_rung="National HQ",
			reported_to_government_on="2022-03-15",
		),
		START,
		END,
	)
	assert flags == {"issues_reported_to_government"}


def test_station_figures_by_category():
	figs = rollup.station_figures(
		[
			issue(),
			issue(category="Drugs", is_overdue=1),
			issue(raised_on="2021-01-01", workflow_state="Closed"),
		],
		START,
		END,
	)
	assert figs["totals"]["issues_received"] == 2
	assert figs["totals"]["issues_overdue"] == 1
	assert figs["by_category"]["Drugs"]["issues_overdue"] == 1
	assert set(figs["by_category"]) == {"Crime", "Drugs"}


def test_add_up_sums_totals_and_categories():
	a = {
		"totals": {"issues_received": 3, "members_quota": 50},
		"by_category": {"Crime": {"issues_received": 3}},
	}
	b = {
		"totals": {"issues_received": 2, "members_quota": 50, "meetings_held": 1},
		"by_category": {"Crime": {"issues_received": 1}, "Drugs": {"issues_received": 1}},
	}
	out = rollup.add_up([a, b])
	assert out["totals"]["issues_received"] == 5
	assert out["totals"]["members_quota"] == 100
	assert out["totals"]["meetings_held"] == 1
	assert out["by_category"]["Crime"]["issues_received"] == 4
	assert out["by_category"]["Drugs"]["issues_received"] == 1
	assert rollup.add_up([])["totals"]["issues_received"] == 0


def test_report_status():
	assert rollup.report_status(None, None, "2022-04-02", 2022, 3) == "Missing"
	assert rollup.report_status(0, None, "2022-04-02", 2022, 3) == "Draft"
	assert rollup.report_status(0, None, "2022-04-06", 2022, 3) == "Late"
	assert rollup.report_status(1, "2022-04-05", "2022-04-30", 2022, 3) == "Submitted"
	assert rollup.report_status(1, "2022-04-09", "2022-04-30", 2022, 3) == "Submitted Late"


def test_coverage_and_rung_time_summary():
	assert rollup.coverage(25, 50) == 50.0
	assert rollup.coverage(3, 0) == 0.0
	rows = [
		{"bureau": "ภ.4", "from_rung": "Station", "days_on_rung": 1},
		{"bureau": "ภ.4", "from_rung": "Station", "days_on_rung": 3},
		{"bureau": "ภ.4", "from_rung": "Station", "days_on_rung": 8},
		{"bureau": "ภ.4", "from_rung": "District", "days_on_rung": 2},
		{"bureau": "ภ.4", "from_rung": None, "days_on_rung": 2},
	]
	out = {(r["bureau"], r["rung"]): r for r in rollup.rung_time_summary(rows)}
	assert out[("ภ.4", "Station")]["median_days"] == 3
	assert out[("ภ.4", "Station")]["mean_days"] == 4
	assert out[("ภ.4", "Station")]["transitions"] == 3
	assert out[("ภ.4", "District")]["median_days"] == 2
	assert len(out) == 2


def test_a_units_own_committee_meetings_add_to_its_units_figures():
	children = [
		{"totals": {"meetings_held": 2, "resolutions_made": 7}},
		{"totals": {"meetings_held": 1, "resolutions_made": 3}},
	]
	figures = rollup.add_own_meetings(rollup.add_up(children), {"meetings_held": 1, "resolutions_made": 4})
	assert (figures["totals"]["meetings_held"], figures["totals"]["resolutions_made"]) == (4, 14)
	assert rollup.add_own_meetings(rollup.add_up([]), None)["totals"]["meetings_held"] == 0


def test_reporter_answers_tally_each_group_once_per_count():
	groups = [
		{"unit": "A", "workflow_state": "Resolved", "reporter_answer": None, "reporter_reopened": 0, "n": 3},
		{
			"unit": "A",
			"workflow_state": "Closed",
			"reporter_answer": "Solved",
			"reporter_reopened": 0,
			"n": 5,
		},
		{
			"unit": "A",
			"workflow_state": "At District",
			"reporter_answer": "Not Solved",
			"reporter_reopened": 1,
			"n": 2,
		},
		{
			"unit": "A",
			"workflow_state": "Closed",
			"reporter_answer": "No Answer",
			"reporter_reopened": 1,
			"n": 1,
		},
		{
			"unit": None,
			"workflow_state": "Closed",
			"reporter_answer": "No Answer",
			"reporter_reopened": 0,
			"n": 4,
		},
	]
	assert rollup.reporter_answers(groups) == {
		"A": {"asked": 11, "waiting": 3, "solved": 5, "reopened": 3, "no_answer": 1},
		"": {"asked": 4, "waiting": 0, "solved": 0, "reopened": 0, "no_answer": 4},
	}
