"""Rules of the police unit tree that need no database."""

UNIT_TYPES: tuple[str, ...] = ("National HQ", "Bureau", "Division", "Station")

# The only unit type each type may hang under
PARENT_TYPE: dict[str, str | None] = {
	"National HQ": None,
	"Bureau": "National HQ",
	"Division": "Bureau",
	"Station": "Division",
}

# Unit types that must name the province they sit in
NEEDS_PROVINCE: frozenset[str] = frozenset({"Division", "Station"})


def expected_parent_type(unit_type: str) -> str | None:
	if unit_type not in PARENT_TYPE:
		raise ValueError(f"Unknown unit type: {unit_type}")
	return PARENT_TYPE[unit_type]


def is_group(unit_type: str) -> bool:
	"""Stations are leaves; every other unit holds units below it."""
	return unit_type != "Station"


# The column of a Community Issue that names each unit type of the chain (service.issue_area): a
# scope rooted at such a unit reads that one column, on its own index, instead of listing the stations.
CHAIN_COLUMN: dict[str, str] = {"Station": "station", "Division": "division", "Bureau": "bureau"}


def outermost_roots(roots: list[tuple[str, str, int, int]]) -> dict[str, set[str]]:
	"""A user's unit roots (name, unit_type, lft, rgt), cut to those no other root contains, by the
	issue column that names them: {"station": {...}, "division": {...}, "bureau": {...}}. A National HQ
	root stands for its whole tree and is returned as "National HQ"."""
	out: dict[str, set[str]] = {"station": set(), "division": set(), "bureau": set()}
	for name, unit_type, lft, rgt in roots:
		inside = any(
			(o_lft < lft and rgt < o_rgt) or ((o_lft, o_rgt) == (lft, rgt) and o_name < name)
			for o_name, _type, o_lft, o_rgt in roots
		)
		if inside:
			continue
		if unit_type == "National HQ":
			out.setdefault("National HQ", set()).add(name)
		elif unit_type in CHAIN_COLUMN:
			out[CHAIN_COLUMN[unit_type]].add(name)
	return out
