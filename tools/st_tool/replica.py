"""`./st bench replica`: the heavy reads reach a real MariaDB replica, writes the primary, and a stopped
replica degrades to the primary.

It runs outside `bench execute` because it owns servers and a site: it starts its own pair of MariaDB
servers on the loopback (never the machine's MariaDB, its config or its service), in a temporary folder:

    primary   127.0.0.1:3316  binary log (ROW), server_id 1
    replica   127.0.0.1:3317  server_id 2, replicating from the primary with GTID (MASTER_USE_GTID=slave_pos),
                              read_only=ON (as a production replica: only replication writes to it)

creates a scratch site on the primary (`bench new-site --db-host 127.0.0.1 --db-port 3316`, "st_scratch_site":
1, the demo's small data), points it at the replica (site_config: read_from_replica, replica_host,
replica_db_port), then calls tools/st_dev/benchmarks/replica.py in the site (`bench execute`) to prove, over
HTTP with a real login, where each request's queries go (the servers' general logs), and to time the reports
on the replica and on the primary. It stops the replica and calls it again: the same requests answer 200 and
the log says the reads went to the primary. Finally it drops the site, stops both servers and removes the
folder, whatever happened.

The app code is the repository's (apps/stronger_together first on PYTHONPATH), like tier 2.
"""

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from st_tool.bench import bench_user, find_bench, frappe_cmd, readable_by, tools_method
from st_tool.common import ADMIN_PASSWORD, APP, APP_DIR, IS_ROOT, REPO, banner, die, port_open, run, say
from st_tool.site import hide_tracebacks, mark_scratch, secure_site_config, set_site_config

SITE = os.environ.get("ST_REPLICA_SITE", "st-replica.localhost")


class Server:
	"""A MariaDB server of our own: its datadir, socket and log in `folder`, listening on 127.0.0.1:`port`."""

	def __init__(self, folder: Path, name: str, port: int, server_id: int, extra: list[str]):
		self.folder, self.name, self.port, self.server_id, self.extra = folder, name, port, server_id, extra
		self.datadir = folder / "data"
		self.socket = folder / "mariadb.sock"
		self.process: subprocess.Popen | None = None

	def install(self):
		self.folder.mkdir(mode=0o700)
		if IS_ROOT:
			shutil.chown(self.folder, "mysql", "mysql")
		res = subprocess.run(
			[
				binary("mariadb-install-db", "mysql_install_db"),
				"--no-defaults",
				*(["--user=mysql"] if IS_ROOT else []),
				f"--datadir={self.datadir}",
				"--auth-root-authentication-method=normal",
				"--skip-test-db",
			],
			capture_output=True,
			text=True,
		)
		if res.returncode != 0:
			die(f"mariadb-install-db failed for the {self.name}:\n{res.stdout[-2000:]}{res.stderr[-2000:]}")

	def start(self):
		cmd = [
			binary("mariadbd", "mysqld"),
			"--no-defaults",  # none of the machine's config: its own folder, port and settings only
			*(["--user=mysql"] if IS_ROOT else []),
			f"--datadir={self.datadir}",
			f"--socket={self.socket}",
			f"--pid-file={self.folder / 'mariadb.pid'}",
			f"--log-error={self.folder / 'error.log'}",
			f"--port={self.port}",
			"--bind-address=127.0.0.1",
			"--skip-name-resolve",
			f"--server-id={self.server_id}",
			"--character-set-server=utf8mb4",
			"--collation-server=utf8mb4_unicode_ci",
			"--innodb-buffer-pool-size=256M",
			"--max-allowed-packet=256M",
			"--log-output=TABLE",  # the general log (off until the proof turns it on) goes to mysql.general_log
			*self.extra,
		]
		self.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
		for _ in range(120):
			if self.sql("SELECT 1", check=False).returncode == 0:
				say(f"{self.name}: MariaDB on 127.0.0.1:{self.port} (pid {self.process.pid}, {self.folder})")
				return
			if self.process.poll() is not None:
				break
			time.sleep(0.5)
		die(f"The {self.name} did not start; its log:\n{self.error_log()}")

	def sql(self, sql: str, check: bool = True, vertical: bool = False) -> subprocess.CompletedProcess:
		"""`sql` as root over the server's own socket (root@localhost; TCP root has a random password)."""
		res = subprocess.run(
			[
				binary("mariadb", "mysql"),
				"--no-defaults",
				"-S",
				self.socket,
				"-uroot",
				*(["-E"] if vertical else ["-N", "-B"]),
			],
			input=sql,
			capture_output=True,
			text=True,
		)
		if check and res.returncode != 0:
			die(f"SQL on the {self.name} failed: {res.stderr.strip()}\n{sql}")
		return res

	def stop(self):
		if not self.process or self.process.poll() is not None:
			return
		self.sql("SHUTDOWN", check=False)
		try:
			self.process.wait(timeout=60)
		except subprocess.TimeoutExpired:
			self.process.kill()
			self.process.wait()
		say(f"{self.name}: stopped")

	def error_log(self) -> str:
		path = self.folder / "error.log"
		return path.read_text()[-3000:] if path.exists() else "(no log)"


def binary(*names: str) -> str:
	for name in names:
		found = shutil.which(name) or (
			Path("/usr/sbin") / name if (Path("/usr/sbin") / name).exists() else None
		)
		if found:
			return str(found)
	die(f"No {names[0]} on this machine (apt-get install mariadb-server: its binaries, not its service).")


def free_port(start: int) -> int:
	port = start
	while port_open("127.0.0.1", port):
		port += 1
	return port


def cmd_replica(kwargs: dict):
	bench = find_bench() or die("No bench: run ./st up first.")
	user = bench_user(bench)
	if not readable_by(user, REPO / "tools" / "st_dev" / "benchmarks" / "replica.py"):
		die(f"The bench user cannot read {REPO}; clone the repository somewhere it can read.")
	primary_port = free_port(int(kwargs.pop("primary_port", 3316)))
	replica_port = free_port(max(int(kwargs.pop("replica_port", 3317)), primary_port + 1))
	folder = Path(tempfile.mkdtemp(prefix="st-replica-"))
	os.chmod(folder, 0o711)  # the servers (user mysql) and the bench user reach their own files inside
	primary = Server(
		folder / "primary", "primary", primary_port, 1, ["--log-bin=binlog", "--binlog-format=ROW"]
	)
	replica = Server(folder / "replica", "replica", replica_port, 2, ["--read-only=ON", "--relay-log=relay"])
	env = {"PYTHONPATH": f"{APP_DIR}:{REPO / 'tools'}"}
	control = folder / "control.json"
	site_made = False
	try:
		banner("A primary and its replica: two MariaDB servers of our own on the loopback")
		for server in (primary, replica):
			server.install()
			server.start()
		root_password, repl_password = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
		# Users on the primary only: the replica receives them through replication like everything else
		primary.sql(
			"DELETE FROM mysql.global_priv WHERE user = 'root' AND host <> 'localhost';"
			"DELETE FROM mysql.global_priv WHERE user = '';"
			"FLUSH PRIVILEGES;"
			f"CREATE USER 'root'@'127.0.0.1' IDENTIFIED BY '{root_password}';"
			"GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
			f"CREATE USER 'st_repl'@'127.0.0.1' IDENTIFIED BY '{repl_password}';"
			"GRANT REPLICATION SLAVE ON *.* TO 'st_repl'@'127.0.0.1';"
		)
		replica.sql(
			f"CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT={primary_port}, MASTER_USER='st_repl', "
			f"MASTER_PASSWORD='{repl_password}', MASTER_USE_GTID=slave_pos; START SLAVE;"
		)
		wait_replicated(primary, replica)
		status = replica.sql("SHOW SLAVE STATUS", vertical=True).stdout
		fields = {}
		for line in status.splitlines():
			key, sep, value = line.strip().partition(":")
			if sep:
				fields[key] = value.strip()
		say(
			f"replica: Slave_IO_Running={fields.get('Slave_IO_Running')}, "
			f"Slave_SQL_Running={fields.get('Slave_SQL_Running')}, Using_Gtid={fields.get('Using_Gtid')}, "
			f"Gtid_IO_Pos={fields.get('Gtid_IO_Pos')}, read_only={replica.sql('SELECT @@read_only').stdout.strip()}"
		)

		banner(f"The scratch site {SITE} on the primary (127.0.0.1:{primary_port})")
		if (bench / "sites" / SITE).exists():
			die(f"{bench / 'sites' / SITE} exists already (a run that did not finish?): drop it first.")
		site_made = True
		frappe_cmd(
			bench,
			"new-site",
			SITE,
			"--db-host",
			"127.0.0.1",
			"--db-port",
			str(primary_port),
			"--db-root-username",
			"root",
			"--db-root-password",
			root_password,
			"--mariadb-user-host-login-scope",
			"127.0.0.1",
			"--admin-password",
			ADMIN_PASSWORD,
			"--install-app",
			APP,
			env=env,
			secret=root_password,
		)
		secure_site_config(bench, SITE)
		mark_scratch(bench, SITE, env=env)
		hide_tracebacks(bench, SITE, env=env)
		frappe_cmd(
			bench,
			"execute",
			tools_method("st_dev.demo.generate"),
			"--kwargs",
			repr({"scale": "small"}),
			site=SITE,
			env=env,
		)
		set_site_config(
			bench, SITE, env=env, read_from_replica=1, replica_host="127.0.0.1", replica_db_port=replica_port
		)
		wait_replicated(primary, replica)
		control.write_text(
			json.dumps(
				{
					"primary": {"host": "127.0.0.1", "port": primary_port},
					"replica": {"host": "127.0.0.1", "port": replica_port},
					"root_password": root_password,
					"admin_password": ADMIN_PASSWORD,
				}
			)
		)
		os.chmod(control, 0o600)
		if IS_ROOT:
			shutil.chown(control, user, user)

		banner("Replica up: where the reports' reads and the writes go, and the reports' timings")
		frappe_cmd(
			bench,
			"execute",
			tools_method("st_dev.benchmarks.replica.run"),
			"--kwargs",
			repr({**kwargs, "phase": "replica_up", "control": str(control)}),
			site=SITE,
			env=env,
		)

		banner(f"Replica stopped (127.0.0.1:{replica_port}): the same requests")
		replica.stop()
		frappe_cmd(
			bench,
			"execute",
			tools_method("st_dev.benchmarks.replica.run"),
			"--kwargs",
			repr({**kwargs, "phase": "replica_down", "control": str(control)}),
			site=SITE,
			env=env,
		)
	finally:
		banner("Cleaning up: the site, both servers, their folder")
		if site_made and primary.process and primary.process.poll() is None:
			frappe_cmd(
				bench,
				"drop-site",
				SITE,
				"--db-root-username",
				"root",
				"--db-root-password",
				locals().get("root_password", ""),
				"--no-backup",
				"--force",
				env=env,
				check=False,
				capture=True,
				secret=locals().get("root_password"),
			)
		if site_made:  # drop-site archives the folder; its database went with the servers
			shutil.rmtree(bench / "sites" / SITE, ignore_errors=True)
			for archived in (bench / "archived" / "sites").glob(f"{SITE}*"):
				shutil.rmtree(archived, ignore_errors=True)
		for server in (replica, primary):
			server.stop()
		shutil.rmtree(folder, ignore_errors=True)
		say(f"removed {folder}")


def wait_replicated(primary: Server, replica: Server, timeout: int = 120):
	"""Until the replica has applied everything the primary has written (MASTER_GTID_WAIT)."""
	pos = primary.sql("SELECT @@gtid_binlog_pos").stdout.strip()
	res = replica.sql(f"SELECT MASTER_GTID_WAIT('{pos}', {timeout})").stdout.strip()
	if res != "0":
		die(
			f"The replica did not reach the primary's position {pos}:\n{replica.sql('SHOW SLAVE STATUS').stdout}"
		)
