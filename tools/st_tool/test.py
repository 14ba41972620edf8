"""`./st test`: tier 1 (pure Python and static checks) always; tier 2 (a fresh site on a bench) when one is found."""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from st_tool.bench import bench_user, ensure_app, ensure_bench_python, find_bench, frappe_cmd, link_assets
from st_tool.common import (
	APP,
	APP_DIR,
	IS_ROOT,
	REPO,
	banner,
	run,
	say,
)
from st_tool.db import ensure_db_admin
from st_tool.deps import app_dependencies, extras, install_missing
from st_tool.site import drop_site, hide_tracebacks, mark_scratch, new_site
from st_tool.system import ensure_tools


def tier1() -> bool:
	banner("TIER 1: pure Python and static checks of the app")
	venv = REPO / ".venv"
	py = venv / "bin" / "python"
	if not py.exists():
		run([sys.executable, "-m", "venv", venv])
	install_missing(
		[py, "-m", "pip", "install", "-q"],
		app_dependencies() + extras("test", "lint"),
		venv / ".st-requirements",
	)
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
	ensure_app(bench, APP_DIR if (bench / "apps" / APP).exists() else copy / "apps" / APP)
	ensure_bench_python(bench, "test", "browser")
	env = {"PYTHONPATH": f"{copy / 'apps' / APP}:{copy / 'tools'}"}
	site = f"st-test-{os.getpid()}.localhost"
	assets_before = link_assets(bench, copy / "apps" / APP)  # the browser loads the copy's JS too
	ok = False
	try:
		if not new_site(bench, site, env=env, check=False):
			say("Installing the app on a fresh site FAILED (see above).")
			return False
		mark_scratch(bench, site, env=env)
		hide_tracebacks(bench, site, env=env)
		frappe_cmd(bench, "compile-po-to-mo", "--app", APP, "--force", env=env)
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
			drop_site(bench, site, env=env)
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
