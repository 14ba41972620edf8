"""`st`: set up, run and test Stronger Together on a Frappe v15 bench.

    ./st up      create or reuse a bench, a site with the app and its reference data, serve on :8000
                 (production: supervisor + nginx; --dev: the development server)
    ./st test    tier 1 (pure Python + static checks) always; tier 2 (a disposable site) when a bench is found
    ./st stop    stop what `st up` started (either way)
    ./st demo    load demo data (small or national) into the site
    ./st bench   run a benchmark (tools/st_dev/benchmarks) on the scratch site st-bench.localhost
    ./st load    load test: chairs listing, opening and moving issues against the production server

Only the standard library is used here, so it runs on a fresh machine before anything is installed.
"""

import argparse

from st_tool.benchmark import cmd_bench
from st_tool.demo import cmd_demo
from st_tool.export import cmd_export_app
from st_tool.load import cmd_load
from st_tool.serve import cmd_stop
from st_tool.test import cmd_test
from st_tool.up import cmd_up


def main(argv=None):
	parser = argparse.ArgumentParser(
		prog="st", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	sub = parser.add_subparsers(dest="command", required=True)
	up = sub.add_parser("up", help="set up (bench, site, reference data) and serve on :8000")
	up.add_argument("--no-serve", action="store_true", help="set everything up but start no processes")
	up.add_argument(
		"--dev", action="store_true", help="serve with the development server (bench start) instead"
	)
	up.set_defaults(func=cmd_up)
	test = sub.add_parser("test", help="run tier 1 always and tier 2 when a bench is found")
	test.add_argument("--tier", choices=["all", "1", "2"], default="all")
	test.add_argument("--keep-site", action="store_true", help="keep the tier-2 test site for inspection")
	test.add_argument("select", nargs="*", help="tier-2 test paths (relative to the repository)")
	test.set_defaults(func=cmd_test)
	stop = sub.add_parser("stop", help="stop what `st up` started (production or --dev)")
	stop.set_defaults(func=cmd_stop)
	export = sub.add_parser("export-app", help="copy the app into its own git repository, for bench get-app")
	export.add_argument("dest", help="a new folder, e.g. /opt/src/stronger_together")
	export.set_defaults(func=cmd_export_app)
	demo = sub.add_parser("demo", help="load demo data into the site")
	demo.add_argument("scale", nargs="?", choices=["small", "national"], default="small")
	demo.set_defaults(func=cmd_demo)
	bench = sub.add_parser(
		"bench",
		help="run a benchmark on the scratch site st-bench.localhost (--list: the benchmarks)",
		description="Extra --key value pairs are passed to the benchmark's run() as keyword arguments.",
	)
	bench.add_argument("name", nargs="?", help="a module of tools/st_dev/benchmarks")
	bench.add_argument("--list", action="store_true", help="list the benchmarks")
	bench.add_argument("--issues", type=int, help="passed as run(issues=N)")
	load = sub.add_parser(
		"load",
		help="load test (locust) against the production server: chairs list, open and move issues",
	)
	load.add_argument("--users", type=int, default=50, help="concurrent chairs (default 50)")
	load.add_argument("--minutes", type=float, default=5, help="how long (default 5)")
	load.add_argument("--site", help="a scratch site (default st-bench.localhost, ST_BENCH_SITE)")
	load.add_argument("--wait", default="2-5", help="each chair's think time, min-max seconds (default 2-5)")
	load.add_argument(
		"--pace",
		choices=("round", "step"),
		default="round",
		help="think after each round of list, open and move (default), or after each step, as a person reads",
	)
	load.add_argument("--spawn-rate", type=float, default=1, help="chairs started per second (default 1)")
	load.add_argument("--url", help="another server to load instead (e.g. http://127.0.0.1:18100)")
	load.add_argument(
		"--top-up", type=int, default=0, help="raise issues so each station committee holds N open ones"
	)
	load.set_defaults(func=cmd_load)
	args, extra = parser.parse_known_args(argv)
	if args.command == "bench":
		cmd_bench(args, extra)
	elif extra:
		parser.error(f"unrecognized arguments: {' '.join(extra)}")
	else:
		args.func(args)


if __name__ == "__main__":
	main()
