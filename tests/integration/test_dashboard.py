"""Workspace number cards: the training-coverage card shows to programme users and counts only their area."""

import frappe

from stronger_together.api import reporting as api_reporting
from stronger_together.permissions import scope as permissions
from stronger_together.reporting import dashboard

from .helpers import make_member, make_station, make_user

CARD = "Member Training Coverage"


def coordinator_of(unit: str, email: str) -> str:
	user = make_user(email, ["Coordinator Officer"])
	frappe.get_doc(
		{
			"doctype": "Coordinator Officer",
			"rank": "ร.ต.อ.",
			"officer_name": email,
			"police_unit": unit,
			"user": user,
		}
	).insert()
	permissions.clear_scope_cache()
	return user


def test_training_coverage_card_is_scoped_to_the_users_stations():
	tag = frappe.generate_hash(length=4)
	settings = frappe.get_doc("Stronger Together Settings")
	settings.members_per_station, settings.quota_mode = 4, "Soft"
	settings.save()
	mine = make_station(f"สภ.การ์ด{tag}", "ภ.จว.ขอนแก่น", "4005")
	other = make_station(f"สภ.การ์ดอื่น{tag}", "ภ.จว.ขอนแก่น", "4006")
	subdistrict_of = lambda d: frappe.db.get_value("Subdistrict", {"district": d})  # noqa: E731
	make_member(mine, subdistrict_of("4005"), status="Trained")
	make_member(other, subdistrict_of("4006"), status="Trained")
	make_member(other, subdistrict_of("4006"), status="Trained")
	user = coordinator_of(mine, f"card-{tag}@example.com")

	frappe.set_user(user)
	assert frappe.has_permission("Number Card", doc=CARD), "the card must show on the workspace"
	assert dashboard.stations_in_scope() == 1
	assert api_reporting.training_coverage()["value"] == 25  # 1 trained of a quota of 4, at their one station

	frappe.set_user("Administrator")
	stations = frappe.db.count("Police Unit", {"unit_type": "Station", "disabled": 0})
	assert dashboard.stations_in_scope() == stations
