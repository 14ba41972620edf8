"""The bench (created with `bench init` or reused), its common config, and the app in it."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from st_tool.common import (
	APP,
	DB_HOST,
	DB_PORT,
	FRAPPE_BRANCH,
	FRAPPE_SOURCE,
	GUNICORN_WORKERS,
	IS_ROOT,
	PORT,
	REDIS_URL,
	REPO,
	SITE,
	SOCKETIO_PORT,
	ST_USER,
	TOOLS,
	WEB_PORT,
	banner,
	home_of,
	owner_of,
	run,
	say,
	secure_file,
	tool_path,
)
from st_tool.deps import BENCH_ENV_PINS, app_dependencies, extras, install_missing, installed_before


def find_bench() -> Path | None:
	"""ST_BENCH when set (and nothing else: never fall back to another bench on the machine); else
	~/frappe-bench, else /home/*/frappe-bench: the first that holds Frappe."""
	if os.environ.get("ST_BENCH"):
		candidates = [Path(os.environ["ST_BENCH"])]
	else:
		candidates = [Path.home() / "frappe-bench", *sorted(Path("/home").glob("*/frappe-bench"))]
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


def bench_cli(bench: Path, *args, env=None, check=True, capture=False):
	"""`bench <args>` in the bench's folder, as the bench's owner (bench's own commands: setup, build, config)."""
	return run(
		[TOOLS / "bin" / "bench", *args],
		user=bench_user(bench),
		cwd=bench,
		env=env,
		check=check,
		capture=capture,
	)


def frappe_cmd(
	bench: Path,
	*args,
	site: str | None = None,
	env=None,
	check=True,
	capture=False,
	secret: str | None = None,
):
	"""`bench --site SITE <args>`: for Frappe's commands (new-site, migrate, execute, set-config ...) the bench
	CLI only execs `env/bin/python -m frappe.utils.bench_helper frappe ...` in sites/; we run that directly,
	which saves the CLI's start-up (about a second a call) and works on a bench whose CLI is elsewhere.
	`secret` (a password among the arguments) is printed as ***."""
	site_args = ["--site", site] if site else []
	cmd = [bench / "env/bin/python", "-m", "frappe.utils.bench_helper", "frappe", *site_args, *args]
	label = " ".join("***" if secret and str(c) == secret else str(c) for c in cmd) if secret else None
	return run(
		cmd,
		user=bench_user(bench),
		cwd=bench / "sites",
		env=env,
		check=check,
		capture=capture,
		label=label,
	)


def served_site(bench: Path) -> str:
	"""ST_SITE, else the bench's default site (what `./st up` serves), else stronger.localhost."""
	return os.environ.get("ST_SITE") or common_config(bench).get("default_site") or SITE


def tools_method(dotted: str) -> str:
	"""A function of the repository's tools/ (st_dev) as `bench execute` can call it. Frappe's execute
	resolves only methods of installed apps (st_dev deliberately is not one: it stays out of production
	benches) and otherwise evaluates the string as an expression; so the expression imports the module
	itself. It runs once: an error inside the function is not caught again."""
	module, func = dotted.rsplit(".", 1)
	return f"__import__({module!r}, fromlist=[{func!r}]).{func}"


def common_config(bench: Path) -> dict:
	path = bench / "sites" / "common_site_config.json"
	return json.loads(path.read_text()) if path.exists() else {}


def set_common_config(bench: Path, **values):
	"""`bench config set-common-config -c KEY VALUE ...` for the keys whose value differs (none: no call)."""
	conf = common_config(bench)
	changed = {k: v for k, v in values.items() if conf.get(k) != v}
	if not changed:
		return False
	pairs = [arg for k, v in changed.items() for arg in ("-c", k, repr(v))]  # bench literal_evals VALUE
	bench_cli(bench, "config", "set-common-config", *pairs)
	return True


def config_template(name: str) -> dict:
	"""A template from sites/, with ${VAR} replaced by the environment (or the defaults in common.py);
	a value that is just "${VAR}" takes the variable's type (a port stays a number)."""
	values = {
		"ST_DB_HOST": DB_HOST,
		"ST_DB_PORT": DB_PORT,
		"ST_REDIS_URL": REDIS_URL,
		"ST_PORT": PORT,
		"ST_WEB_PORT": WEB_PORT,
		"ST_SOCKETIO_PORT": SOCKETIO_PORT,
		"ST_GUNICORN_WORKERS": GUNICORN_WORKERS,
		"ST_SITE": SITE,
	}
	conf = json.loads((REPO / "sites" / name).read_text())
	out = {}
	for key, value in conf.items():
		if (
			isinstance(value, str)
			and value.startswith("${")
			and value.endswith("}")
			and value.count("${") == 1
		):
			value = values[value[2:-1]]
		elif isinstance(value, str):
			for var, v in values.items():
				value = value.replace("${" + var + "}", str(v))
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
			allow_local_source(user or owner_of(Path.home()), Path(FRAPPE_SOURCE))
		python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
		# bench init ends by restarting the bench's supervisor programs (it has none yet). When supervisord
		# runs but its socket is root's and there is no sudo, that step crashes instead of being skipped;
		# a supervisorctl that "is not installed" (exit 127) makes bench skip it, as on a machine without
		# supervisor. The bench user gets no control of the machine's supervisord.
		shim = Path(tempfile.mkdtemp(prefix="st-init-"))
		(shim / "supervisorctl").write_text("#!/bin/sh\nexit 127\n")
		os.chmod(shim / "supervisorctl", 0o755)
		os.chmod(shim, 0o755)
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
			env={"PATH": f"{shim}:{tool_path()}"},
		)
		shutil.rmtree(shim, ignore_errors=True)
	set_common_config(bench, **config_template("common_site_config.template.json"))
	secure_file(bench / "sites" / "common_site_config.json", bench_user(bench))
	return bench


def allow_local_source(user: str, source: Path):
	"""`bench init` clones a local Frappe source as `user`: the user must be able to read it, and git must
	trust it when someone else owns it. That trust goes in the user's own ~/.gitconfig, for that one
	directory (never a system-wide safe.directory)."""
	if IS_ROOT and run(["test", "-r", source / ".git"], user=user, check=False, quiet=True).returncode != 0:
		say(f"{user} cannot read {source}: making it world-readable (chmod -R a+rX).")
		run(["chmod", "-R", "a+rX", source])
	if owner_of(source) == user:
		return
	trusted = run(
		["git", "config", "--global", "--get-all", "safe.directory"],
		user=user,
		check=False,
		capture=True,
		quiet=True,
		cwd="/",
	).stdout.split()
	for path in (source, source / ".git"):  # bench checks the branch with git ls-remote on .git itself
		if str(path) not in trusted and "*" not in trusted:
			run(["git", "config", "--global", "--add", "safe.directory", path], user=user, cwd="/")


def ensure_bench_python(bench: Path, *extra_names: str):
	"""The app and its dependencies ([project].dependencies) in the bench's env, plus `extra_names`.

	`bench setup requirements --python APP` installs the app (editable) with its dependencies; bench has
	no way to add an app's optional dependencies or a pin of its own, so those go in with uv (bench's own
	installer) in a second, hand-written step. A stamp of the list makes a second run skip both."""
	env_python = bench / "env" / "bin" / "python"

	def app_importable():
		return (
			subprocess.run([env_python, "-c", f"import {APP}"], capture_output=True, cwd="/").returncode == 0
		)

	stamp = bench / "env" / ".st-requirements"
	wanted = app_dependencies() + BENCH_ENV_PINS + (extras(*extra_names) if extra_names else [])
	if installed_before(stamp, wanted) and app_importable():
		return
	bench_cli(bench, "setup", "requirements", "--python", APP)
	install_missing(
		[TOOLS / "bin" / "uv", "pip", "install", "-q", "--python", env_python],
		wanted,
		stamp,
		user=bench_user(bench),
	)


def ensure_app(bench: Path, app_dir: Path):
	"""The app in the bench: apps/stronger_together links to `app_dir`, installed in the env, in apps.txt,
	its assets built.

	Hand-written, not `bench get-app`: get-app clones (or soft-links) a git repository whose root is the
	app, and this repository's root is not; the link also lets tier 2 point the bench at a copy."""
	target = bench / "apps" / APP
	if target.is_symlink() and target.resolve() != app_dir.resolve():
		target.unlink()
	if not target.exists():
		target.symlink_to(app_dir)
		if IS_ROOT:
			os.lchown(target, *(lambda s: (s.st_uid, s.st_gid))(bench.stat()))
	apps_txt = bench / "sites" / "apps.txt"
	apps = [a.strip() for a in apps_txt.read_text().splitlines() if a.strip()]
	if APP not in apps:
		apps_txt.write_text("\n".join([*apps, APP]) + "\n")
	ensure_bench_python(bench)
	link = bench / "sites" / "assets" / APP
	if not link.exists() or link.resolve() != (target / APP / "public").resolve():
		bench_cli(bench, "build", "--app", APP)


def link_assets(bench: Path, app_dir: Path) -> Path | None:
	"""Point sites/assets/stronger_together at `app_dir`'s public/ (the link `bench build` makes); returns
	the old target. Tier 2 uses it to serve a copy's JS for a while: rebuilding twice would take minutes."""
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
	return run(["test", "-r", path], user=user, check=False, quiet=True).returncode == 0
