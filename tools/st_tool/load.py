"""`./st load [--users 50] [--minutes 5] [--site SITE]`: chairs listing, opening and moving issues against
the production server on the loopback, then a check that nothing was lost.

1. in the site (`bench execute`, a scratch site only): pick the chairs whose committees hold the most
   open issues and give them the load test's password (tools/st_dev/load/plan.py prepare);
2. locust (in a virtualenv of its own, ST_TOOLS/load-venv, from the app's optional dependencies `load`:
   never in the bench's env), headless, bounded in time, against nginx on :ST_PORT when it serves the site
   (nginx serves `./st up`'s site only), else the same production gunicorn nginx proxies to
   (127.0.0.1:webserver_port), with the site's Host header: tools/st_dev/load/locustfile.py;
3. prints requests/s, p50 and p95 per request type and the 5xx count;
4. in the site again: every touched issue's log is gap-free and every successful move is logged exactly
   once (plan.py check).
"""

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from st_tool.bench import bench_user, common_config, find_bench, frappe_cmd, served_site, tools_method
from st_tool.common import BENCH_SITE, IS_ROOT, PORT, REPO, TOOLS, banner, die, port_open, run, say
from st_tool.deps import extras, install_missing

LOAD = REPO / "tools" / "st_dev" / "load"


def ensure_locust() -> Path:
	venv = TOOLS / "load-venv"
	py = venv / "bin" / "python"
	if not py.exists():
		run([TOOLS / "bin" / "uv", "venv", "-q", venv])
	install_missing(
		[TOOLS / "bin" / "uv", "pip", "install", "-q", "--python", py],
		extras("load"),
		venv / ".st-requirements",
	)
	return venv / "bin" / "locust"


def target(bench: Path, site: str) -> str:
	"""nginx when it serves `site` (the served site), else the production gunicorn behind it."""
	if site == served_site(bench) and port_open("127.0.0.1", PORT):
		return f"http://127.0.0.1:{PORT}"
	port = int(common_config(bench).get("webserver_port") or 0)
	if port and port_open("127.0.0.1", port):
		say(f"nginx on :{PORT} serves {served_site(bench)} only: going to its gunicorn (127.0.0.1:{port}).")
		return f"http://127.0.0.1:{port}"
	die("No production server answers: run ./st up first.")


def cmd_load(args):
	bench = find_bench() or die("No bench: run ./st up first.")
	site = args.site or BENCH_SITE
	if not (bench / "sites" / site / "site_config.json").exists():
		die(f"No site {site} in {bench}.")
	locust = ensure_locust()
	host = args.url or target(bench, site)
	work = Path(tempfile.mkdtemp(prefix="st-load-"))
	os.chmod(work, 0o755)
	plan, results = work / "plan.json", work / "results.json"
	env = {"PYTHONPATH": str(REPO / "tools")}
	if IS_ROOT:
		shutil.chown(work, bench_user(bench), bench_user(bench))
	banner(f"Load test: {args.users} chairs for {args.minutes} min on {site} ({host})")
	frappe_cmd(
		bench,
		"execute",
		tools_method("st_dev.load.plan.prepare"),
		"--kwargs",
		repr({"out": str(plan), "users": args.users, "top_up": args.top_up}),
		site=site,
		env=env,
	)
	say(f"load average before: {load()}")
	res = run(
		[
			locust,
			"-f",
			LOAD / "locustfile.py",
			"--headless",
			"--users",
			args.users,
			"--spawn-rate",
			args.spawn_rate,
			"--run-time",
			f"{args.minutes * 60:.0f}s",
			"--host",
			host,
			"--reset-stats",  # the figures start once every chair has logged in and loaded the desk
			"--stop-timeout",  # at the end each chair finishes the request it is in (no move cut off)
			"60",
			"--only-summary",
			"--loglevel",
			"WARNING",
		],
		env={
			"ST_LOAD_PLAN": str(plan),
			"ST_LOAD_RESULTS": str(results),
			"ST_LOAD_SITE": site,
			"ST_LOAD_WAIT": args.wait,
			"ST_LOAD_PACE": args.pace,
		},
		check=False,
		capture=True,
	)
	if not results.exists():
		say(res.stdout[-4000:])
		say(res.stderr[-4000:])
		die("locust wrote no results.")
	out = json.loads(results.read_text())
	print_summary(out, args)
	banner("Nothing lost: the logs of the issues the chairs moved")
	if IS_ROOT:
		shutil.chown(results, bench_user(bench), bench_user(bench))
	frappe_cmd(
		bench,
		"execute",
		tools_method("st_dev.load.plan.check"),
		"--kwargs",
		repr({"plan": str(plan), "results": str(results)}),
		site=site,
		env=env,
	)
	say(f"(plan and raw results: {work})")


def print_summary(out: dict, args):
	banner("Results")
	moves = out["moves"]
	ok = sum(1 for m in moves if m["status"] == 200)
	cut = sum(1 for m in moves if m["status"] in (0, -1))
	refused = sum(1 for m in moves if 400 <= m["status"] < 500)
	five = sum(out["five_xx"].values())
	say(
		f"{args.users} chairs, {args.minutes} min, think time {args.wait} s after each {args.pace}; load average"
		f" after: {load()}"
	)
	say(f"{'request':<22} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'5xx':>5}")
	for name, s in out["summary"].items():
		if not s["requests"]:
			continue
		say(
			f"{name:<22} {s['requests']:>7} {s['rps']:>7.2f} {s['p50']:>8.0f} {s['p95']:>8.0f} "
			f"{s['max']:>8.0f} {out['five_xx'].get(name, 0):>5}"
		)
	for name, st in out.get("starts", {}).items():
		say(
			f"{name + ' *':<22} {st['count']:>7} {'':>7} {st['p50']:>8.0f} {st['p95']:>8.0f} {st['max']:>8.0f} "
			f"{out['five_xx'].get(name, 0):>5}"
		)
	t = out["total"]
	say(
		f"{'all':<22} {t['requests']:>7} {t['rps']:>7.2f} {t['p50']:>8.0f} {t['p95']:>8.0f} {'':>8} {five:>5}"
	)
	say("* once per chair, while the chairs start (before the figures above reset)")
	say(
		f"moves: {len(moves)} sent, {ok} done, {refused} refused (4xx), "
		f"{sum(1 for m in moves if m['status'] >= 500)} 5xx, {cut} unanswered"
	)
	by_kind: dict = {}
	for m in moves:
		if m["status"] != 200:
			text = explain(m["error"])
			kind = (m["status"], text.split(":", 1)[0])
			by_kind.setdefault(kind, [0, text])[0] += 1
	for (status, _kind), (n, example) in sorted(by_kind.items(), key=lambda kv: -kv[1][0]):
		say(f"  {n:>5} x {status}, e.g. {example}")
	say(f"server errors (5xx), all requests: {five}" + (f" {out['five_xx']}" if five else ""))


def explain(body: str) -> str:
	"""A refusal's exception type and first message, readable (Frappe's JSON escapes the Thai)."""
	try:
		data = json.loads(body)
		message = json.loads(json.loads(data.get("_server_messages") or "[]")[0]).get("message", "")
		return f"{data.get('exc_type', '')}: {message}"[:160]
	except (ValueError, TypeError, IndexError, AttributeError):
		found = re.search(r'"exc_type":\s*"(\w+)"', body)
		return found.group(1) if found else body[:120]


def load() -> str:
	return " ".join(f"{x:.2f}" for x in os.getloadavg())
