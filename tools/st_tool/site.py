"""Sites: the one `./st up` serves, and the scratch sites (tier 2, benchmarks) the tool creates and drops."""

import hashlib
import json
import shutil
from pathlib import Path

from st_tool.bench import bench_user, config_template, frappe_cmd, set_common_config
from st_tool.common import ADMIN_PASSWORD, APP, APP_DIR, IS_ROOT, SCRATCH_KEY, SITE, banner, say, secure_file
from st_tool.db import admin_user

# Bump when the per-site set-up steps below change: every site then gets them once more on the next `up`.
SETUP_VERSION = "2"


def site_path(bench: Path, site: str) -> Path:
	return bench / "sites" / site


def site_config(bench: Path, site: str) -> dict:
	path = site_path(bench, site) / "site_config.json"
	return json.loads(path.read_text()) if path.exists() else {}


def site_exists(bench: Path, site: str) -> bool:
	return (site_path(bench, site) / "site_config.json").exists()


def app_stamp(app_dir: Path) -> str:
	"""A fingerprint of the app's source (and of these set-up steps), so a second `up` skips them."""
	h = hashlib.sha1(SETUP_VERSION.encode())
	for p in sorted(app_dir.rglob("*")):
		if p.is_file() and p.suffix in {".py", ".json", ".po", ".txt", ".csv", ".js", ".html"}:
			h.update(str(p.relative_to(app_dir)).encode())
			h.update(p.read_bytes())
	return h.hexdigest()


def new_site(bench: Path, site: str, *, env=None, check=True) -> bool:
	"""`bench new-site SITE --install-app stronger_together` with the bench's MariaDB admin account."""
	res = frappe_cmd(
		bench,
		"new-site",
		site,
		"--db-root-username",
		admin_user(bench),
		"--admin-password",
		ADMIN_PASSWORD,
		"--install-app",
		APP,
		env=env,
		check=check,
	)
	if res.returncode != 0:
		return False
	secure_site_config(bench, site)
	return True


def secure_site_config(bench: Path, site: str):
	"""site_config.json holds the site's database password: mode 600, the bench's owner only (the web
	server, workers, scheduler and tier-2 tests all run as that user)."""
	path = site_path(bench, site) / "site_config.json"
	if path.exists():
		secure_file(path, bench_user(bench))


def set_site_config(bench: Path, site: str, env=None, **values):
	"""`bench --site SITE set-config KEY VALUE --parse` for each key whose value differs."""
	conf = site_config(bench, site)
	for key, value in values.items():
		if conf.get(key) != value:
			frappe_cmd(bench, "set-config", key, repr(value), "--parse", site=site, env=env)
	secure_site_config(bench, site)


def mark_scratch(bench: Path, site: str, env=None):
	"""site_config "st_scratch_site": 1: a development/scratch site, where the demo data and the
	benchmarks (tools/st_dev) agree to run. Set on sites the tool creates, never on one it reuses."""
	set_site_config(bench, site, env=env, **{SCRATCH_KEY: 1})


def enable_scheduler(bench: Path, site: str, env=None):
	"""Frappe v15 reads System Settings.enable_scheduler (not site_config): `bench enable-scheduler` sets it."""
	frappe_cmd(bench, "enable-scheduler", site=site, env=env)


def hide_tracebacks(bench: Path, site: str, env=None):
	"""System Settings.allow_error_traceback = 0: users see an error id, not the server's traceback.

	Frappe v15 has no set-system-setting command. frappe.db.set_single_value (what enable-scheduler
	does for its own setting) writes the one value and clears the cached System Settings; saving the
	whole Single (frappe.client.set_value) fails on a fresh site whose setup wizard never ran."""
	args = repr(["System Settings", "allow_error_traceback", 0])
	frappe_cmd(bench, "execute", "frappe.db.set_single_value", "--args", args, site=site, env=env)


def ensure_served_site(bench: Path) -> bool:
	"""The site `./st up` serves: created with the app, or migrated when the app changed. Returns whether
	anything was done (the web processes then need a restart)."""
	site_dir = site_path(bench, SITE)
	stamp_file = site_dir / ".st-app-stamp"
	stamp = app_stamp(APP_DIR / APP)
	created = not site_exists(bench, SITE)
	if created:
		banner(f"Creating the site {SITE} with the app and its reference data")
		new_site(bench, SITE)
		mark_scratch(bench, SITE)
	elif not stamp_file.exists() or stamp_file.read_text() != stamp:
		banner(f"Migrating {SITE} (the app or the set-up changed)")
		installed = frappe_cmd(bench, "list-apps", site=SITE, capture=True).stdout
		if APP not in installed:
			frappe_cmd(bench, "install-app", APP, site=SITE)
		frappe_cmd(bench, "migrate", site=SITE)
	else:
		say(f"The site {SITE} is up to date.")
		return False
	set_site_config(bench, SITE, **config_template("site_config.template.json"))
	frappe_cmd(bench, "compile-po-to-mo", "--app", APP, "--force")
	frappe_cmd(bench, "execute", f"{APP}.setup.install.use_thai_desk", site=SITE)
	enable_scheduler(bench, SITE)
	hide_tracebacks(bench, SITE)
	set_common_config(bench, default_site=SITE)  # what `bench use SITE` writes
	stamp_file.write_text(stamp)
	if IS_ROOT:
		shutil.chown(stamp_file, bench_user(bench), bench_user(bench))
	return True


def ensure_scratch_site(bench: Path, site: str, env=None):
	"""A scratch site with the app (created, or migrated when the app changed), e.g. for benchmarks."""
	stamp_file = site_path(bench, site) / ".st-app-stamp"
	stamp = app_stamp(APP_DIR / APP)
	if not site_exists(bench, site):
		banner(f"Creating the scratch site {site}")
		new_site(bench, site, env=env)
		mark_scratch(bench, site, env=env)
		hide_tracebacks(bench, site, env=env)
	elif not stamp_file.exists() or stamp_file.read_text() != stamp:
		if APP not in frappe_cmd(bench, "list-apps", site=site, capture=True, env=env).stdout:
			frappe_cmd(bench, "install-app", APP, site=site, env=env)
		frappe_cmd(bench, "migrate", site=site, env=env)
	else:
		return
	stamp_file.write_text(stamp)
	if IS_ROOT:
		shutil.chown(stamp_file, bench_user(bench), bench_user(bench))


def drop_site(bench: Path, site: str, env=None):
	"""`bench drop-site` for a disposable site; drop-site moves the folder to archived/sites/, which for a
	test site is only a copy of its files: removed too."""
	frappe_cmd(
		bench,
		"drop-site",
		site,
		"--db-root-username",
		admin_user(bench),
		"--no-backup",
		"--force",
		env=env,
		check=False,
		capture=True,
	)
	for archived in (bench / "archived" / "sites").glob(f"{site}*"):
		shutil.rmtree(archived, ignore_errors=True)
