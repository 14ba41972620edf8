"""Pure planning of demo data: which stations exist, what they serve, under which division.

No database and no third-party imports, so tier-1 tests can check it with synthetic geography.
The plan is deterministic: the same geography gives the same stations, in the same order.

A station is a dict: unit_code, unit_name_th, unit_name_en, division, province, district, jurisdiction
(list of (district_code, subdistrict_code | None)).
"""

import heapq
import unicodedata
from collections import Counter

BANGKOK = "10"
NATIONAL_STATIONS = 1484

# Bangkok districts (by Thai name without "เขต") and the metropolitan division that polices them.
# An approximation of the real split of บก.น.1-9; editable, unknown districts fall back to round-robin.
BANGKOK_DIVISIONS: dict[str, tuple[str, ...]] = {
	"บก.น.1": ("พระนคร", "ดุสิต", "ป้อมปราบศัตรูพ่าย", "สัมพันธวงศ์", "พญาไท", "ราชเทวี", "บางซื่อ"),
	"บก.น.2": ("บางเขน", "ดอนเมือง", "จตุจักร", "หลักสี่", "สายไหม", "ลาดพร้าว"),
	"บก.น.3": ("หนองจอก", "มีนบุรี", "ลาดกระบัง", "คลองสามวา", "คันนายาว", "บึงกุ่ม", "สะพานสูง"),
	"บก.น.4": ("บางกะปิ", "ห้วยขวาง", "วังทองหลาง", "ดินแดง", "ประเวศ", "สวนหลวง"),
	"บก.น.5": ("ปทุมวัน", "บางรัก", "คลองเตย", "วัฒนา", "พระโขนง", "บางนา"),
	"บก.น.6": ("ยานนาวา", "บางคอแหลม", "สาทร"),
	"บก.น.7": ("บางกอกน้อย", "บางกอกใหญ่", "บางพลัด", "คลองสาน", "ธนบุรี"),
	"บก.น.8": ("บางขุนเทียน", "ราษฎร์บูรณะ", "จอมทอง", "ทุ่งครุ", "บางบอน"),
	"บก.น.9": ("ตลิ่งชัน", "ทวีวัฒนา", "หนองแขม", "ภาษีเจริญ", "บางแค"),
}


def strip_khet(name: str) -> str:
	""" "เขตปทุมวัน" -> "ปทุมวัน" (Bangkok districts carry the เขต prefix in DOPA data)."""
	return name[3:] if name.startswith("เขต") else name


def station_prefix(province: str) -> str:
	"""Bangkok stations are สน. (สถานีตำรวจนครบาล), the rest สภ. (สถานีตำรวจภูธร)."""
	return "สน." if province == BANGKOK else "สภ."


def bangkok_division(district_name: str, index: int) -> str:
	short = strip_khet(district_name)
	for division, names in BANGKOK_DIVISIONS.items():
		if short in names:
			return division
	return f"บก.น.{index % 9 + 1}"


def allocate_extra(sub_counts: dict[str, int], extra: int) -> dict[str, int]:
	"""Give `extra` more stations to the districts with the most sub-districts per station.

	A district never gets more stations than it has sub-districts. Ties go to the lower code.
	"""
	heap = [(-n, code, 1) for code, n in sub_counts.items() if n > 1]
	heapq.heapify(heap)
	stations = dict.fromkeys(sub_counts, 1)
	while extra > 0 and heap:
		_neg, code, k = heapq.heappop(heap)
		k += 1
		stations[code] = k
		extra -= 1
		if k < sub_counts[code]:
			heapq.heappush(heap, (-sub_counts[code] / k, code, k))
	return stations


def chunk(items: list, parts: int) -> list[list]:
	"""Split `items` into `parts` contiguous, near-equal, non-empty chunks."""
	size, rest = divmod(len(items), parts)
	out, start = [], 0
	for i in range(parts):
		end = start + size + (1 if i < rest else 0)
		out.append(items[start:end])
		start = end
	return out


def plan_stations(
	provinces: list[tuple],
	districts: list[tuple],
	subdistricts: list[tuple],
	province_division: dict[str, str],
	total: int = NATIONAL_STATIONS,
) -> list[dict]:
	"""Stations derived from real geography.

	provinces: (code, name_th, name_en); districts: (code, name_th, name_en, province_code);
	subdistricts: (code, name_th, name_en, district_code, ...). province_division maps an upcountry
	province code to its provincial police division (ภ.จว.).

	One station per district (สน.<district> / สภ.<district>), then extra stations split the largest
	districts by sub-district until there are `total` (each named after its first sub-district).
	"""
	province_name = {p[0]: p[1] for p in provinces}
	subs_of: dict[str, list[tuple]] = {}
	for s in subdistricts:
		subs_of.setdefault(s[3], []).append(s)
	counts = {d[0]: len(subs_of.get(d[0], ())) or 1 for d in districts}
	per_district = allocate_extra(counts, max(total - len(districts), 0))

	bangkok_index = 0
	raw: list[dict] = []
	for code, name_th, name_en, province in districts:
		if province == BANGKOK:
			division = bangkok_division(name_th, bangkok_index)
			bangkok_index += 1
		else:
			division = province_division.get(province)
			if not division:
				continue
		prefix = station_prefix(province)
		short = strip_khet(name_th)
		en_kind = "Metropolitan Police Station" if province == BANGKOK else "Provincial Police Station"
		n = per_district[code]
		subs = subs_of.get(code, [])
		groups = chunk(subs, n) if n > 1 else [subs]
		for i, group in enumerate(groups):
			if i == 0:
				name, name_en_part = short, name_en.removeprefix("Khet ").strip()
			else:
				name, name_en_part = group[0][1], group[0][2]
			jurisdiction = [(code, None)] if n == 1 else [(code, s[0]) for s in group]
			raw.append(
				{
					"base": prefix + name,
					"unit_name_th": f"สถานีตำรวจ{'นครบาล' if province == BANGKOK else 'ภูธร'}{name}",
					"unit_name_en": f"{name_en_part} {en_kind}",
					"division": division,
					"province": province,
					"district": code,
					"district_name": short,
					"jurisdiction": jurisdiction,
					"main": i == 0,
				}
			)
	return _unique_codes(raw, province_name)


def collation_key(code: str) -> str:
	"""MariaDB's utf8mb4_unicode_ci ignores Thai tone marks ("โคกยาง" = "โคกย่าง"): names must differ without them."""
	return "".join(c for c in code if unicodedata.category(c) != "Mn").casefold()


def _unique_codes(raw: list[dict], province_name: dict[str, str]) -> list[dict]:
	"""Station codes are unique nationwide. District stations claim their plain name first; a clash
	gets the province (district stations) or the district (sub-district stations), then a number."""
	used: set[str] = set()
	codes: dict[int, str] = {}
	for main in (True, False):
		for i, r in enumerate(raw):
			if r["main"] != main:
				continue
			qualifier = (
				f"จ.{province_name.get(r['province'], r['province'])}" if main else f"อ.{r['district_name']}"
			)
			code = r["base"] if collation_key(r["base"]) not in used else f"{r['base']} {qualifier}"
			n = 2
			while collation_key(code) in used:
				code = f"{r['base']} {qualifier} {n}"
				n += 1
			used.add(collation_key(code))
			codes[i] = code
	out = []
	for i, r in enumerate(raw):
		station = {k: v for k, v in r.items() if k not in ("base", "main", "district_name")}
		station["unit_code"] = codes[i]
		out.append(station)
	return out
