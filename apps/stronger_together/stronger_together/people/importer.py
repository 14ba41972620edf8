"""Fast bulk import of network members for national loads (tens of thousands of rows).

Applies the same rules as the Network Member form (check digit, unique national ID nationwide and within
the file, Thai mobile, the station is a station, the sub-district is in its jurisdiction, the quota) but in
vectorised form: every lookup is fetched once, rows are checked in memory, then the good rows are written
with `frappe.db.bulk_insert` in chunks. Bad rows are reported by row number; the good rows still land.

From code (the demo generator, the benchmark)::

    from stronger_together.people.importer import import_members

    result = import_members([{"title": "นาย", "first_name": "...", ...}, ...])
    result == {"inserted": 74150, "errors": [{"row": 12, "message": "..."}, ...]}

From the desk or REST: `stronger_together.api.people.import_file(file_url)` for an attached CSV/XLSX laid
out like `reference_data/member_import_template.csv` (Thai headers), or `...api.people.import_members(rows)`.
"""

import json
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.utils import cstr, getdate, now

from stronger_together import settings
from stronger_together.people import queries as people_db
from stronger_together.people import rules as people
from stronger_together.permissions import personal_data
from stronger_together.utils import documents
from stronger_together.utils import field_values as fv

DOCTYPE = "Network Member"
SERIES = "NM-"  # autoname "NM-.######"
SERIES_DIGITS = 6
ADMIN_ROLES = ("Stronger Together Admin", "System Manager")

# Columns of the Thai template, in order: (fieldname, Thai header = the Thai label in th.po)
TEMPLATE_COLUMNS: tuple[tuple[str, str], ...] = (
	("title", "คำนำหน้าชื่อ"),
	("first_name", "ชื่อ"),
	("last_name", "นามสกุล"),
	("national_id", "เลขประจำตัวประชาชน"),
	("mobile", "โทรศัพท์มือถือ"),
	("line_id", "ไอดีไลน์"),
	("category", "ประเภทผู้นำ"),
	("occupation", "อาชีพ"),
	("station", "สถานีตำรวจ"),
	("subdistrict", "ตำบล/แขวง"),
	("status", "สถานะ"),
)
OPTIONAL_FIELDS = ("trained_on", "training_batch", "active_from", "inactive_from")
ENGLISH_LABELS = {
	"Name Prefix": "title",
	"First Name": "first_name",
	"Last Name": "last_name",
	"National ID": "national_id",
	"Mobile Phone": "mobile",
	"LINE ID": "line_id",
	"Leader Category": "category",
	"Occupation": "occupation",
	"Station": "station",
	"Sub-district": "subdistrict",
	"Status": "status",
	"Trained On": "trained_on",
	"Training Batch": "training_batch",
	"Active From": "active_from",
	"Inactive From": "inactive_from",
}
HEADER_TO_FIELD: dict[str, str] = {
	**{thai: field for field, thai in TEMPLATE_COLUMNS},
	**ENGLISH_LABELS,
	**{field: field for field in ENGLISH_LABELS.values()},
	"Title": "title",
	"Category": "category",
}
# Thai option labels accepted as well as the stored English values
CATEGORY_ALIASES = {
	"ผู้นำตามธรรมชาติ": "Natural Leader",
	"ผู้นำท้องที่": "Local-Area Leader",
	"ผู้นำท้องถิ่น": "Local-Government Leader",
	"อื่น ๆ": "Other",
	"อื่นๆ": "Other",
}
STATUS_ALIASES = {"ผู้สมัคร": "Candidate", "ผ่านการอบรม": "Trained", "ปฏิบัติงาน": "Active", "พ้นสภาพ": "Inactive"}
REQUIRED = ("title", "first_name", "last_name", "national_id", "station", "subdistrict")


def check_import_permission() -> None:
	frappe.only_for(ADMIN_ROLES)
	frappe.has_permission(DOCTYPE, "import", throw=True)


def read_table(file_doc) -> list[list]:
	"""The rows of an attached CSV or XLSX."""
	content = file_doc.get_content()
	if (file_doc.file_name or file_doc.file_url or "").lower().endswith(".xlsx"):
		from frappe.utils.xlsxutils import read_xlsx_file_from_attached_file

		return read_xlsx_file_from_attached_file(fcontent=content)
	from frappe.utils.csvutils import read_csv_content

	return read_csv_content(content)


def rows_from_table(table: list[list]) -> list[dict]:
	"""Spreadsheet rows (header first) to dicts keyed by the headers as written."""
	if not table:
		return []
	headers = [cstr(h).strip() for h in table[0]]
	return [dict(zip(headers, line, strict=False)) for line in table[1:]]


def import_members(rows: list[dict], *, first_row: int = 1, chunk_size: int = 5000) -> dict:
	"""Validate `rows` together and bulk-insert the good ones as Network Members.

	Returns {"inserted": n, "errors": [{"row": number, "message": text}]}; row numbers count from
	`first_row` (1 = the first dict). Runs in the caller's transaction (the caller commits).
	"""
	check_import_permission()
	normalised = [normalise_keys(row) for row in rows]
	lookups = Lookups.fetch(normalised)
	good, errors = check_rows(normalised, lookups, first_row)
	inserted = insert_members(good, chunk_size)
	people_db.refresh_station_coverage(sorted({row["station"] for row in good}))
	return {"inserted": inserted, "errors": errors}


def normalise_keys(row: dict) -> dict:
	"""Known columns by fieldname, values as trimmed text (a list or an object is kept, to be reported)."""
	out = {}
	for key, value in row.items():
		field = HEADER_TO_FIELD.get(cstr(key).strip())
		if field:
			if isinstance(value, list | tuple | dict | set):
				out[field] = value
			else:
				out[field] = cstr(value).strip() if value is not None else ""
	return out


def text_of(row: dict, field: str) -> str | None:
	"""A value usable as a lookup key (text), or None."""
	value = row.get(field)
	return value if isinstance(value, str) and value else None


class Lookups:
	"""Everything the row checks need, fetched once for the whole file."""

	def __init__(self):
		self.unit_types: dict[str, str] = {}
		self.subdistrict_area: dict[str, tuple[str, str]] = {}
		self.jurisdiction: dict[str, list] = {}
		self.holders: dict[str, tuple[str, str]] = {}  # national ID -> (member, station)
		self.counted: dict[str, int] = {}
		self.batches: set[str] = set()
		self.quota, self.mode = 0, "Soft"
		self.titles: set[str] = set()
		self.can_read_pii = False
		self.labels: dict[str, str] = {}
		self.lengths: dict[str, int] = {}  # the varchar columns' lengths

	@classmethod
	def fetch(cls, rows: list[dict]) -> "Lookups":
		self = cls()
		stations = sorted({text_of(r, "station") for r in rows} - {None})
		self.unit_types = dict(
			frappe.get_all(
				"Police Unit",
				filters={"name": ("in", stations or [""])},
				fields=["name", "unit_type"],
				as_list=True,
			)
		)
		self.subdistrict_area = {
			name: (district, province)
			for name, district, province in frappe.get_all(
				"Subdistrict", fields=["name", "district", "province"], as_list=True
			)
		}
		self.jurisdiction = people_db.jurisdiction_by_station()
		ids = sorted({people.clean_national_id(text_of(r, "national_id")) for r in rows} - {None})
		for start in range(0, len(ids), 10000):
			for national_id, name, station in frappe.get_all(
				DOCTYPE,
				filters={"national_id": ("in", ids[start : start + 10000])},
				fields=["national_id", "name", "station"],
				as_list=True,
			):
				self.holders[national_id] = (name, station)
		self.counted = people_db.counted_members_by_station(stations)
		batches = sorted({text_of(r, "training_batch") for r in rows} - {None})
		if batches:
			self.batches = set(
				frappe.get_all("Training Batch", filters={"name": ("in", batches)}, pluck="name")
			)
		self.quota, self.mode = settings.quota()
		meta = frappe.get_meta(DOCTYPE)
		self.titles = set((meta.get_field("title").options or "").split("\n")) - {""}
		self.can_read_pii = personal_data.can_read()
		for df in meta.fields:
			self.labels[df.fieldname] = df.label or df.fieldname
			if df.fieldtype in ("Data", "Link", "Select", "Read Only"):
				self.lengths[df.fieldname] = df.length or frappe.db.VARCHAR_LEN
		return self


def check_rows(rows: list[dict], lookups: Lookups, first_row: int = 1) -> tuple[list[dict], list[dict]]:
	"""Split rows into good, complete member rows and errors [{row, message}]."""
	good: list[dict] = []
	errors: list[dict] = []
	first_seen: dict[str, int] = {}
	counted = dict(lookups.counted)
	today = getdate()
	for index, raw in enumerate(rows):
		number = first_row + index
		row = dict(raw)
		message = check_row(row, lookups, first_seen, number, today)
		if not message and row["status"] in people.COUNTED_STATUSES:
			current = counted.get(row["station"], 0)
			if not people.quota_allows(current, 1, lookups.quota, lookups.mode):
				message = _(
					"Station {0} already has {1} members, its quota of {2}: no more can be added."
				).format(row["station"], current, lookups.quota)
			else:
				counted[row["station"]] = current + 1
		if message:
			errors.append({"row": number, "message": message})
		else:
			first_seen[row["national_id"]] = number
			good.append(row)
	return good, errors


def check_row(row: dict, lookups: Lookups, first_seen: dict[str, int], number: int, today) -> str | None:
	"""Fill in derived fields of one row and return the first problem with it, or None."""
	for field, value in row.items():
		kind = fv.problem("Data", value)  # a list, an object, text the database cannot hold
		if kind:
			return documents.message(kind, _(lookups.labels.get(field, field)), value)
	for field in REQUIRED:
		if not row.get(field):
			return _("{0} is required.").format(_(label_of(field)))
	if row["title"] not in lookups.titles:
		return _("Name prefix {0} is not one of {1}.").format(row["title"], ", ".join(sorted(lookups.titles)))
	national_id = people.clean_national_id(row["national_id"])
	if not national_id:
		return _("National ID {0} is not a valid 13-digit Thai national ID (check digit).").format(
			row["national_id"]
		)
	row["national_id"] = national_id
	if national_id in first_seen:
		return _("National ID {0} is repeated: row {1} already has it.").format(
			national_id, first_seen[national_id]
		)
	if national_id in lookups.holders:
		name, station = lookups.holders[national_id]
		if lookups.can_read_pii:
			return _("National ID {0} is already registered: member {1} of station {2}.").format(
				national_id, name, station
			)
		return _("This national ID is already registered to another network member.")
	if row.get("mobile"):
		mobile = people.normalise_mobile(row["mobile"])
		if not mobile:
			return _(
				"Mobile phone {0} is not a Thai mobile number (10 digits starting 06, 08 or 09)."
			).format(row["mobile"])
		row["mobile"] = mobile
	row["category"] = CATEGORY_ALIASES.get(row.get("category") or "", row.get("category") or "Natural Leader")
	if row["category"] not in people.MEMBER_CATEGORIES:
		return _("Category {0} is not one of {1}.").format(
			row["category"], ", ".join(people.MEMBER_CATEGORIES)
		)
	row["status"] = STATUS_ALIASES.get(row.get("status") or "", row.get("status") or "Candidate")
	if row["status"] not in people.MEMBER_STATUSES:
		return _("Status {0} is not one of {1}.").format(row["status"], ", ".join(people.MEMBER_STATUSES))
	if lookups.unit_types.get(row["station"]) != "Station":
		return _("{0} is not a police station: members belong to a station.").format(row["station"])
	district, province = lookups.subdistrict_area.get(row["subdistrict"], (None, None))
	if not district:
		return _("Sub-district {0} does not exist.").format(row["subdistrict"])
	if not people.in_jurisdiction(row["subdistrict"], district, lookups.jurisdiction.get(row["station"], ())):
		return _("Sub-district {0} is not in the jurisdiction of station {1}.").format(
			row["subdistrict"], row["station"]
		)
	row["district"], row["province"] = district, province
	if row.get("training_batch") and row["training_batch"] not in lookups.batches:
		return _("Training batch {0} does not exist.").format(row["training_batch"])
	for field in OPTIONAL_FIELDS:
		if field != "training_batch" and row.get(field):
			try:
				day = getdate(row[field])
			except Exception:
				day = None
			if not fv.as_date(day):  # unreadable, or a year the database cannot store
				return _("{0}: {1} is not a date.").format(_(label_of(field)), row[field])
			row[field] = day
	if row["status"] in ("Active", "Inactive") and not row.get("active_from"):
		row["active_from"] = today
	if row["status"] == "Inactive" and not row.get("inactive_from"):
		row["inactive_from"] = today
	row["full_name"] = people.full_name(row["title"], row["first_name"], row["last_name"])
	for field in INSERT_FIELDS:
		limit = lookups.lengths.get(field)
		if limit and isinstance(row.get(field), str) and len(row[field]) > limit:
			return _("{0} is longer than {1} characters.").format(_(lookups.labels.get(field, field)), limit)
	return None


def label_of(field: str) -> str:
	return next((label for label, name in ENGLISH_LABELS.items() if name == field), field)


INSERT_FIELDS = (
	"title",
	"first_name",
	"last_name",
	"full_name",
	"national_id",
	"mobile",
	"line_id",
	"category",
	"occupation",
	"station",
	"subdistrict",
	"district",
	"province",
	"status",
	"trained_on",
	"training_batch",
	"active_from",
	"inactive_from",
)


def insert_members(rows: list[dict], chunk_size: int = 5000) -> int:
	if not rows:
		return 0
	names = reserve_names(len(rows))
	timestamp, user = now(), frappe.session.user
	fields = ["name", "creation", "modified", "owner", "modified_by", "docstatus", "idx", *INSERT_FIELDS]
	values = (
		[name, timestamp, timestamp, user, user, 0, 0, *(row.get(f) or None for f in INSERT_FIELDS)]
		for name, row in zip(names, rows, strict=True)
	)
	frappe.db.bulk_insert(DOCTYPE, fields, values, chunk_size=chunk_size)
	return len(rows)


def reserve_names(count: int) -> Iterable[str]:
	"""Take `count` numbers from the naming series in one step, as the form's autoname would one by one."""
	current = frappe.db.sql("select current from `tabSeries` where name = %s for update", SERIES)
	if not current:
		frappe.db.sql("insert into `tabSeries` (name, current) values (%s, 0)", SERIES)
		start = 0
	else:
		start = int(current[0][0] or 0)
	frappe.db.sql("update `tabSeries` set current = %s where name = %s", (start + count, SERIES))
	return [f"{SERIES}{number:0{SERIES_DIGITS}d}" for number in range(start + 1, start + count + 1)]
