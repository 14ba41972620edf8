"""The fuzz's world: two bureaus' worth of stations, committees at every rung, users for every role, and
canary records whose tokens give away any leak.

Area A is Songkhla (ภ.9, province 90): stations A1 (district 9001) and A2 (district 9011) under ภ.จว.สงขลา;
area C is Satun (ภ.9, province 91): station C1 under ภ.จว.สตูล; area B is Surat Thani (ภ.8, province 84):
station B1 under ภ.จว.สุราษฎร์ธานี. Users sit on area A's committees (and one coordinator at A1); a network
member of A1 has a portal user and has raised an issue there, which the desk and REST do not show it either
(the member's pages serve it).

What each user may see is written here from the world's own description (which station lies in which
district, division, province and bureau), not asked of the permissions package.
"""

import datetime
import random
from dataclasses import dataclass, field

import frappe
from frappe.utils import nowdate

from stronger_together.people.rules import national_id_with_check_digit
from stronger_together.setup.roles import COORDINATOR, NATIONAL_HQ

from ..helpers import committee_doc, make_station, make_user

PASSWORD = "Fuzz-Pass-2565!"
D = "@fuzz.test"

# station -> (district, province, division, bureau)
STATIONS = {
	"สภ.ฟัซซ์เมืองสงขลา": ("9001", "90", "ภ.จว.สงขลา", "ภ.9"),
	"สภ.ฟัซซ์หาดใหญ่": ("9011", "90", "ภ.จว.สงขลา", "ภ.9"),
	"สภ.ฟัซซ์เมืองสตูล": ("9101", "91", "ภ.จว.สตูล", "ภ.9"),
	"สภ.ฟัซซ์เมืองสุราษฎร์": ("8401", "84", "ภ.จว.สุราษฎร์ธานี", "ภ.8"),
}
A1, A2, C1, B1 = STATIONS
DIVISION_OF = {s: v[2] for s, v in STATIONS.items()}
BUREAU_OF_DIVISION = {v[2]: v[3] for v in STATIONS.values()}
PROVINCE_OF_DIVISION = {v[2]: v[1] for v in STATIONS.values()}


@dataclass
class Cover:
	"""What a user covers, by the world's own description."""

	all: bool = False
	stations: set = field(default_factory=set)
	districts: set = field(default_factory=set)
	provinces: set = field(default_factory=set)
	divisions: set = field(default_factory=set)
	bureaus: set = field(default_factory=set)
	committees: set = field(default_factory=set)
	pii: bool = False  # may read members' national ID and mobile
	desk: bool = True  # holds a programme role at all

	def station_seen(self, station: str) -> bool:
		district, province, division, bureau = STATIONS[station]
		return (
			self.all
			or station in self.stations
			or division in self.divisions
			or bureau in self.bureaus
			or district in self.districts
			or province in self.provinces
		)

	def issue_seen(self, station: str) -> bool:
		return self.desk and self.station_seen(station)

	def unit_seen(self, unit: str) -> bool:
		"""A record owned by one unit (monthly report, coordinator officer, training batch)."""
		if not self.desk:
			return False
		if self.all:
			return True
		if unit in STATIONS:
			return self.station_seen(unit)
		if unit in BUREAU_OF_DIVISION:  # a division
			return (
				unit in self.divisions
				or BUREAU_OF_DIVISION[unit] in self.bureaus
				or PROVINCE_OF_DIVISION[unit] in self.provinces
			)
		return unit in self.bureaus

	def meeting_seen(self, level: str, area: str, name: str) -> bool:
		"""A committee's meetings: its members, and the scope above it on the ladder (the units over a police
		unit's committee, and the district and province committees over the stations serving them)."""
		if not self.desk:
			return False
		if self.all or name in self.committees:
			return True
		if level == "District":
			return area in self.districts
		if level == "Province":
			return area in self.provinces
		if level in ("Station", "Division", "Bureau"):
			return self.unit_seen(area)
		return False

	def committee_seen(self, level: str, area: str, name: str) -> bool:
		if not self.desk:
			return False
		if self.all or name in self.committees:
			return True
		if level == "District":
			return area in self.districts
		if level == "Province":
			return area in self.provinces
		if level == "Station":
			return (
				area in self.stations
				or DIVISION_OF[area] in self.divisions
				or (BUREAU_OF_DIVISION[DIVISION_OF[area]] in self.bureaus)
			)
		if level == "Division":
			return area in self.divisions or BUREAU_OF_DIVISION[area] in self.bureaus
		if level == "Bureau":
			return area in self.bureaus
		return False


@dataclass
class Canary:
	doctype: str
	name: str
	tokens: list[str]
	visible: callable  # Cover -> bool
	parent: tuple[str, str] | None = None  # (parent doctype, parent name) for child rows
	pii: list[str] = field(default_factory=list)  # personal values (national ID, mobile)
	member_in_scope_of: str | None = None  # a member's station
	area: str = "A"  # "B": area B (Surat Thani), out of every area-A user's scope: the fuzz's targets


@dataclass
class World:
	users: dict[str, Cover]
	canaries: list[Canary]
	committees: dict[tuple[str, str], str]
	token: str

	def forbidden(self, user: str) -> list[Canary]:
		cover = self.users[user]
		return [c for c in self.canaries if not c.visible(cover)]

	def allowed(self, user: str) -> list[Canary]:
		cover = self.users[user]
		return [c for c in self.canaries if c.visible(cover)]

	def pii_values(self) -> list[str]:
		return [v for c in self.canaries for v in c.pii]


def _user(key: str, roles=(), language: str = "th") -> str:
	email = f"fz.{key}{D}"
	make_user(email, roles)
	frappe.db.set_value("User", email, "language", language, update_modified=False)
	from frappe.utils.password import update_password

	update_password(email, PASSWORD)
	return email


def _committee(level: str, area: str, members: list[tuple[str, str]]) -> str:
	doc = committee_doc(level, area)
	existing = {m.user: m for m in doc.members}
	has_chair = any(m.position == "Chair" for m in doc.members)
	for user, position in members:
		if user in existing:
			continue
		if position == "Chair" and has_chair:
			position = "Vice-Chair"
		doc.append("members", {"user": user, "position": position})
	if not any(m.position == "Chair" for m in doc.members):
		key = frappe.generate_hash(area, 8)
		doc.append(
			"members", {"user": _user(f"chair.{level.lower().replace(' ', '')}.{key}"), "position": "Chair"}
		)
	doc.order_reference = doc.order_reference or f"FZC-{level}-{area}"
	doc.insert() if doc.is_new() else doc.save()
	return doc.name


def _national_id(rng: random.Random) -> str:
	while True:
		nid = national_id_with_check_digit(str(rng.randint(1, 8)) + "".join(rng.choices("0123456789", k=11)))
		if not frappe.db.exists("Network Member", {"national_id": nid}):
			return nid


def build() -> World:
	"""Build (or reuse) the world, committed: the fuzz's requests run in other threads with their own connections."""
	frappe.set_user("Administrator")
	_forget_earlier_runs()
	token = frappe.db.get_value("Community Issue", {"title": ("like", "FZI-%")}, "title")
	token = token.split("-")[1] if token else frappe.generate_hash(length=6).upper()
	for station, (district, _province, division, _bureau) in STATIONS.items():
		make_station(station, division, district)

	users: dict[str, Cover] = {}
	u = {}
	u["station_chair"] = _user("station.chair")
	u["station_member"] = _user("station.member")
	u["station_secretary"] = _user("station.secretary")
	u["district_chair"] = _user("district.chair")
	u["division_chair"] = _user("division.chair")
	u["province_chair"] = _user("province.chair")
	u["bureau_chair"] = _user("bureau.chair")
	u["national"] = _user("national", [NATIONAL_HQ])
	u["coordinator"] = _user("coordinator", [COORDINATOR])
	u["no_role"] = _user("norole")

	committees = {}
	committees[("Station", A1)] = _committee(
		"Station",
		A1,
		[
			(u["station_chair"], "Chair"),
			(u["station_member"], "Member"),
			(u["station_secretary"], "Secretary"),
		],
	)
	committees[("District", "9001")] = _committee("District", "9001", [(u["district_chair"], "Chair")])
	committees[("Division", "ภ.จว.สงขลา")] = _committee(
		"Division", "ภ.จว.สงขลา", [(u["division_chair"], "Chair")]
	)
	committees[("Province", "90")] = _committee("Province", "90", [(u["province_chair"], "Chair")])
	committees[("Bureau", "ภ.9")] = _committee("Bureau", "ภ.9", [(u["bureau_chair"], "Chair")])
	for station, (district, province, division, bureau) in STATIONS.items():
		for level, area in (
			("Station", station),
			("District", district),
			("Division", division),
			("Province", province),
			("Bureau", bureau),
		):
			committees.setdefault((level, area), _committee(level, area, []))
	committees[("National HQ", "ตร.")] = _committee("National HQ", "ตร.", [])

	users[u["station_chair"]] = Cover(stations={A1}, committees={committees[("Station", A1)]}, pii=True)
	users[u["station_member"]] = Cover(stations={A1}, committees={committees[("Station", A1)]})
	users[u["station_secretary"]] = Cover(stations={A1}, committees={committees[("Station", A1)]})
	users[u["district_chair"]] = Cover(districts={"9001"}, committees={committees[("District", "9001")]})
	users[u["division_chair"]] = Cover(
		divisions={"ภ.จว.สงขลา"}, committees={committees[("Division", "ภ.จว.สงขลา")]}
	)
	users[u["province_chair"]] = Cover(provinces={"90"}, committees={committees[("Province", "90")]})
	users[u["bureau_chair"]] = Cover(bureaus={"ภ.9"}, committees={committees[("Bureau", "ภ.9")]})
	users[u["national"]] = Cover(all=True)
	users[u["coordinator"]] = Cover(stations={A1}, pii=True)
	users[u["no_role"]] = Cover(desk=False)

	rng = random.Random(f"fuzz:{token}")
	canaries: list[Canary] = []
	if not frappe.db.exists("Coordinator Officer", {"user": u["coordinator"]}):
		frappe.get_doc(
			{
				"doctype": "Coordinator Officer",
				"rank": "ร.ต.อ.",
				"officer_name": f"ฟัซซ์ผู้ประสาน{token}A1",
				"police_unit": A1,
				"user": u["coordinator"],
			}
		).insert()
	for i, station in enumerate(STATIONS):
		district, province, division, bureau = STATIONS[station]
		tag = f"{token}{i}"
		first = len(canaries)
		subdistrict = frappe.db.get_value("Subdistrict", {"district": district}, "name", order_by="name")
		# members: a canary each, with personal data
		members = frappe.get_all(
			"Network Member",
			filters={"station": station},
			fields=["name", "national_id", "mobile", "first_name"],
		)
		if not members:
			for j in range(2):
				doc = frappe.get_doc(
					{
						"doctype": "Network Member",
						"title": "นาย",
						"first_name": f"ฟัซซ์{tag}{j}",
						"last_name": "แคนารี",
						"category": "Natural Leader",
						"national_id": _national_id(rng),
						"mobile": f"09{rng.randint(10000000, 99999999)}",
						"station": station,
						"subdistrict": subdistrict,
						"status": "Trained",
					}
				).insert()
				members.append(
					frappe._dict(
						name=doc.name,
						national_id=doc.national_id,
						mobile=doc.mobile,
						first_name=doc.first_name,
					)
				)
		for m in members:
			canaries.append(
				Canary(
					"Network Member",
					m.name,
					[m.name, m.first_name],
					lambda c, s=station: c.issue_seen(s),
					pii=[m.national_id, m.mobile],
					member_in_scope_of=station,
				)
			)
		# issues and their log
		issues = frappe.get_all(
			"Community Issue",
			filters={"station": station, "title": ("like", "FZI-%")},
			fields=["name", "title"],
		)
		if not issues:
			for j in range(2):
				doc = frappe.get_doc(
					{
						"doctype": "Community Issue",
						"title": f"FZI-{token}-{i}{j}",
						"category": "Crime",
						"station": station,
						"subdistrict": subdistrict,
						"reporter": members[0].name,
						"description": f"<p>FZD-{token}-{i}{j}</p>",
					}
				).insert()
				issues.append(frappe._dict(name=doc.name, title=doc.title))
		for issue in issues:
			canaries.append(
				Canary(
					"Community Issue",
					issue.name,
					[issue.name, issue.title],
					lambda c, s=station: c.issue_seen(s),
				)
			)
			for log in frappe.get_all(
				"Community Issue Log", filters={"community_issue": issue.name}, pluck="name"
			):
				canaries.append(
					Canary("Community Issue Log", log, [log], lambda c, s=station: c.issue_seen(s))
				)
		# unit-owned records
		officer = frappe.db.get_value(
			"Coordinator Officer", {"police_unit": station}, ["name", "officer_name"], as_dict=True
		)
		if not officer:
			officer = frappe.get_doc(
				{
					"doctype": "Coordinator Officer",
					"rank": "ร.ต.ท.",
					"officer_name": f"ฟัซซ์นายตำรวจ{tag}",
					"police_unit": station,
				}
			).insert()
		canaries.append(
			Canary(
				"Coordinator Officer",
				officer.name,
				[officer.officer_name],
				lambda c, s=station: c.unit_seen(s),
			)
		)
		today = datetime.date.fromisoformat(nowdate())
		report = frappe.db.get_value(
			"Monthly Unit Report", {"police_unit": station, "year": today.year, "month": today.month}
		)
		if not report:
			report = (
				frappe.get_doc(
					{
						"doctype": "Monthly Unit Report",
						"police_unit": station,
						"year": today.year,
						"month": today.month,
						"problems_and_obstacles": f"FZMUR-{tag}",
					}
				)
				.insert()
				.name
			)
		report_doc = frappe.get_doc("Monthly Unit Report", report)
		canaries.append(
			Canary("Monthly Unit Report", report, [f"FZMUR-{tag}"], lambda c, s=station: c.unit_seen(s))
		)
		for row in report_doc.by_category:
			canaries.append(
				Canary(
					"Monthly Unit Report Category",
					row.name,
					[row.name],
					lambda c, s=station: c.unit_seen(s),
					("Monthly Unit Report", report),
				)
			)
		batch = frappe.db.get_value(
			"Training Batch", {"police_unit": station, "batch_title": ("like", "FZTB-%")}
		)
		if not batch:
			batch = (
				frappe.get_doc(
					{
						"doctype": "Training Batch",
						"batch_title": f"FZTB-{tag}",
						"police_unit": station,
						"audience": "Members",
						"start_date": "2022-02-18",
						"end_date": "2022-02-20",
						"attendance": [
							{"network_member": m.name, "days_attended": 3, "passed": 1} for m in members
						],
					}
				)
				.insert()
				.name
			)
		batch_doc = frappe.get_doc("Training Batch", batch)
		canaries.append(
			Canary("Training Batch", batch, [batch_doc.batch_title], lambda c, s=station: c.unit_seen(s))
		)
		for row in batch_doc.attendance:
			canaries.append(
				Canary(
					"Training Attendance",
					row.name,
					[row.name],
					lambda c, s=station: c.unit_seen(s),
					("Training Batch", batch),
				)
			)
		if station == B1:
			for c in canaries[first:]:
				c.area = "B"
	# a network member's portal user: reaches nothing of the desk or REST, not even its own member record or issue
	member = _portal_member(A1, token, rng)
	users[member.user] = Cover(desk=False)
	if not any(c.name == member.name for c in canaries):
		canaries.append(
			Canary(
				"Network Member",
				member.name,
				[member.name, member.first_name],
				lambda c: c.issue_seen(A1),
				pii=[member.national_id, member.mobile],
				member_in_scope_of=A1,
			)
		)
	canaries.append(
		Canary(
			"Community Issue", member.issue, [member.issue, member.issue_title], lambda c: c.issue_seen(A1)
		)
	)
	# committees and their member rows
	b_areas = {B1, *STATIONS[B1]}
	for (level, area), name in committees.items():
		doc = frappe.get_doc("Committee", name)
		first = len(canaries)
		canaries.append(
			Canary(
				"Committee",
				name,
				[doc.order_reference],
				lambda c, lv=level, a=area, n=name: c.committee_seen(lv, a, n),
			)
		)
		for row in doc.members:
			canaries.append(
				Canary(
					"Committee Member",
					row.name,
					[row.name],
					lambda c, lv=level, a=area, n=name: c.committee_seen(lv, a, n),
					("Committee", name),
				)
			)
		if level in ("Station", "District"):
			_meeting_canaries(canaries, level, area, name, token)
		if area in b_areas:
			for c in canaries[first:]:
				c.area = "B"
	frappe.db.commit()
	from stronger_together.permissions.scope import clear_scope_cache

	clear_scope_cache()
	frappe.db.commit()
	return World(users=users, canaries=canaries, committees=committees, token=token)


def _portal_member(station: str, token: str, rng: random.Random) -> frappe._dict:
	"""An active member of `station` with a portal user (the app's own account path) and an issue they raised."""
	from frappe.utils.password import update_password

	from stronger_together.portal import accounts

	name = frappe.db.get_value(
		"Network Member", {"station": station, "user": ("like", "%@members.invalid")}, "name"
	)
	subdistrict = frappe.db.get_value(
		"Subdistrict", {"district": STATIONS[station][0]}, "name", order_by="name"
	)
	if not name:
		doc = frappe.get_doc(
			{
				"doctype": "Network Member",
				"title": "นาง",
				"first_name": f"ฟัซซ์สมาชิกพอร์ทัล{token}",
				"last_name": "แคนารี",
				"category": "Natural Leader",
				"national_id": _national_id(rng),
				"mobile": f"06{rng.randint(10000000, 99999999)}",
				"station": station,
				"subdistrict": subdistrict,
				"status": "Active",
			}
		).insert()
		user, reason = accounts.account_for(frappe._dict(doc.as_dict()))
		assert user, reason
		name = doc.name
	member = frappe.db.get_value(
		"Network Member", name, ["name", "user", "national_id", "mobile", "first_name"], as_dict=True
	)
	update_password(member.user, PASSWORD)
	issue = frappe.db.get_value(
		"Community Issue", {"reporter": name, "title": ("like", "FZP-%")}, ["name", "title"], as_dict=True
	)
	if not issue:
		issue = frappe.get_doc(
			{
				"doctype": "Community Issue",
				"title": f"FZP-{token}",
				"category": "Crime",
				"station": station,
				"subdistrict": subdistrict,
				"reporter": name,
				"source": "Portal",
				"description": f"<p>FZPD-{token}</p>",
			}
		).insert()
	member.issue, member.issue_title = issue.name, issue.title
	return member


def _meeting_canaries(canaries: list, level: str, area: str, committee: str, token: str) -> None:
	"""A draft meeting of the committee (its venue the token), with its attendance and an agenda item."""
	venue = f"FZMTG-{token}-{frappe.generate_hash(committee, 6)}"
	name = frappe.db.get_value(
		"Committee Meeting", {"committee": committee, "venue": ("like", f"FZMTG-{token}-%")}
	)
	if not name:
		doc = frappe.get_doc(
			{
				"doctype": "Committee Meeting",
				"committee": committee,
				"meeting_date": nowdate(),
				"start_time": "09:00:00",
				"venue": venue,
				"agenda": [{"item_type": "Announcements", "topic": f"FZAGD-{venue}"}],
			}
		).insert(ignore_permissions=True)
		name = doc.name
	doc = frappe.get_doc("Committee Meeting", name)
	seen = lambda c, lv=level, a=area, n=committee: c.meeting_seen(lv, a, n)  # noqa: E731
	canaries.append(Canary("Committee Meeting", name, [name, doc.venue], seen))
	for row in doc.attendance:
		canaries.append(
			Canary("Committee Meeting Attendance", row.name, [row.name], seen, ("Committee Meeting", name))
		)
	for row in doc.agenda:
		canaries.append(
			Canary(
				"Committee Meeting Agenda Item",
				row.name,
				[row.name, row.topic],
				seen,
				("Committee Meeting", name),
			)
		)


def _forget_earlier_runs():
	"""What an earlier fuzz run's write calls stored (boards, tags, comments, settings) would read as leaks."""
	users = frappe.get_all("User", filters={"name": ("like", f"fz.%{D}")}, pluck="name")
	users += frappe.get_all(
		"Network Member", filters={"station": ("in", list(STATIONS)), "user": ("is", "set")}, pluck="user"
	)
	if not users:
		return
	for doctype in (
		"Kanban Board",
		"Tag",
		"ToDo",
		"Comment",
		"Document Follow",
		"Tag Link",
		"File",
		"DocShare",
	):
		frappe.db.delete(doctype, {"owner": ("in", users)})
	frappe.db.sql("delete from `__UserSettings` where user in %s", (tuple(users),))
