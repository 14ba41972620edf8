"""`./st export-app DIR`: the app as a git repository of its own, for `bench get-app`."""

import shutil
from pathlib import Path

from st_tool.common import APP, APP_DIR, IS_ROOT, die, run, say


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
