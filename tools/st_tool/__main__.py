"""`st`: set up, run and test Stronger Together on a Frappe v15 bench.

    ./st up      create or reuse a bench, a site with the app and its reference data, serve on :8000
    ./st test    tier 1 (pure Python + static checks) always; tier 2 (a disposable site) when a bench is found
    ./st stop    stop the processes `st up` started
    ./st demo    load demo data (small or national) into the site

Only the standard library is used here, so it runs on a fresh machine before anything is installed.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP = "stronger_together"
APP_DIR = REPO / "apps" / APP
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

FRAPPE_SOURCE = os.environ.get("FRAPPE_SOURCE", "https://github.com/frappe/frappe")
FRAPPE_BRANCH = os.environ.get("FRAPPE_BRANCH", "version-15")
ST_USER = os.environ.get("ST_USER", "frappe")
SITE = os.environ.get("ST_SITE", "stronger.localhost")
ADMIN_PASSWORD = os.environ.get("ST_ADMIN_PASSWORD", "admin")
PORT = int(os.environ.get("ST_PORT", "8000"))
REDIS_URL = os.environ.get("ST_REDIS_URL", "redis://127.0.0.1:6379")
DB_HOST = os.environ.get("ST_DB_HOST", "127.0.0.1")
DB_PORT = int(os.environ.get("ST_DB_PORT", "3306"))
DB_ROOT_USER = os.environ.get("ST_DB_ROOT_USER", "root")
DB_ROOT_PASSWORD = os.environ.get("ST_DB_ROOT_PASSWORD", "")
DB_ADMIN_USER = "st_admin"  # the MariaDB account Frappe uses to create and drop sites
TOOLS = Path(
	os.environ.get("ST_TOOLS", "/opt/st-tools" if IS_ROOT else Path.home() / ".local/share/st-tools")
)
PYTHON_DEPS = ["geothai~=3.2", "python-stdnum>=1.19", "Faker>=20", "setuptools<81"]
TEST_DEPS = ["pytest", "playwright", "pypdf", "hypothesis"]


def say(msg: str = ""):
	print(msg, flush=True)


def banner(msg: str):
	line = "=" * max(60, len(msg) + 4)
	say(f"\n{line}\n  {msg}\n{line}")


def die(msg: str):
	say(f"\nERROR: {msg}")
	sys.exit(1)


def run(cmd, *, user: str | None = None, cwd=None, env=None, check=True, capture=False, quiet=False):
	"""Run a command, as `user` when we are root and `user` is someone else."""
	cmd = [str(c) for c in cmd]
	shown = " ".join(cmd) + (f"   (as {user})" if user and IS_ROOT and user != "root" else "")
	if user and IS_ROOT and user != "root":
		extra = [f"{k}={v}" for k, v in (env or {}).items()]
		cmd = [
			"runuser",
			"-u",
			user,
			"--",
			"env",
			f"HOME={home_of(user)}",
			f"PATH={tool_path()}",
			*extra,
			*cmd,
		]
		env = None
	full_env = {**os.environ, "PATH": tool_path(), **(env or {})}
	if not quiet:
		say(f"$ {shown}")
	res = subprocess.run(cmd, cwd=cwd, env=full_env, text=True, capture_output=capture)
	if check and res.returncode != 0:
		if capture:
			say(res.stdout[-4000:])
			say(res.stderr[-4000:])
		die(f"command failed ({res.returncode}): {shown}")
	return res


def tool_path() -> str:
	return os.pathsep.join(
		[str(TOOLS / "bin"), "/usr/local/bin", "/usr/bin", "/bin", os.environ.get("PATH", "")]
	)


def home_of(user: str) -> str:
	import pwd

	return pwd.getpwnam(user).pw_dir


def owner_of(path: Path) -> str:
	import pwd

	return pwd.getpwuid(path.stat().st_uid).pw_name


# ---------------------------------------------------------------- the bench


def find_bench() -> Path | None:
	"""ST_BENCH, else ~/frappe-bench, else /home/*/frappe-bench: the first that holds Frappe."""
	candidates = []
	if os.environ.get("ST_BENCH"):
		candidates.append(Path(os.environ["ST_BENCH"]))
	candidates.append(Path.home() / "frappe-bench")
	candidates += sorted(Path("/home").glob("*/frappe-bench"))
	for c in candidates:
		if (c / "apps" / "frappe").is_dir() and (c / "env" / "bin" / "python").exists():
			return c
	return None


def default_bench_path() -> Path:
	if os.environ.get("ST_BENCH"):
		return Path(os.environ["ST_BENCH"])
	if IS_ROOT:
		return Path(home_of(ST_USER)) / "frappe-bench"
	return Path.home() / "frappe-bench"


def bench_user(bench: Path) -> str:
	return owner_of(bench)


def frappe_cmd(bench: Path, *args, site: str | None = None, env=None, check=True, capture=False):
	"""`bench --site SITE <args>` without the bench CLI: the bench's Python runs Frappe's own commands."""
	site_args = ["--site", site] if site else []
	return run(
		[bench / "env/bin/python", "-m", "frappe.utils.bench_helper", "frappe", *site_args, *args],
		user=bench_user(bench),
		cwd=bench / "sites",
		env=env,
		check=check,
		capture=capture,
	)


def common_config(bench: Path) -> dict:
	path = bench / "sites" / "common_site_config.json"
	return json.loads(path.read_text()) if path.exists() else {}


def set_common_config(bench: Path, **values):
	path = bench / "sites" / "common_site_config.json"
	conf = common_config(bench)
	if all(conf.get(k) == v for k, v in values.items()):
		return
	conf.update(values)
	path.write_text(json.dumps(conf, indent=1, sort_keys=True) + "\n")
	if IS_ROOT:
		shutil.chown(path, bench_user(bench), bench_user(bench))


def config_template(name: str) -> dict:
	"""A template from sites/, with ${VAR} replaced by the environment (or the defaults above)."""
	values = {"ST_DB_HOST": DB_HOST, "ST_DB_PORT": DB_PORT, "ST_REDIS_URL": REDIS_URL, "ST_PORT": PORT}
	conf = json.loads((REPO / "sites" / name).read_text())
	out = {}
	for key, value in conf.items():
		if isinstance(value, str) and value.startswith("${") and value.endswith("}"):
			value = values[value[2:-1]]
		out[key] = value
	return out


# ---------------------------------------------------------------- prerequisites


def check_prerequisites():
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
	say("Prerequisites OK.")


def redis_host_port() -> tuple[str, int]:
	hostport = REDIS_URL.split("://", 1)[-1].split("/", 1)[0]
	host, _, port = hostport.rpartition(":")
	return host or "127.0.0.1", int(port or 6379)


def port_open(host: str, port: int) -> bool:
	try:
		with socket.create_connection((host, port), timeout=3):
			return True
	except OSError:
		return False


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


# ---------------------------------------------------------------- MariaDB


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


# ---------------------------------------------------------------- bench, app, site


def ensure_bench() -> Path:
	# ST_BENCH names the bench to use (made there if missing); without it, the first bench found is reused
	bench = Path(os.environ["ST_BENCH"]) if os.environ.get("ST_BENCH") else find_bench()
	if bench and (bench / "apps" / "frappe").is_dir():
		say(f"Reusing the bench at {bench}")
	else:
		bench = default_bench_path()
		banner(f"Creating a Frappe {FRAPPE_BRANCH} bench at {bench} from {FRAPPE_SOURCE}")
		user = ST_USER if IS_ROOT else None
		if IS_ROOT:
			bench.parent.mkdir(parents=True, exist_ok=True)
			shutil.chown(bench.parent, ST_USER, ST_USER)
			if Path(FRAPPE_SOURCE).exists():
				run(["chmod", "-R", "a+rX", FRAPPE_SOURCE])
				run(["git", "config", "--system", "--add", "safe.directory", "*"], check=False)
		python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
		run(
			[
				"bench",
				"init",
				bench.name,
				"--frappe-path",
				FRAPPE_SOURCE,
				"--frappe-branch",
				FRAPPE_BRANCH,
				"--python",
				python,
				"--skip-redis-config-generation",
				"--no-backups",
			],
			user=user,
			cwd=bench.parent,
		)
	set_common_config(bench, **config_template("common_site_config.template.json"))
	ensure_bench_python(bench, PYTHON_DEPS)
	return bench


def ensure_bench_python(bench: Path, packages: list[str]):
	"""Install what the bench's env lacks (a fast no-op when all is there)."""
	probe = {
		"geothai": "geothai",
		"python-stdnum": "stdnum",
		"Faker": "faker",
		"setuptools": "pkg_resources",
		"pytest": "pytest",
		"playwright": "playwright",
		"pypdf": "pypdf",
		"hypothesis": "hypothesis",
	}
	missing = []
	for spec in packages:
		name = spec.split("~")[0].split(">")[0].split("<")[0].split("=")[0]
		module = probe.get(name, name)
		res = subprocess.run([bench / "env/bin/python", "-c", f"import {module}"], capture_output=True)
		if res.returncode != 0:
			missing.append(spec)
	if missing:
		run([bench / "env/bin/python", "-m", "pip", "install", "-q", *missing], user=bench_user(bench))


def ensure_app(bench: Path, app_dir: Path):
	"""The app in the bench: apps/stronger_together links to `app_dir`, installed in the env, in apps.txt."""
	target = bench / "apps" / APP
	if target.is_symlink() and target.resolve() != app_dir.resolve():
		target.unlink()
	if not target.exists():
		target.symlink_to(app_dir)
		if IS_ROOT:
			os.lchown(target, *(lambda s: (s.st_uid, s.st_gid))(bench.stat()))
	res = subprocess.run([bench / "env/bin/python", "-c", f"import {APP}"], capture_output=True, cwd="/")
	if res.returncode != 0:
		run([bench / "env/bin/python", "-m", "pip", "install", "-q", "-e", target], user=bench_user(bench))
	apps_txt = bench / "sites" / "apps.txt"
	apps = [a.strip() for a in apps_txt.read_text().splitlines() if a.strip()]
	if APP not in apps:
		apps_txt.write_text("\n".join([*apps, APP]) + "\n")
	link_assets(bench, target)


def link_assets(bench: Path, app_dir: Path) -> Path | None:
	"""sites/assets/stronger_together -> the app's public/ (what `bench build` links); returns the old target."""
	link = bench / "sites" / "assets" / APP
	previous = Path(os.readlink(link)) if link.is_symlink() else None
	public = app_dir / APP / "public"
	if previous != public:
		if link.is_symlink():
			link.unlink()
		if not link.exists():
			link.symlink_to(public)
	return previous


def readable_by(user: str, path: Path) -> bool:
	if not IS_ROOT or user == "root":
		return True
	return run(["test", "-r", path / "hooks.py"], user=user, check=False, quiet=True).returncode == 0


def app_stamp(app_dir: Path) -> str:
	"""A fingerprint of the app's source, so a second `up` skips migrate when nothing changed."""
	import hashlib

	h = hashlib.sha1()
	for p in sorted(app_dir.rglob("*")):
		if p.is_file() and p.suffix in {".py", ".json", ".po", ".txt", ".csv", ".js", ".html"}:
			h.update(str(p.relative_to(app_dir)).encode())
			h.update(p.read_bytes())
	return h.hexdigest()


def ensure_site(bench: Path):
	site_dir = bench / "sites" / SITE
	stamp_file = site_dir / ".st-app-stamp"
	stamp = app_stamp(APP_DIR / APP)
	if not (site_dir / "site_config.json").exists():
		banner(f"Creating the site {SITE} with the app and its reference data")
		frappe_cmd(
			bench,
			"new-site",
			SITE,
			"--db-root-username",
			DB_ADMIN_USER,
			"--admin-password",
			ADMIN_PASSWORD,
			"--install-app",
			APP,
		)
	elif not stamp_file.exists() or stamp_file.read_text() != stamp:
		banner(f"Migrating {SITE} (the app changed)")
		installed = frappe_cmd(bench, "list-apps", site=SITE, capture=True).stdout
		if APP not in installed:
			frappe_cmd(bench, "install-app", APP, site=SITE)
		frappe_cmd(bench, "migrate", site=SITE)
	else:
		say(f"The site {SITE} is up to date.")
	site_config = site_dir / "site_config.json"
	conf = json.loads(site_config.read_text())
	template = config_template("site_config.template.json")
	if any(conf.get(k) != v for k, v in template.items()):
		site_config.write_text(json.dumps({**conf, **template}, indent=1) + "\n")
	frappe_cmd(bench, "compile-po-to-mo", "--app", APP, "--force")
	frappe_cmd(bench, "execute", f"{APP}.setup.install.use_thai_desk", site=SITE)
	frappe_cmd(bench, "use", SITE)
	stamp_file.write_text(stamp)
	if IS_ROOT:
		shutil.chown(stamp_file, bench_user(bench), bench_user(bench))


# ---------------------------------------------------------------- processes


def pid_dir(bench: Path) -> Path:
	d = bench / "config" / "pids"
	d.mkdir(parents=True, exist_ok=True)
	if IS_ROOT:
		shutil.chown(d, bench_user(bench), bench_user(bench))
	return d


def stop_processes(bench: Path):
	for pidfile in pid_dir(bench).glob("st-*.pid"):
		try:
			pid = int(pidfile.read_text())
			os.killpg(pid, 15)
		except (ValueError, ProcessLookupError, PermissionError):
			pass
		pidfile.unlink(missing_ok=True)
	deadline = time.time() + 10
	while port_open("127.0.0.1", PORT) and time.time() < deadline:
		time.sleep(0.3)


def start_processes(bench: Path):
	"""Web server on :PORT, the scheduler and a worker, each logged under the bench's logs/."""
	stop_processes(bench)
	py = str(bench / "env/bin/python")
	helper = [py, "-m", "frappe.utils.bench_helper", "frappe"]
	procs = {
		"web": [*helper, "serve", "--port", str(PORT), "--noreload"],
		"schedule": [*helper, "schedule"],
		"worker": [*helper, "worker", "--queue", "short,default,long"],
	}
	user = bench_user(bench)
	for name, cmd in procs.items():
		log = open(bench / "logs" / f"st-{name}.log", "a")
		if IS_ROOT and user != "root":
			cmd = ["runuser", "-u", user, "--", "env", f"HOME={home_of(user)}", f"PATH={tool_path()}", *cmd]
		proc = subprocess.Popen(
			cmd, cwd=bench / "sites", stdout=log, stderr=subprocess.STDOUT, start_new_session=True
		)
		(pid_dir(bench) / f"st-{name}.pid").write_text(str(proc.pid))
	deadline = time.time() + 60
	while not port_open("127.0.0.1", PORT):
		if time.time() > deadline:
			die(f"The web server did not start; see {bench}/logs/st-web.log")
		time.sleep(0.5)


# ---------------------------------------------------------------- commands


def cmd_up(args):
	started = time.time()
	check_prerequisites()
	ensure_user()
	ensure_tools()
	ensure_mariadb_charset()
	bench = ensure_bench()
	ensure_db_admin(bench)
	user = bench_user(bench)
	if not readable_by(user, APP_DIR / APP):
		die(f"The bench user {user} cannot read {APP_DIR}; clone the repository somewhere {user} can read.")
	ensure_app(bench, APP_DIR)
	ensure_site(bench)
	if args.no_serve:
		say(f"\nReady in {time.time() - started:.0f} s (not serving: --no-serve).")
		return
	start_processes(bench)
	banner(f"Stronger Together is running in {time.time() - started:.0f} s")
	say(f"  URL:    http://{SITE}:{PORT}  (or http://127.0.0.1:{PORT}; it is the default site)")
	say(f"  Login:  Administrator / {ADMIN_PASSWORD}")
	say(f"  Bench:  {bench}   Logs: {bench}/logs/st-*.log   Stop: ./st stop")


def cmd_stop(_args):
	bench = find_bench()
	if bench:
		stop_processes(bench)
		say("Stopped.")


def cmd_export_app(args):
	"""A standalone git repository holding just the app, for `bench get-app <path>` on any bench."""
	dest = Path(args.dest).resolve()
	if dest.exists():
		die(f"{dest} exists; name a new folder.")
	shutil.copytree(APP_DIR, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
	git = [
		"git",
		"-C",
		dest,
		"-c",
		"user.name=Stronger Together",
		"-c",
		"user.email=dev@stronger-together.invalid",
	]
	run([*git, "init", "-q", "-b", "main"])
	run([*git, "add", "-A"])
	run([*git, "commit", "-q", "-m", "Stronger Together app"])
	if IS_ROOT:
		run(["chmod", "-R", "a+rX", dest])
	say(f"Exported. On a bench: bench get-app {dest} && bench --site SITE install-app {APP}")


def cmd_demo(args):
	bench = find_bench() or die("No bench: run ./st up first.")
	frappe_cmd(
		bench,
		"execute",
		"st_dev.demo.generate",
		"--kwargs",
		repr({"scale": args.scale}),
		site=SITE,
		env={"PYTHONPATH": str(REPO / "tools")},
	)


def tier1() -> bool:
	banner("TIER 1: pure Python and static checks of the app")
	venv = REPO / ".venv"
	py = venv / "bin" / "python"
	if not py.exists():
		run([sys.executable, "-m", "venv", venv])
	need = ["pytest", "geothai~=3.2", "python-stdnum>=1.19", "Faker>=20", "ruff", "babel"]
	probe = subprocess.run(
		[py, "-c", "import pytest, geothai, stdnum, faker, babel, ruff"], capture_output=True
	)
	if probe.returncode != 0:
		run([py, "-m", "pip", "install", "-q", *need])
	env = {"PYTHONPATH": f"{APP_DIR}:{REPO / 'tools'}"}
	ok = (
		run(
			[py, "-m", "pytest", "-q", "-p", "no:cacheprovider", REPO / "tests" / "unit"],
			cwd=REPO,
			env=env,
			check=False,
		).returncode
		== 0
	)
	lint = (
		run(
			[
				py,
				"-m",
				"ruff",
				"check",
				"--config",
				APP_DIR / "pyproject.toml",
				APP_DIR,
				REPO / "tests",
				REPO / "tools",
			],
			cwd=REPO,
			check=False,
		).returncode
		== 0
	)
	if not lint:
		say("ruff found problems (see above).")
	return ok and lint


def tier2(bench: Path, keep: bool, select: list[str]) -> bool:
	banner(f"TIER 2: the app installed on a fresh test site of the bench {bench}")
	user = bench_user(bench)
	# A copy of the repository the bench user can read; its app code shadows the bench's via PYTHONPATH.
	work = Path(tempfile.mkdtemp(prefix="st-test-"))
	copy = work / "repo"
	shutil.copytree(
		REPO,
		copy,
		symlinks=True,
		ignore=shutil.ignore_patterns(".git", ".venv", "artifacts", "__pycache__", "node_modules"),
	)
	(copy / "artifacts").mkdir(exist_ok=True)
	if IS_ROOT:
		run(["chown", "-R", f"{user}:{user}", work], quiet=True)
		os.chmod(work, 0o755)
	ensure_tools()
	ensure_db_admin(bench)
	ensure_bench_python(bench, PYTHON_DEPS + TEST_DEPS)
	ensure_app(bench, APP_DIR if (bench / "apps" / APP).exists() else copy / "apps" / APP)
	env = {"PYTHONPATH": f"{copy / 'apps' / APP}:{copy / 'tools'}"}
	site = f"st-test-{os.getpid()}.localhost"
	assets_before = link_assets(bench, copy / "apps" / APP)  # the browser loads the copy's JS too
	ok = False
	try:
		args = ["new-site", site, "--db-root-username", DB_ADMIN_USER, "--admin-password", ADMIN_PASSWORD]
		if frappe_cmd(bench, *args, "--install-app", APP, env=env, check=False).returncode != 0:
			say("Installing the app on a fresh site FAILED (see above).")
			return False
		frappe_cmd(bench, "compile-po-to-mo", "--app", APP, "--force", env=env)
		frappe_cmd(bench, "set-config", "st_scratch_site", "1", "--parse", site=site, env=env)
		targets = select or [str(copy / "tests" / "integration"), str(copy / "tests" / "browser")]
		targets = [t if t.startswith("/") else str(copy / t) for t in targets]
		targets = [t for t in targets if Path(t.split("::")[0]).exists()]
		res = run(
			[
				bench / "env/bin/python",
				"-m",
				"pytest",
				"-q",
				"-p",
				"no:cacheprovider",
				"--rootdir",
				copy,
				*targets,
			],
			user=user,
			cwd=bench / "sites",
			env={
				**env,
				"ST_TEST_SITE": site,
				"ST_SITES_PATH": str(bench / "sites"),
				"ST_ARTIFACTS": str(copy / "artifacts"),
				"CI": "1",
			},
			check=False,
		)
		ok = res.returncode == 0
	finally:
		artifacts = copy / "artifacts"
		if artifacts.exists() and any(artifacts.iterdir()):
			shutil.copytree(artifacts, REPO / "artifacts", dirs_exist_ok=True)
			say(f"Artefacts (screenshots) copied to {REPO / 'artifacts'}")
		if keep:
			say(f"Kept the test site {site} (--keep-site).")
		else:
			frappe_cmd(
				bench,
				"drop-site",
				site,
				"--db-root-username",
				DB_ADMIN_USER,
				"--no-backup",
				"--force",
				env=env,
				check=False,
				capture=True,
			)
		if assets_before:
			link_assets(bench, assets_before.parents[1])
		shutil.rmtree(work, ignore_errors=True)
	return ok


def cmd_test(args):
	results = {}
	if args.tier in ("all", "1"):
		results["tier 1"] = "passed" if tier1() else "FAILED"
	if args.tier in ("all", "2"):
		bench = find_bench()
		if bench:
			results["tier 2"] = "passed" if tier2(bench, args.keep_site, args.select) else "FAILED"
		else:
			results["tier 2"] = "SKIPPED"
			banner(
				"TIER 2 SKIPPED: no Frappe bench found (ST_BENCH, ~/frappe-bench, /home/*/frappe-bench). Run ./st up first."
			)
	banner("Summary: " + "; ".join(f"{k}: {v}" for k, v in results.items()))
	sys.exit(1 if any(v == "FAILED" for v in results.values()) else 0)


def main(argv=None):
	parser = argparse.ArgumentParser(
		prog="st", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	sub = parser.add_subparsers(dest="command", required=True)
	up = sub.add_parser("up", help="set up (bench, site, reference data) and serve on :8000")
	up.add_argument("--no-serve", action="store_true", help="set everything up but start no processes")
	up.set_defaults(func=cmd_up)
	test = sub.add_parser("test", help="run tier 1 always and tier 2 when a bench is found")
	test.add_argument("--tier", choices=["all", "1", "2"], default="all")
	test.add_argument("--keep-site", action="store_true", help="keep the tier-2 test site for inspection")
	test.add_argument("select", nargs="*", help="tier-2 test paths (relative to the repository)")
	test.set_defaults(func=cmd_test)
	stop = sub.add_parser("stop", help="stop the processes `st up` started")
	stop.set_defaults(func=cmd_stop)
	export = sub.add_parser("export-app", help="copy the app into its own git repository, for bench get-app")
	export.add_argument("dest", help="a new folder, e.g. /opt/src/stronger_together")
	export.set_defaults(func=cmd_export_app)
	demo = sub.add_parser("demo", help="load demo data into the site")
	demo.add_argument("scale", nargs="?", choices=["small", "national"], default="small")
	demo.set_defaults(func=cmd_demo)
	args = parser.parse_args(argv)
	args.func(args)


if __name__ == "__main__":
	main()
