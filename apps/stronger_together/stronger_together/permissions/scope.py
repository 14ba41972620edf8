"""What a user covers: the one place a user's area is worked out.

A scope comes from what admins already record, never from User Permission rows:
- the areas of the ACTIVE committees the user sits on today (a Police Unit subtree for station, division,
  bureau and national committees; a District; a Province), and
- the Police Unit of a Coordinator Officer record linked to the user (that unit's subtree);
- a network member's portal user covers their own member record and the issues they raised.
National HQ Officer, Stronger Together Admin and System Manager see everything.

Subtrees are turned into plain lists of unit names once, so that every condition built from a scope is an
IN-list on an indexed column (what User Permission rows amount to). A unit root is also kept as itself, on
the issue column that names that unit type (station, division, bureau: `people.units.outermost_roots`), so
a division's issues are read on the division's own index rather than as its 40-odd stations. Scopes are
cached in Redis per user and day, and per request; anything that changes one (a committee, a coordinator, the unit tree, a member's
user, the roles of a user) clears them.
"""

from dataclasses import asdict, dataclass, field

import frappe
from frappe.utils import nowdate

from stronger_together.people.units import outermost_roots
from stronger_together.setup.roles import ADMIN, NATIONAL_HQ

SEE_ALL_ROLES = frozenset({"System Manager", ADMIN, NATIONAL_HQ})
# who administers the programme's integrations (Open311 partners, their keys and webhook deliveries)
ADMIN_ROLES = frozenset({"System Manager", ADMIN})
CACHE_KEY = "stronger_together:scope:v2"  # v2: the roots by column


@dataclass(frozen=True)
class Scope:
	all: bool = False
	stations: frozenset[str] = field(default_factory=frozenset)  # the stations of the user's unit subtrees
	units: frozenset[str] = field(default_factory=frozenset)  # every unit of those subtrees
	districts: frozenset[str] = field(default_factory=frozenset)
	provinces: frozenset[str] = field(default_factory=frozenset)
	# units a record owned by one unit may belong to: the subtrees, the stations serving the districts,
	# and the units in the provinces
	visible_units: frozenset[str] = field(default_factory=frozenset)
	# the same subtrees by their outermost roots, each on the issue column naming its unit type (the issue's
	# station, division and bureau follow the unit tree: ladder.service.realign_issue_areas)
	station_roots: frozenset[str] = field(default_factory=frozenset)
	division_roots: frozenset[str] = field(default_factory=frozenset)
	bureau_roots: frozenset[str] = field(default_factory=frozenset)
	committees: frozenset[str] = field(default_factory=frozenset)  # committees the user sits on today
	chaired: frozenset[str] = field(default_factory=frozenset)  # ... and chairs (or acts as chair of)
	member: str | None = None  # the Network Member a portal user is

	@property
	def empty(self) -> bool:
		return not (
			self.all or self.stations or self.districts or self.provinces or self.committees or self.member
		)

	def to_cache(self) -> dict:
		return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in asdict(self).items()}

	@classmethod
	def from_cache(cls, data: dict) -> "Scope":
		known = cls.__dataclass_fields__
		return cls(**{k: frozenset(v) if isinstance(v, list) else v for k, v in data.items() if k in known})


EVERYTHING = Scope(all=True)


def get_scope(user: str | None = None) -> Scope:
	return _scope(user or frappe.session.user)


@frappe.request_cache
def _scope(user: str) -> Scope:
	key = f"{CACHE_KEY}:{nowdate()}"
	cached = frappe.cache.hget(key, user)
	if cached is not None:
		return Scope.from_cache(cached)
	scope = build_scope(user)
	frappe.cache.hset(key, user, scope.to_cache())
	frappe.cache.expire(frappe.cache.make_key(key), 26 * 3600)
	return scope


def clear_scope_cache(doc=None, method=None) -> None:
	"""doc_events and membership changes: every user's scope is worked out afresh."""
	frappe.cache.delete_value(f"{CACHE_KEY}:{nowdate()}")
	cache = getattr(frappe.local, "request_cache", None)
	if cache is not None:
		cache.pop(_scope.__wrapped__, None)


def is_admin(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(ADMIN_ROLES & set(frappe.get_roles(user)))


def build_scope(user: str) -> Scope:
	from stronger_together.ladder import committees

	if user == "Administrator" or SEE_ALL_ROLES & set(frappe.get_roles(user)):
		return EVERYTHING
	roots, districts, provinces, on, chaired = [], set(), set(), set(), set()
	for m in committees.memberships(user):
		on.add(m.committee)
		if committees.is_chair_row(m):
			chaired.add(m.committee)
		if m.committee_level == "National HQ":
			return EVERYTHING
		if m.committee_level == "District":
			districts.add(m.district)
		elif m.committee_level == "Province":
			provinces.add(m.province)
		elif m.police_unit:
			roots.append(m.police_unit)
	roots += frappe.get_all(
		"Coordinator Officer", filters={"user": user, "police_unit": ("is", "set")}, pluck="police_unit"
	)
	units, stations, by_column = _subtrees(roots)
	visible = set(units)
	if districts:
		visible |= set(
			frappe.get_all(
				"Police Unit Jurisdiction",
				filters={"parenttype": "Police Unit", "district": ("in", sorted(districts))},
				pluck="parent",
			)
		)
	if provinces:
		visible |= set(
			frappe.get_all("Police Unit", filters={"province": ("in", sorted(provinces))}, pluck="name")
		)
	member = frappe.db.get_value("Network Member", {"user": user}, "name") if user != "Guest" else None
	return Scope(
		stations=frozenset(stations),
		units=frozenset(units),
		station_roots=frozenset(by_column["station"]),
		division_roots=frozenset(by_column["division"]),
		bureau_roots=frozenset(by_column["bureau"]),
		districts=frozenset(d for d in districts if d),
		provinces=frozenset(p for p in provinces if p),
		visible_units=frozenset(visible),
		committees=frozenset(on),
		chaired=frozenset(chaired),
		member=member,
	)


def _subtrees(roots: list[str]) -> tuple[set[str], set[str], dict[str, set[str]]]:
	"""Every unit under (and including) the roots, the stations among them (the Police Unit tree), and the
	outermost roots by issue column (a National HQ root as its bureaus)."""
	if not roots:
		return set(), set(), outermost_roots([])
	ranges = frappe.get_all(
		"Police Unit",
		filters={"name": ("in", sorted(set(roots)))},
		fields=["name", "unit_type", "lft", "rgt"],
	)
	units, stations = set(), set()
	for r in ranges:
		for u in frappe.get_all(
			"Police Unit",
			filters={"lft": (">=", r.lft), "rgt": ("<=", r.rgt)},
			fields=["name", "unit_type"],
		):
			units.add(u.name)
			if u.unit_type == "Station":
				stations.add(u.name)
	by_column = outermost_roots([(r.name, r.unit_type, r.lft, r.rgt) for r in ranges])
	national = by_column.pop("National HQ", set())
	if national:
		by_column["bureau"] |= set(
			frappe.get_all(
				"Police Unit", filters={"parent_police_unit": ("in", sorted(national))}, pluck="name"
			)
		)
	return units, stations, by_column
