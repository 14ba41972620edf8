"""Demo data at a chosen scale, in one command:

    bench --site SITE execute stronger_together.demo.generate --kwargs "{'scale': 'national'}"

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

	from stronger_together.demo import stages  # the pure planning modules of this package need no Frappe

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
	return {"scale": scale, "seconds": total, "steps": timings}
