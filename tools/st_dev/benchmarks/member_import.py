"""Benchmark: loading network members at national scale, Frappe Data Import vs the fast bulk path.

    bench --site SITE execute stronger_together.benchmarks.member_import.run --kwargs "{'rows': 74200}"

1. Generates stations from the real districts (one per district, a second one splitting the
   sub-districts of the largest districts, until there are rows / 50 stations) and a CSV of `rows`
   members with the Thai template headers: Faker th_TH names, valid national IDs (stdnum check digit),
   Thai mobiles written in mixed formats, each member in a sub-district of its station's jurisdiction.
2. Frappe Data Import on the first `data_import_rows` rows of that file (the whole file would take
   far too long: it saves every row as a document and commits it), timed, then those members are removed.
3. The bulk path (`people_import.import_file`) on the whole file, timed.
Prints rows/s for each and the ratio. Unless `keep` is set, the generated stations and members are
deleted at the end (they are prefixed สภ.ทดสอบนำเข้า, so nothing else is touched).
"""

import csv
import io
import random
import time

import frappe
from frappe.utils.nestedset import rebuild_tree

from stronger_together.people.importer import TEMPLATE_COLUMNS, import_file
from stronger_together.people.rules import national_id_with_check_digit

PREFIX = "สภ.ทดสอบนำเข้า"
MEMBERS_PER_STATION = 50
CATEGORIES = ("Natural Leader", "Local-Area Leader", "Local-Government Leader", "Other")
OCCUPATIONS = ("เกษตรกร", "ค้าขาย", "รับจ้าง", "ข้าราชการบำนาญ", "กำนัน", "ผู้ใหญ่บ้าน", "นักธุรกิจ", "ครู")


def run(rows: int = 74200, data_import_rows: int = 3000, keep: bool = False, seed: int = 2565) -> dict:
	frappe.only_for(("System Manager", "Stronger Together Admin"))
	rng = random.Random(seed)
	cleanup()
	started = time.perf_counter()
	stations = make_stations(-(-rows // MEMBERS_PER_STATION), rng)
	frappe.db.commit()
	print(f"stations generated: {len(stations)} in {time.perf_counter() - started:.1f} s")

	started = time.perf_counter()
	table = generate_rows(rows, stations, rng, seed)
	content = to_csv(table)
	print(
		f"file generated: {rows} rows, {len(content) / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s"
	)

	di = time_data_import(table[: min(data_import_rows, rows)])
	bulk = time_bulk(content, rows)
	ratio = bulk["rows_per_s"] / di["rows_per_s"] if di["rows_per_s"] else float("inf")
	print(
		f"Data Import ({di['rows']} of the {rows} rows): {di['seconds']:.1f} s, {di['rows_per_s']:.1f} rows/s, "
		f"{di['imported']} imported"
	)
	print(
		f"bulk path (all {rows} rows): {bulk['seconds']:.1f} s, {bulk['rows_per_s']:.0f} rows/s, "
		f"{bulk['inserted']} inserted, {bulk['errors']} errors"
	)
	print(f"bulk / Data Import: {ratio:.0f}x; whole file under 5 minutes: {bulk['seconds'] < 300}")
	if not keep:
		cleanup()
	return {"data_import": di, "bulk": bulk, "ratio": round(ratio, 1), "stations": len(stations)}


# --- Generated stations ------------------------------------------------------------------


def make_stations(count: int, rng: random.Random) -> dict[str, list[str]]:
	"""`count` stations under the right division, each with its sub-districts: {station: [subdistrict]}."""
	subs_by_district: dict[str, list[str]] = {}
	for name, district in frappe.get_all(
		"Subdistrict", fields=["name", "district"], order_by="name", as_list=True
	):
		subs_by_district.setdefault(district, []).append(name)
	districts = frappe.get_all("District", fields=["name", "province"], order_by="name")
	divisions: dict[str, list[str]] = {}
	for name, province in frappe.get_all(
		"Police Unit",
		filters={"unit_type": "Division"},
		fields=["name", "province"],
		order_by="name",
		as_list=True,
	):
		divisions.setdefault(province, []).append(name)
	# one station per district, then split the largest districts until there are enough
	plan = [(d, subs_by_district.get(d.name, [])) for d in districts if subs_by_district.get(d.name)]
	plan = [(d, [subs]) for d, subs in plan]
	by_size = sorted(range(len(plan)), key=lambda i: -len(plan[i][1][0]))
	extra = max(count - len(plan), 0)
	for i in by_size[:extra]:
		subs = plan[i][1][0]
		if len(subs) > 1:
			half = len(subs) // 2
			plan[i] = (plan[i][0], [subs[:half], subs[half:]])
	stations: dict[str, list[str]] = {}
	units, jurisdiction = [], []
	now = frappe.utils.now()
	for d, groups in plan:
		division_options = divisions.get(d.province)
		if not division_options:
			continue
		for n, subs in enumerate(groups, 1):
			if len(stations) >= count:
				break
			code = f"{PREFIX}{d.name}-{n}"
			division = division_options[len(stations) % len(division_options)]
			units.append(
				(code, code, code, "Station", division, d.province, 0, 0, 0, 0, now, now, "Administrator")
			)
			whole = len(groups) == 1
			for idx, sub in enumerate([None] if whole else subs, 1):
				jurisdiction.append(
					(
						frappe.generate_hash(length=10),
						code,
						"Police Unit",
						"jurisdiction",
						idx,
						d.name,
						sub,
						now,
						now,
					)
				)
			stations[code] = subs
	frappe.db.bulk_insert(
		"Police Unit",
		[
			"name",
			"unit_code",
			"unit_name_th",
			"unit_type",
			"parent_police_unit",
			"province",
			"is_group",
			"lft",
			"rgt",
			"disabled",
			"creation",
			"modified",
			"owner",
		],
		units,
	)
	frappe.db.bulk_insert(
		"Police Unit Jurisdiction",
		[
			"name",
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			"district",
			"subdistrict",
			"creation",
			"modified",
		],
		jurisdiction,
	)
	rebuild_tree("Police Unit")
	return stations


def cleanup() -> None:
	like = f"{PREFIX}%"
	frappe.db.sql("delete from `tabNetwork Member` where station like %s", like)
	frappe.db.sql("delete from `tabPolice Unit Jurisdiction` where parent like %s", like)
	deleted = frappe.db.sql("delete from `tabPolice Unit` where name like %s", like)
	for name in frappe.get_all(
		"Data Import", filters={"import_file": ("like", "%st-member-benchmark%")}, pluck="name"
	):
		frappe.delete_doc("Data Import", name, force=True, ignore_permissions=True)
	for name in frappe.get_all("File", filters={"file_name": ("like", "st-member-benchmark%")}, pluck="name"):
		frappe.delete_doc("File", name, force=True, ignore_permissions=True)
	if deleted is not None:
		rebuild_tree("Police Unit")
	frappe.db.commit()


# --- Generated file ----------------------------------------------------------------------


def generate_rows(
	count: int, stations: dict[str, list[str]], rng: random.Random, seed: int
) -> list[list[str]]:
	from faker import Faker

	fake = Faker("th_TH")
	fake.seed_instance(seed)
	men = [fake.first_name_male() for _ in range(1500)]
	women = [fake.first_name_female() for _ in range(1500)]
	last_names = [fake.last_name() for _ in range(3000)]
	existing = set(frappe.get_all("Network Member", pluck="national_id"))
	ids: set[str] = set()
	station_names = list(stations)
	table = []
	for i in range(count):
		station = station_names[(i // MEMBERS_PER_STATION) % len(station_names)]
		while True:
			national_id = national_id_with_check_digit(
				str(rng.randint(1, 8)) + f"{rng.randrange(10**11):011d}"
			)
			if national_id not in ids and national_id not in existing:
				ids.add(national_id)
				break
		woman = rng.random() < 0.45
		title = rng.choice(("นาง", "นางสาว")) if woman else "นาย"
		mobile = f"0{rng.choice('689')}{rng.randrange(10**8):08d}"
		mobile = rng.choice(
			(
				mobile,
				f"{mobile[:3]}-{mobile[3:6]}-{mobile[6:]}",
				f"+66 {mobile[1:3]} {mobile[3:6]} {mobile[6:]}",
			)
		)
		values = {
			"title": title,
			"first_name": rng.choice(women if woman else men),
			"last_name": rng.choice(last_names),
			"national_id": national_id,
			"mobile": mobile,
			"line_id": "",
			"category": rng.choice(CATEGORIES),
			"occupation": rng.choice(OCCUPATIONS),
			"station": station,
			"subdistrict": rng.choice(stations[station]),
			"status": "Candidate",
		}
		table.append([values[field] for field, _thai in TEMPLATE_COLUMNS])
	return table


def to_csv(table: list[list[str]]) -> str:
	out = io.StringIO()
	writer = csv.writer(out)
	writer.writerow([thai for _field, thai in TEMPLATE_COLUMNS])
	writer.writerows(table)
	return out.getvalue()


def save_file(name: str, content: str) -> str:
	doc = frappe.get_doc(
		{"doctype": "File", "file_name": name, "is_private": 1, "content": content.encode("utf-8")}
	).insert(ignore_permissions=True)
	return doc.file_url


# --- Timed loads -------------------------------------------------------------------------


def ensure_thai_headers() -> None:
	"""Data Import maps the Thai headers through the fields' Thai labels: make sure they are compiled."""
	frappe.local.lang = "th"
	if frappe._("National ID") != "เลขประจำตัวประชาชน":
		from frappe.gettext.translate import compile_translations
		from frappe.translate import clear_cache

		compile_translations("stronger_together", "th", force=True)
		clear_cache()
		frappe.local.lang_full_dict = None
	if frappe._("National ID") != "เลขประจำตัวประชาชน":
		print("warning: Thai labels are not available, Data Import will not map the Thai headers")
	frappe.cache.hdel("data_import_column_header_map", "Network Member")


def time_data_import(table: list[list[str]]) -> dict:
	from frappe.core.doctype.data_import.data_import import start_import

	ensure_thai_headers()
	file_url = save_file("st-member-benchmark-data-import.csv", to_csv(table))
	di = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Network Member",
			"import_type": "Insert New Records",
			"import_file": file_url,
		}
	).insert()
	frappe.db.commit()
	before = frappe.db.count("Network Member")
	started = time.perf_counter()
	start_import(di.name)
	seconds = time.perf_counter() - started
	imported = frappe.db.count("Network Member") - before
	status = frappe.db.get_value("Data Import", di.name, "status")
	if imported < len(table):
		print(f"Data Import status {status}: {imported} of {len(table)} rows imported")
	# remove them again, so the bulk path loads the whole file into the same empty stations
	frappe.db.sql("delete from `tabNetwork Member` where station like %s", f"{PREFIX}%")
	frappe.db.commit()
	return {
		"rows": len(table),
		"imported": imported,
		"seconds": round(seconds, 2),
		"rows_per_s": round(imported / seconds, 1) if seconds else 0,
		"status": status,
	}


def time_bulk(content: str, rows: int) -> dict:
	file_url = save_file("st-member-benchmark-bulk.csv", content)
	frappe.db.commit()
	started = time.perf_counter()
	result = import_file(file_url)
	frappe.db.commit()
	seconds = time.perf_counter() - started
	if result["errors"]:
		print("first errors:", result["errors"][:5])
	return {
		"rows": rows,
		"inserted": result["inserted"],
		"errors": len(result["errors"]),
		"seconds": round(seconds, 2),
		"rows_per_s": round(result["inserted"] / seconds, 1) if seconds else 0,
	}
