"""Heavy reads on a replica, and never an error page when the replica is down.

The app's live reports (the ladder reports, the coverage reports, the national compilation) run through
Frappe's `query_report.run`, and the compilation's PDF and XLSX, the monthly report PDFs, the outstanding
reports and the training-coverage number card through the app's own endpoints (api/reporting.py); all of
them are under `frappe.read_only()`, which reads from the MariaDB replica named in site_config.json
(`read_from_replica`, `replica_host`, `replica_db_port`) and from the primary when the site names none. If the replica stops, Frappe would fail to connect to it and
show an error page; `check_replica` (hooks: before_request, before_job) sees that first and lets the
request read from the primary, with a warning in the log. `./st bench replica` proves both on two real
MariaDB servers (a primary and its binlog replica).
"""

import logging
import socket

import frappe

CACHE_KEY = "stronger_together:replica_down"
DOWN_SECONDS = 10


def check_replica() -> None:
	conf = frappe.local.conf
	if not conf.get("read_from_replica"):
		return
	if replica_up(conf):
		return
	conf.read_from_replica = 0  # this request's copy of the site config


def replica_up(conf) -> bool:
	"""Whether the replica accepts connections. Asked on every request that may read from it (a TCP
	handshake: well under a millisecond on the loopback or a LAN), so a replica that has just stopped is
	skipped at once; a replica found down is not asked again for DOWN_SECONDS (a host that does not answer
	at all would otherwise cost every request the connect timeout)."""
	if frappe.cache.get_value(CACHE_KEY):
		return False
	try:
		with socket.create_connection(
			(conf.get("replica_host") or "127.0.0.1", int(conf.get("replica_db_port") or 3306)), timeout=0.5
		):
			return True
	except OSError as e:
		frappe.cache.set_value(CACHE_KEY, 1, expires_in_sec=DOWN_SECONDS)
		log = frappe.logger("stronger_together.replica")
		log.setLevel(logging.WARNING)  # Frappe's loggers keep only errors outside the development server
		log.warning(
			"replica %s:%s does not answer (%s); reads go to the primary for the next %s s",
			conf.get("replica_host"),
			conf.get("replica_db_port"),
			e,
			DOWN_SECONDS,
		)
		return False
