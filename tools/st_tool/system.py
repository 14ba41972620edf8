"""The machine: prerequisites (git, node, yarn, MariaDB client, Debian packages), the bench user, bench's venv."""

import shutil
import socket
import sys
from pathlib import Path

from st_tool.common import (
	DB_HOST,
	DB_PORT,
	IS_ROOT,
	ST_USER,
	TOOLS,
	banner,
	die,
	home_of,
	port_open,
	redis_host_port,
	run,
	say,
)


def check_prerequisites(production: bool = False):
	"""Tools the set-up needs; as root, the Debian packages it uses are installed when missing
	(wkhtmltopdf and Thai fonts for PDFs, Chromium and poppler-utils for the browser tests, and for production serving
	supervisor and nginx)."""
	banner("Checking prerequisites")
	for tool in ("git", "node", "npm"):
		if not shutil.which(tool):
			die(f"`{tool}` is not installed (Debian/Ubuntu: apt-get install git nodejs npm).")
	node = run(["node", "--version"], capture=True, quiet=True).stdout.strip().lstrip("v")
	if int(node.split(".")[0]) < 18:
		die(f"Node 18+ is needed, found {node}.")
	if not shutil.which("yarn"):
		if not IS_ROOT:
			die("yarn 1.x is needed: npm install -g yarn@1")
		run(["npm", "install", "-g", "yarn@1"])
	if not (shutil.which("mariadb") or shutil.which("mysql")):
		die("The MariaDB client is needed (apt-get install mariadb-client).")
	for name, host, port in (("MariaDB", DB_HOST, DB_PORT), ("Redis", *redis_host_port())):
		if not port_open(host, port):
			die(f"{name} is not reachable at {host}:{port}.")
	if IS_ROOT:
		missing = [
			p
			for p, probe in (
				("wkhtmltopdf", "/usr/bin/wkhtmltopdf"),
				("fonts-thai-tlwg", "/usr/share/fonts/truetype/tlwg"),
				("chromium", "/usr/bin/chromium"),
				("poppler-utils", "/usr/bin/pdftoppm"),
				*(
					(("supervisor", "/usr/bin/supervisord"), ("nginx", "/usr/sbin/nginx"))
					if production
					else ()
				),
			)
			if not Path(probe).exists()
		]
		if missing:
			run(["apt-get", "update", "-qq"], check=False)
			run(
				["apt-get", "install", "-y", "-qq", *missing],
				env={"DEBIAN_FRONTEND": "noninteractive"},
				check=False,
			)
	elif production and not (shutil.which("supervisord") and shutil.which("nginx")):
		die(
			"Production serving needs supervisor and nginx (apt-get install supervisor nginx); or ./st up --dev."
		)
	say("Prerequisites OK.")


def ensure_tools():
	"""A small venv with frappe-bench and uv (bench wants both, and setuptools<81)."""
	bench_bin = TOOLS / "bin" / "bench"
	if bench_bin.exists() and (TOOLS / "bin" / "uv").exists():
		return
	python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
	run([python, "-m", "venv", TOOLS])
	run([TOOLS / "bin/python", "-m", "pip", "install", "-q", "frappe-bench", "uv", "setuptools<81"])
	if IS_ROOT:
		run(["chmod", "-R", "a+rX", TOOLS])


def ensure_user():
	if not IS_ROOT:
		return
	try:
		home_of(ST_USER)
	except KeyError:
		run(["useradd", "-m", "-s", "/bin/bash", ST_USER])


def ensure_hosts_entry(name: str):
	"""The socket.io server checks a browser's session by calling the site back at the browser's origin
	(http://SITE:PORT), so SITE must resolve on this machine. Frappe's `bench --site SITE add-to-hosts`
	does this through sudo; as root we append the same line to /etc/hosts ourselves."""
	try:
		socket.gethostbyname(name)
		return
	except OSError:
		pass
	if not IS_ROOT:
		say(f"Note: {name} does not resolve; add `127.0.0.1 {name}` to /etc/hosts for realtime updates.")
		return
	with open("/etc/hosts", "a") as hosts:
		hosts.write(f"127.0.0.1\t{name}\t# Stronger Together (./st up)\n")
	say(f"Added `127.0.0.1 {name}` to /etc/hosts (the socket.io server calls the site by its name).")
