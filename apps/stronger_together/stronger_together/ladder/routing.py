"""Which committee holds an issue on each rung of the ladder (pure: no database).

For an issue raised at station S about sub-district T (MISSION.md, "The escalation ladder"):

	Station     -> the committee of S itself
	District    -> the committee of the district T lies in
	Division    -> the committee of S's division
	Province    -> the committee of the province T lies in
	Bureau      -> the committee of S's bureau
	National HQ -> the national committee (RTP working group)

Committees are looked up in a mapping {(level, area): committee name} of ACTIVE committees, where
area is a Police Unit name for Station / Division / Bureau / National HQ, a District code for
District and a Province code for Province.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from stronger_together.ladder.rungs import RUNGS, rung_index

# Which kind of area each rung's committee serves
AREA_KIND: dict[str, str] = {
	"Station": "Police Unit",
	"District": "District",
	"Division": "Police Unit",
	"Province": "Province",
	"Bureau": "Police Unit",
	"National HQ": "Police Unit",
}


@dataclass(frozen=True)
class IssueArea:
	"""Where an issue sits: its station's chain of units and its sub-district's civil areas."""

	station: str
	division: str
	bureau: str
	national_hq: str
	district: str
	province: str

	def area_for(self, rung: str) -> str:
		rung_index(rung)  # raises on an unknown rung
		return {
			"Station": self.station,
			"District": self.district,
			"Division": self.division,
			"Province": self.province,
			"Bureau": self.bureau,
			"National HQ": self.national_hq,
		}[rung]


class NoCommitteeError(LookupError):
	"""No active committee serves `area` at `rung`: an admin has to set one up."""

	def __init__(self, rung: str, area: str):
		self.rung = rung
		self.area = area
		self.area_kind = AREA_KIND[rung]
		super().__init__(f"No active {rung} committee for {self.area_kind} {area}")


def committee_for(rung: str, area: IssueArea, committees: Mapping[tuple[str, str], str]) -> str:
	"""The active committee for `rung` of an issue in `area`, or NoCommitteeError naming rung and area."""
	key = (rung, area.area_for(rung))
	committee = committees.get(key)
	if not committee:
		raise NoCommitteeError(rung, key[1])
	return committee


def area_key(level: str, area: str) -> str:
	"""The key that makes 'one active committee per level and area' a unique index."""
	return f"{level}:{area}"
