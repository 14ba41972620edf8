"""Benchmark: loading Thai geography (77 / 928 / 7,436 rows and their postcodes) into an empty site.

    bench --site SITE execute stronger_together.benchmarks.geography.run

It empties the geography tables inside a transaction, times the load and the idempotent re-run,
then rolls everything back, so the site is left as it was.
"""

import time

import frappe

from stronger_together.setup.geography import load_geography

TABLES = ("Subdistrict Postcode", "Subdistrict", "District", "Province")


def run():
	frappe.db.begin()
	try:
		for doctype in TABLES:
			frappe.db.sql(f"DELETE FROM `tab{doctype}`")  # DML: stays inside the transaction
		started = time.perf_counter()
		load_geography()
		first = time.perf_counter() - started
		counts = {dt: frappe.db.count(dt) for dt in TABLES}
		started = time.perf_counter()
		load_geography()
		again = time.perf_counter() - started
		assert counts == {dt: frappe.db.count(dt) for dt in TABLES}
	finally:
		frappe.db.rollback()
	print(f"geography load into empty tables: {first:.2f} s  {counts}")
	print(f"idempotent re-run (nothing to insert): {again:.2f} s")
	return {"first_s": round(first, 2), "rerun_s": round(again, 2), **counts}
