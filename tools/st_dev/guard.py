"""Demo data and benchmarks write (and some delete) data in bulk: they run only on scratch sites.

A scratch site carries `"st_scratch_site": 1` in its site_config.json. `./st up` writes it on the site it
creates, `./st test` on its disposable test sites and `./st bench` on its benchmark site; a site that holds
real data never has it (remove the key before a development site takes real data).
"""

import frappe


class NotAScratchSite(Exception):
	pass


def require_scratch_site() -> None:
	if not frappe.conf.get("st_scratch_site"):
		raise NotAScratchSite(
			f"{frappe.local.site} is not marked as a scratch site (st_scratch_site in its site_config.json): "
			"demo data and benchmarks refuse to run on a site that may hold real data."
		)
