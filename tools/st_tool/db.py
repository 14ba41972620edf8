"""MariaDB: the server's character set and the account the bench uses to create and drop sites."""

import os
import secrets
import shutil
import subprocess
from pathlib import Path

from st_tool.bench import common_config, set_common_config
from st_tool.common import DB_ADMIN_USER, DB_HOST, DB_PORT, DB_ROOT_PASSWORD, DB_ROOT_USER, die, run, say


def db_root_cli(sql: str, capture=True):
	client = shutil.which("mariadb") or shutil.which("mysql")
	cmd = [client, "-h", DB_HOST, "-P", str(DB_PORT), "-u", DB_ROOT_USER, "-N", "-B", "-e", sql]
	env = {"MYSQL_PWD": DB_ROOT_PASSWORD} if DB_ROOT_PASSWORD else {}
	return run(cmd, capture=capture, quiet=True, env=env, check=False)


def ensure_mariadb_charset():
	"""Frappe needs utf8mb4 / utf8mb4_unicode_ci on the server: fix it, or say exactly what to change."""
	res = db_root_cli("SELECT @@GLOBAL.character_set_server, @@GLOBAL.collation_server")
	if res.returncode != 0:
		die(
			f"Cannot connect to MariaDB as {DB_ROOT_USER}@{DB_HOST}:{DB_PORT}: {res.stderr.strip()}\n"
			"Set ST_DB_ROOT_USER / ST_DB_ROOT_PASSWORD to an account that may create databases and users."
		)
	charset, collation = res.stdout.split()
	if (charset, collation) == ("utf8mb4", "utf8mb4_unicode_ci"):
		say("MariaDB character set utf8mb4 / utf8mb4_unicode_ci: OK")
		return
	say(f"MariaDB uses {charset} / {collation}; Frappe needs utf8mb4 / utf8mb4_unicode_ci. Fixing it.")
	fix = db_root_cli(
		"SET GLOBAL character_set_server='utf8mb4'; SET GLOBAL collation_server='utf8mb4_unicode_ci';"
	)
	conf_dir = next((d for d in ("/etc/mysql/mariadb.conf.d", "/etc/mysql/conf.d") if Path(d).is_dir()), None)
	snippet = "[mysqld]\ncharacter-set-server = utf8mb4\ncollation-server = utf8mb4_unicode_ci\n\n[mysql]\ndefault-character-set = utf8mb4\n"
	if conf_dir and os.access(conf_dir, os.W_OK):
		(Path(conf_dir) / "99-stronger-together.cnf").write_text(snippet)
		say(f"Wrote {conf_dir}/99-stronger-together.cnf so the setting survives a restart.")
	elif Path("/etc/mysql/my.cnf").exists() and os.access("/etc/mysql/my.cnf", os.W_OK):
		text = Path("/etc/mysql/my.cnf").read_text()
		Path("/etc/mysql/my.cnf").write_text(text.replace("utf8mb4_general_ci", "utf8mb4_unicode_ci"))
		say("Set collation-server = utf8mb4_unicode_ci in /etc/mysql/my.cnf so it survives a restart.")
	else:
		say("To keep it after a restart, add to your MariaDB server config:\n" + snippet)
	if fix.returncode != 0:
		die(
			"Could not change the server character set. Add the lines above to the MariaDB config and restart it."
		)


def ensure_db_admin(bench: Path):
	"""A MariaDB account for creating and dropping sites, kept in the bench's common_site_config."""
	conf = common_config(bench)
	password = conf.get("root_password") if conf.get("root_login") == DB_ADMIN_USER else None
	if password and db_login_ok(DB_ADMIN_USER, password):
		return
	password = password or secrets.token_urlsafe(18)
	sql = "".join(
		f"CREATE USER IF NOT EXISTS '{DB_ADMIN_USER}'@'{h}' IDENTIFIED BY '{password}';"
		f"ALTER USER '{DB_ADMIN_USER}'@'{h}' IDENTIFIED BY '{password}';"
		f"GRANT ALL PRIVILEGES ON *.* TO '{DB_ADMIN_USER}'@'{h}' WITH GRANT OPTION;"
		for h in ("localhost", "127.0.0.1", "%")
	)
	res = db_root_cli(sql + "FLUSH PRIVILEGES;")
	if res.returncode != 0:
		die(f"Could not create the MariaDB account {DB_ADMIN_USER}: {res.stderr.strip()}")
	set_common_config(bench, root_login=DB_ADMIN_USER, root_password=password)


def db_login_ok(user: str, password: str) -> bool:
	client = shutil.which("mariadb") or shutil.which("mysql")
	res = subprocess.run(
		[client, "-h", DB_HOST, "-P", str(DB_PORT), "-u", user, "-e", "SELECT 1"],
		env={**os.environ, "MYSQL_PWD": password},
		capture_output=True,
	)
	return res.returncode == 0
