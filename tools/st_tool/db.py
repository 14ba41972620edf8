"""MariaDB: the server's settings for Frappe, and the least-privileged account the bench uses for sites.

The account (ST_DB_ADMIN_USER, default st_admin; one per bench, because the set-up owns its password)
may only do what `bench new-site`, `bench drop-site` and `bench restore` do with it, and only from the
loopback:

    GRANT RELOAD, CREATE USER ON *.* TO 'st_admin'@'localhost' / @'127.0.0.1'
    GRANT ALL PRIVILEGES ON `_________________`.* TO ... WITH GRANT OPTION

- CREATE USER: new-site creates the site's own database user, drop-site drops it (DROP USER);
- RELOAD: new-site ends with FLUSH PRIVILEGES;
- ALL ... WITH GRANT OPTION on databases whose name has 17 characters: Frappe names a site's database
  "_" + 16 hex digits, creates and drops it, and grants ALL PRIVILEGES on it to the site's user. No
  system schema has 17 characters (mysql, sys, information_schema, performance_schema).

Why 17 `_` wildcards and not `\\_%`: in `GRANT ... ON `_3be7...`.*` MariaDB treats the database name
as a pattern (its `_` matches any character), so the grantor needs a grant on a pattern that covers
it; `\\_%` (a literal underscore) does not and the GRANT is refused (error 1044). Tested on 10.11
with new-site, drop-site and restore.
"""

import os
import secrets
import shutil
import subprocess
from pathlib import Path

from st_tool.bench import bench_user, common_config
from st_tool.common import (
	DB_HOST,
	DB_PORT,
	DB_ROOT_PASSWORD,
	DB_ROOT_USER,
	IS_ROOT,
	die,
	say,
	secure_file,
)

ADMIN_HOSTS = ("localhost", "127.0.0.1")
SITE_DB_PATTERN = "_" * 17
ADMIN_GRANTS = {  # what SHOW GRANTS lists for the account, per host, minus the password
	"*.*": ({"RELOAD", "CREATE USER"}, False),
	f"`{SITE_DB_PATTERN}`.*": ({"ALL PRIVILEGES"}, True),
}
CONF_DIR = Path("/etc/mysql/mariadb.conf.d")
SNIPPET = CONF_DIR / "99-stronger-together.cnf"
GiB = 1024**3


def client() -> str:
	return (
		shutil.which("mariadb")
		or shutil.which("mysql")
		or die("No MariaDB client (apt-get install mariadb-client).")
	)


def sql_as(user: str, password: str, sql: str) -> subprocess.CompletedProcess:
	"""Run `sql` (on stdin: passwords in it stay off the process list) as `user`; -N -B output."""
	cmd = [client(), "-h", DB_HOST, "-P", str(DB_PORT), "-u", user, "-N", "-B"]
	env = {k: v for k, v in os.environ.items() if k != "MYSQL_PWD"}
	if password:
		env["MYSQL_PWD"] = password
	return subprocess.run(cmd, input=sql, env=env, text=True, capture_output=True)


def sql_root(sql: str) -> subprocess.CompletedProcess:
	return sql_as(DB_ROOT_USER, DB_ROOT_PASSWORD, sql)


def is_local_server() -> bool:
	return DB_HOST in ("127.0.0.1", "localhost", "::1")


# ---------------------------------------------------------------- server settings


def ensure_mariadb_server():
	"""utf8mb4 / utf8mb4_unicode_ci, and the settings Frappe recommends, sized for this machine: live
	(SET GLOBAL, for the dynamic ones) and in a config snippet that survives a restart."""
	names = [
		"character_set_server",
		"collation_server",
		"innodb_buffer_pool_size",
		"innodb_file_per_table",
		"max_allowed_packet",
	]
	res = sql_root("SELECT " + ", ".join(f"@@GLOBAL.{n}" for n in names))
	if res.returncode != 0:
		die(
			f"Cannot connect to MariaDB as {DB_ROOT_USER}@{DB_HOST}:{DB_PORT}: {res.stderr.strip()}\n"
			"Set ST_DB_ROOT_USER / ST_DB_ROOT_PASSWORD to an account that may create databases and users."
		)
	current = dict(zip(names, res.stdout.split(), strict=True))
	wanted = {
		"character_set_server": "utf8mb4",
		"collation_server": "utf8mb4_unicode_ci",
		"innodb_file_per_table": "1",
		"max_allowed_packet": str(256 * 1024**2),
	}
	pool = buffer_pool_size()
	if pool and is_local_server():
		wanted["innodb_buffer_pool_size"] = str(pool)
	live = []
	for name, value in wanted.items():
		have = current[name]
		numeric = value.isdigit() and have.isdigit()
		# never shrink what an admin sized bigger (buffer pool, packet size)
		if (int(have) < int(value)) if numeric else (have != value):
			live.append((name, have, value))
	if live:
		sets = "; ".join(f"SET GLOBAL {n} = {v if v.isdigit() else repr(v)}" for n, _h, v in live)
		fix = sql_root(sets + ";")
		if fix.returncode != 0:
			die(f"Could not change MariaDB's settings ({sets}): {fix.stderr.strip()}")
		for name, have, value in live:
			say(f"MariaDB: SET GLOBAL {name} = {human(value)} (was {human(have)}), live now.")
	else:
		say("MariaDB: utf8mb4 / utf8mb4_unicode_ci and Frappe's recommended settings are in place.")
	write_snippet(pool)


def buffer_pool_size() -> int | None:
	"""About 25% of RAM (the machine is shared with the bench's Python and Node processes), at most 8 GiB,
	at least 256 MiB, in whole 128 MiB chunks."""
	try:
		kib = next(
			int(line.split()[1])
			for line in Path("/proc/meminfo").read_text().splitlines()
			if line.startswith("MemTotal:")
		)
	except (OSError, StopIteration, ValueError):
		return None
	chunk = 128 * 1024**2
	size = min(kib * 1024 // 4, 8 * GiB)
	return max(size // chunk * chunk, 2 * chunk)


def human(value: str) -> str:
	if value.isdigit() and int(value) >= 1024**2:
		n = int(value)
		return f"{n / GiB:g}G" if n % GiB == 0 else f"{n // 1024**2}M"
	return value


def write_snippet(pool: int | None):
	"""/etc/mysql/mariadb.conf.d/99-stronger-together.cnf, so the settings survive a restart (checked
	with `mariadbd --help --verbose`, which fails on an option the server would refuse at start)."""
	lines = [
		"# Written by Stronger Together's `./st up` (tools/st_tool/db.py): Frappe's recommended settings.",
		"[mysqld]",
		"character-set-client-handshake = FALSE",
		"character-set-server = utf8mb4",
		"collation-server = utf8mb4_unicode_ci",
		"innodb-file-per-table = 1",
		"max-allowed-packet = 256M",
	]
	if pool and is_local_server():
		lines.append(f"innodb-buffer-pool-size = {pool // 1024**2}M")
	lines += [
		"",
		"[mysql]",
		"default-character-set = utf8mb4",
		"",
		"[mysqldump]",
		"max-allowed-packet = 256M",
		"",
	]
	text = "\n".join(lines)
	if not is_local_server():
		say(f"MariaDB runs on {DB_HOST}: add to its server config, for restarts:\n{text}")
		return
	if SNIPPET.exists() and SNIPPET.read_text() == text:
		return
	if not (IS_ROOT and Path("/etc/mysql").is_dir()):
		say(f"To keep these settings after a MariaDB restart, add to its config:\n{text}")
		return
	CONF_DIR.mkdir(exist_ok=True)
	previous = SNIPPET.read_text() if SNIPPET.exists() else None
	SNIPPET.write_text(text)
	included = include_conf_dir()
	server = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
	check = (
		subprocess.run([server, "--help", "--verbose"], capture_output=True, text=True)
		if Path(server).exists()
		else None
	)
	if check is not None and check.returncode != 0:
		if previous is None:
			SNIPPET.unlink()
		else:
			SNIPPET.write_text(previous)
		say(f"MariaDB would refuse {SNIPPET} at its next start ({check.stderr.strip()[-300:]}); not kept.")
		return
	say(f"MariaDB: wrote {SNIPPET} (the same settings, for after a restart){included}.")


def include_conf_dir() -> str:
	"""Debian's my.cnf reads mariadb.conf.d/; a my.cnf without that line gets it appended."""
	my_cnf = Path("/etc/mysql/my.cnf")
	if not my_cnf.exists():
		return ""
	text = my_cnf.read_text()
	if any(line.strip().rstrip("/") == f"!includedir {CONF_DIR}" for line in text.splitlines()):
		return ""
	my_cnf.write_text(
		text.rstrip("\n")
		+ f"\n\n# Added by Stronger Together's ./st up: read the snippets\n!includedir {CONF_DIR}/\n"
	)
	return f"; added `!includedir {CONF_DIR}/` to {my_cnf}"


# ---------------------------------------------------------------- the bench's admin account


def admin_user(bench: Path | None = None) -> str:
	"""ST_DB_ADMIN_USER; else the account the bench already uses (never root); else st_admin."""
	if os.environ.get("ST_DB_ADMIN_USER"):
		return os.environ["ST_DB_ADMIN_USER"]
	login = common_config(bench).get("root_login") if bench else None
	return login if login and login != "root" else "st_admin"


def parse_grants(lines: list[str], user: str, host: str) -> dict:
	"""SHOW GRANTS lines -> {object: (privileges, with grant option)} (password clauses ignored)."""
	out = {}
	suffix = f" TO `{user}`@`{host}`"
	for line in lines:
		if not line.startswith("GRANT ") or " ON " not in line or suffix not in line:
			return {"unparsed": (set(), False)}
		privs, rest = line[len("GRANT ") :].split(" ON ", 1)
		obj, tail = rest.split(suffix, 1)
		out[obj] = ({p.strip() for p in privs.split(",")}, "WITH GRANT OPTION" in tail)
	return out


def ensure_db_admin(bench: Path) -> str:
	"""The bench's MariaDB account for creating and dropping sites, least-privileged and loopback-only,
	its password kept in common_site_config.json (mode 600). Migrates an over-privileged account:
	revokes what it should not have and drops its other host entries (such as '%')."""
	user = admin_user(bench)
	conf = common_config(bench)
	password = conf.get("root_password") if conf.get("root_login") == user else None
	hosts = sql_root(f"SELECT Host FROM mysql.user WHERE User = '{user}'")
	if hosts.returncode != 0:
		die(f"Cannot read MariaDB's accounts as {DB_ROOT_USER}: {hosts.stderr.strip()}")
	existing = set(hosts.stdout.split())
	grants_ok = existing == set(ADMIN_HOSTS)
	for host in ADMIN_HOSTS if grants_ok else ():
		shown = sql_root(f"SHOW GRANTS FOR '{user}'@'{host}'")
		grants_ok = grants_ok and parse_grants(shown.stdout.splitlines(), user, host) == ADMIN_GRANTS
	if grants_ok and password and login_ok(user, password):
		return user
	if not is_local_server():
		say(f"Note: {user} is a loopback-only account; MariaDB at {DB_HOST} must run on this machine.")
	password = password if password and login_ok(user, password) else secrets.token_urlsafe(18)
	sql = []
	for host in sorted(existing - set(ADMIN_HOSTS)):
		sql.append(f"DROP USER '{user}'@'{host}';")
		say(f"MariaDB: dropping the account '{user}'@'{host}' (only the loopback may use it).")
	for host in ADMIN_HOSTS:
		sql += [
			f"CREATE USER IF NOT EXISTS '{user}'@'{host}' IDENTIFIED BY '{password}';",
			f"ALTER USER '{user}'@'{host}' IDENTIFIED BY '{password}';",
			f"REVOKE ALL PRIVILEGES, GRANT OPTION FROM '{user}'@'{host}';",
			f"GRANT RELOAD, CREATE USER ON *.* TO '{user}'@'{host}';",
			f"GRANT ALL PRIVILEGES ON `{SITE_DB_PATTERN}`.* TO '{user}'@'{host}' WITH GRANT OPTION;",
		]
	res = sql_root("\n".join(sql))
	if res.returncode != 0:
		die(f"Could not set up the MariaDB account {user}: {res.stderr.strip()}")
	say(
		f"MariaDB: account {user}@{{{', '.join(ADMIN_HOSTS)}}} with RELOAD, CREATE USER on *.* and "
		f"ALL PRIVILEGES WITH GRANT OPTION on `{SITE_DB_PATTERN}`.* (Frappe's site databases) only."
	)
	write_admin_password(bench, user, password)
	return user


def write_admin_password(bench: Path, user: str, password: str):
	"""root_login / root_password in common_site_config.json, written directly (not with
	`bench config set-common-config`) so the password never shows in a process list; mode 600."""
	import json

	path = bench / "sites" / "common_site_config.json"
	conf = common_config(bench)
	if conf.get("root_login") != user or conf.get("root_password") != password:
		conf.update(root_login=user, root_password=password)
		path.write_text(json.dumps(conf, indent=1, sort_keys=True) + "\n")
	secure_file(path, bench_user(bench))


def login_ok(user: str, password: str) -> bool:
	return sql_as(user, password, "SELECT 1").returncode == 0
