"""The escalation ladder of MISSION.md, as plain data and pure functions (no database).

Rung order: Station -> District -> Division -> Province -> Bureau -> National HQ.
"""

RUNGS: tuple[str, ...] = ("Station", "District", "Division", "Province", "Bureau", "National HQ")

# Rungs that have a committee with its own chair role (national HQ acts through its officers)
COMMITTEE_RUNGS: tuple[str, ...] = RUNGS[:-1]


def rung_index(rung: str) -> int:
	try:
		return RUNGS.index(rung)
	except ValueError:
		raise ValueError(f"Unknown rung: {rung}") from None


def next_rung(rung: str) -> str | None:
	"""The rung above `rung`, or None at national HQ (which reports to the government)."""
	i = rung_index(rung)
	return RUNGS[i + 1] if i + 1 < len(RUNGS) else None


def previous_rung(rung: str) -> str | None:
	i = rung_index(rung)
	return RUNGS[i - 1] if i > 0 else None
