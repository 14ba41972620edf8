"""Demo data at a chosen scale, in one command:

    ./st demo national      (bench --site SITE execute st_dev.demo.generate --kwargs "{'scale': 'national'}",
                             with the repository's tools/ on PYTHONPATH)

`small` (tests, browser journeys): a few stations in Bangkok (บก.น.1, บก.น.5) and Khon Kaen, their members,
officers, committees with chairs at every rung, and a few issues. `national`: 1,484 stations derived from
the real districts, 74,200 members, ~9,000 officers, ~2,600 committees, issues over 12 months.

Deterministic (seeded) and idempotent: each stage creates only what is missing. Stages whose DocType is not
installed are skipped with a message, so the generator works while the app grows.
"""

import time

SCALES = ("small", "national")


def generate(scale: str = "small", seed: int = 2565) -> dict:
	import frappe

	from st_dev.demo import stages  # the pure planning modules of this package need no Frappe
	from st_dev.guard import require_scratch_site

	require_scratch_site()
	if scale not in SCALES:
		frappe.throw(f"scale must be one of {SCALES}")
	started = time.monotonic()
	frappe.flags.in_demo = True
	frappe.flags.mute_emails = True
	timings = {}
	ctx = stages.Context(scale=scale, seed=seed)
	for step in stages.STEPS:
		t = time.monotonic()
		result = step(ctx)
		frappe.db.commit()
		timings[step.__name__] = round(time.monotonic() - t, 1)
		print(f"{step.__name__:<22} {timings[step.__name__]:>7.1f} s  {result or ''}", flush=True)
	total = round(time.monotonic() - started, 1)
	print(f"demo ({scale}) done in {total} s", flush=True)
	print_logins()
	return {"scale": scale, "seconds": total, "steps": timings}


def print_logins() -> None:
	"""One chair per rung to log in as (every demo user's password is DEMO_PASSWORD)."""
	import frappe

	from st_dev.demo.ladder_data import DEMO_PASSWORD

	if not frappe.db.table_exists("Committee"):
		return
	rows = frappe.db.sql(
		"""select c.committee_level, c.name, min(m.user) as user
		from `tabCommittee` c join `tabCommittee Member` m on m.parent = c.name and m.parenttype = 'Committee'
		where m.position = 'Chair' and m.user like 'chair.%%' and c.is_active = 1
		group by c.committee_level, c.name order by c.committee_level, user""",
		as_dict=True,
	)
	from stronger_together.ladder.rungs import RUNGS

	rows.sort(key=lambda r: (RUNGS.index(r.committee_level) if r.committee_level in RUNGS else 99, r.user))
	seen = set()
	print(f"Demo logins (password {DEMO_PASSWORD}):", flush=True)
	for r in rows:
		if r.committee_level not in seen:
			seen.add(r.committee_level)
			print(f"  {r.committee_level:<12} {r.user:<40} {r.name}", flush=True)
