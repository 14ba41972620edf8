"""`./st bench NAME [--issues N] [--KEY VALUE ...]`: a benchmark from tools/st_dev/benchmarks on the
scratch site st-bench.localhost (ST_BENCH_SITE), created with the app (and "st_scratch_site": 1) or
reused; `./st bench --list` lists them. `replica` makes its own servers and site (st_tool/replica.py). Extra `--key value` pairs become keyword arguments of run()."""

import ast

from st_tool.bench import bench_user, find_bench, frappe_cmd, readable_by, tools_method
from st_tool.common import APP_DIR, BENCH_SITE, REPO, die, say
from st_tool.db import ensure_db_admin
from st_tool.replica import cmd_replica
from st_tool.site import ensure_scratch_site

BENCHMARKS = REPO / "tools" / "st_dev" / "benchmarks"
# benchmarks that bring their own site (and servers) rather than run on the scratch site
OWN_SITE = {"replica": cmd_replica}


def available() -> list[str]:
	return sorted(p.stem for p in BENCHMARKS.glob("*.py") if not p.name.startswith("_"))


def parse_kwargs(extra: list[str]) -> dict:
	"""["--issues", "500", "--dry-run", "--label", "x"] -> {"issues": 500, "dry_run": True, "label": "x"}"""
	kwargs, i = {}, 0
	while i < len(extra):
		arg = extra[i]
		if not arg.startswith("--") or arg == "--":
			die(f"Unexpected argument {arg!r}: extra arguments are --key value pairs.")
		key, _, value = arg[2:].partition("=")
		if not value:
			if i + 1 < len(extra) and not extra[i + 1].startswith("--"):
				value, i = extra[i + 1], i + 1
			else:
				value = "True"
		try:
			kwargs[key.replace("-", "_")] = ast.literal_eval(value)
		except (ValueError, SyntaxError):
			kwargs[key.replace("-", "_")] = value
		i += 1
	return kwargs


def cmd_bench(args, extra: list[str]):
	names = available()
	if args.list or not args.name:
		say("Benchmarks (tools/st_dev/benchmarks), run with ./st bench NAME:")
		say("\n".join(f"  {n}" for n in names))
		return
	if args.name not in names:
		die(f"No benchmark {args.name!r}; there are: {', '.join(names)}")
	kwargs = parse_kwargs(extra)
	if args.issues is not None:
		kwargs["issues"] = args.issues
	if args.name in OWN_SITE:
		# it starts servers and makes its own site: it runs here and calls `bench execute` itself
		return OWN_SITE[args.name](kwargs)
	bench = find_bench() or die("No bench: run ./st up first.")
	if not readable_by(bench_user(bench), BENCHMARKS / f"{args.name}.py"):
		die(f"The bench user cannot read {REPO / 'tools'}; clone the repository somewhere it can read.")
	ensure_db_admin(bench)
	# this checkout's app first, then its tools: a benchmark measures the code it was run from (the bench's
	# apps/ may link another checkout)
	env = {"PYTHONPATH": f"{APP_DIR}:{REPO / 'tools'}"}
	ensure_scratch_site(bench, BENCH_SITE, env=env)
	frappe_cmd(
		bench,
		"execute",
		tools_method(f"st_dev.benchmarks.{args.name}.run"),
		*(["--kwargs", repr(kwargs)] if kwargs else []),
		site=BENCH_SITE,
		env=env,
	)
