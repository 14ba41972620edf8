"""Pure, seeded generation of synthetic people: Thai names, valid national IDs, phones.

Faker `th_TH` gives the names; the national ID's 13th digit is the `stdnum.th.pin` check digit.
Everything is drawn from one `random.Random(seed)`, so the same seed gives the same people.
"""

import random

from faker import Faker
from stdnum.th import pin

MEMBER_CATEGORIES = ("Natural Leader", "Local-Area Leader", "Local-Government Leader", "Other")
CATEGORY_WEIGHTS = (40, 25, 20, 15)
OCCUPATIONS = (
	"เกษตรกร",
	"ค้าขาย",
	"รับจ้างทั่วไป",
	"ข้าราชการบำนาญ",
	"ผู้ใหญ่บ้าน",
	"กำนัน",
	"สมาชิกองค์การบริหารส่วนตำบล",
	"ครู",
	"อาสาสมัครสาธารณสุข",
	"ผู้ประกอบการ",
	"พนักงานบริษัท",
	"นักธุรกิจท่องเที่ยว",
)
MALE_TITLES = ("นาย",)
FEMALE_TITLES = ("นาง", "นางสาว")
OFFICER_RANKS = ("พ.ต.ท.", "พ.ต.ต.", "ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.", "ด.ต.", "จ.ส.ต.", "ส.ต.อ.")


class PeopleFactory:
	def __init__(self, seed: int = 2565):
		self.rng = random.Random(seed)
		self.faker = Faker("th_TH")
		self.faker.seed_instance(seed)
		self.used_ids: set[str] = set()

	def national_id(self) -> str:
		"""A 13-digit ID that passes `stdnum.th.pin` and was not handed out before by this factory."""
		while True:
			body = str(self.rng.randint(1, 8)) + "".join(str(self.rng.randint(0, 9)) for _ in range(11))
			number = body + pin.calc_check_digit(body)
			if number not in self.used_ids and pin.is_valid(number):
				self.used_ids.add(number)
				return number

	def mobile(self) -> str:
		return "0" + self.rng.choice("689") + "".join(str(self.rng.randint(0, 9)) for _ in range(8))

	def name(self) -> tuple[str, str, str]:
		"""(title, first name, last name)."""
		if self.rng.random() < 0.5:
			return MALE_TITLES[0], self.faker.first_name_male(), self.faker.last_name()
		return self.rng.choice(FEMALE_TITLES), self.faker.first_name_female(), self.faker.last_name()

	def member(self, station: str, subdistrict: str) -> dict:
		title, first, last = self.name()
		return {
			"title": title,
			"first_name": first,
			"last_name": last,
			"category": self.rng.choices(MEMBER_CATEGORIES, CATEGORY_WEIGHTS)[0],
			"occupation": self.rng.choice(OCCUPATIONS),
			"national_id": self.national_id(),
			"mobile": self.mobile(),
			"station": station,
			"subdistrict": subdistrict,
			"status": "Active",
		}

	def officer(self, unit: str) -> dict:
		_title, first, last = self.name()
		return {
			"rank": self.rng.choice(OFFICER_RANKS),
			"officer_name": f"{first} {last}",
			"police_unit": unit,
		}
