"""The bench (created with `bench init` or reused), the app in it, and the site `./st up` serves."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from st_tool.common import (
	ADMIN_PASSWORD,
	APP,
	APP_DIR,
	DB_ADMIN_USER,
	DB_HOST,
	DB_PORT,
	FRAPPE_BRANCH,
	FRAPPE_SOURCE,
	IS_ROOT,
	PORT,
	REDIS_URL,
	REPO,
	SITE,
	ST_USER,
	banner,
	home_of,
	owner_of,
	run,
	say,
)
from st_tool.deps import BENCH_ENV_PINS, app_dependencies, extras, install_missing


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
	ensure_bench_python(bench)
	return bench


def ensure_bench_python(bench: Path, *extra_names: str):
	"""The app's dependencies (pyproject.toml) and `extra_names` optional ones in the bench's env."""
	specs = app_dependencies() + BENCH_ENV_PINS + (extras(*extra_names) if extra_names else [])
	install_missing(
		[bench / "env/bin/python", "-m", "pip", "install", "-q"],
		specs,
		bench / "env" / ".st-requirements",
		user=bench_user(bench),
	)


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
