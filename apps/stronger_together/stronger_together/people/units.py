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
