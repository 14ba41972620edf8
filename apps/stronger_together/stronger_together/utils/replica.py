"""Heavy reads on a replica, and never an error page when the replica is down.

The app's live reports run through Frappe's `query_report.run`, and the national compilation and the
monthly report PDFs through the app's own endpoints; all of them are under `frappe.read_only()`, which reads
from the MariaDB replica named in site_config.json (`read_from_replica`, `replica_host`, `replica_db_port`)
and from the primary when the site names none. If the replica stops, Frappe would fail to connect to it and
show an error page; `check_replica` (hooks: before_request, before_job) sees that first and lets the
request read from the primary, with a warning in the log.
"""

import socket

import frappe

CACHE_KEY = "stronger_together:replica_up"


def check_replica() -> None:
	conf = frappe.local.conf
	if not conf.get("read_from_replica"):
		return
	if replica_up(conf):
		return
	conf.read_from_replica = 0  # this request's copy of the site config
	frappe.logger("stronger_together.replica").warning(
		"replica %s:%s does not answer; reads go to the primary",
		conf.get("replica_host"),
		conf.get("replica_db_port"),
	)


def replica_up(conf) -> bool:
	"""Whether the replica accepts connections (asked at most every 10 seconds)."""
	cached = frappe.cache.get_value(CACHE_KEY)
	if cached is not None:
		return bool(cached)
	try:
		with socket.create_connection(
			(conf.get("replica_host") or "127.0.0.1", int(conf.get("replica_db_port") or 3306)), timeout=0.5
		):
			up = True
	except OSError:
		up = False
	frappe.cache.set_value(CACHE_KEY, int(up), expires_in_sec=10)
	return up
