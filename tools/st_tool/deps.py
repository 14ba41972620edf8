"""Python dependencies, read from the app's pyproject.toml (one list, used by the bench and by the tests).

[project].dependencies                   what the app needs on any bench
[project.optional-dependencies].test     pytest, hypothesis          (tier 1 and tier 2)
[project.optional-dependencies].browser  playwright, pypdf           (tier 2, in the bench's env)
[project.optional-dependencies].lint     ruff, babel                 (tier 1)
[project.optional-dependencies].load     locust                      (`./st load`, in a venv of its own)
"""

import shutil
from pathlib import Path

from st_tool.common import APP_DIR, IS_ROOT, die, run

try:
	import tomllib
except ModuleNotFoundError:  # Python 3.10 (Ubuntu 22.04): pip vendors the same parser
	try:
		from pip._vendor import tomli as tomllib
	except ModuleNotFoundError:
		tomllib = None

# Not the app's own needs but the bench's: some packages in Frappe's env (python-stdnum's numdb,
# googleapiclient, passlib) still import pkg_resources, which setuptools 81 removed.
BENCH_ENV_PINS = ["setuptools<81"]


def pyproject() -> dict:
	if tomllib is None:
		die("Reading pyproject.toml needs Python 3.11+ (tomllib) or pip; install python3-pip.")
	with open(APP_DIR / "pyproject.toml", "rb") as f:
		return tomllib.load(f)


def app_dependencies() -> list[str]:
	return list(pyproject()["project"].get("dependencies", []))


def extras(*names: str) -> list[str]:
	optional = pyproject()["project"].get("optional-dependencies", {})
	missing = [n for n in names if n not in optional]
	if missing:
		die(f"pyproject.toml has no [project.optional-dependencies] {', '.join(missing)}")
	return [spec for n in names for spec in optional[n]]


def installed_before(stamp: Path, specs: list[str]) -> bool:
	"""Whether every one of `specs` was installed by an earlier run (the stamp lists what was)."""
	return stamp.exists() and set(specs) <= set(stamp.read_text().split())


def install_missing(
	install_cmd: list, specs: list[str], stamp: Path, *, user: str | None = None, probe=None
) -> bool:
	"""Install `specs` with `install_cmd` unless the stamp says they were installed before (and `probe()`,
	if given, still passes). Returns whether it installed. A second run costs nothing."""
	if installed_before(stamp, specs) and (probe is None or probe()):
		return False
	run([*install_cmd, *sorted(set(specs))], user=user)
	known = set(stamp.read_text().split()) if stamp.exists() else set()
	stamp.write_text("\n".join(sorted(known | set(specs))) + "\n")
	if IS_ROOT and user:
		shutil.chown(stamp, user, user)
	return True
