"""`./st up`: the bench, the site with the app and its reference data, then serve it (production by
default, `--dev` for the development server)."""

import time

from st_tool.bench import bench_user, ensure_app, ensure_bench, readable_by
from st_tool.common import ADMIN_PASSWORD, APP, APP_DIR, PORT, SITE, banner, die, say
from st_tool.db import ensure_db_admin, ensure_mariadb_server
from st_tool.serve import print_status, serve_dev, serve_production
from st_tool.site import ensure_served_site
from st_tool.system import check_prerequisites, ensure_hosts_entry, ensure_tools, ensure_user


def cmd_up(args):
	started = time.time()
	check_prerequisites(production=not (args.dev or args.no_serve))
	ensure_user()
	ensure_tools()
	ensure_mariadb_server()
	bench = ensure_bench()
	ensure_db_admin(bench)
	user = bench_user(bench)
	if not readable_by(user, APP_DIR / APP / "hooks.py"):
		die(f"The bench user {user} cannot read {APP_DIR}; clone the repository somewhere {user} can read.")
	ensure_app(bench, APP_DIR)
	changed = ensure_served_site(bench)
	ensure_hosts_entry(SITE)
	if args.no_serve:
		say(f"\nReady in {time.time() - started:.0f} s (not serving: --no-serve).")
		return
	if args.dev:
		serve_dev(bench)
	else:
		serve_production(bench, restart=changed)
	banner(f"Stronger Together is running in {time.time() - started:.0f} s")
	say(f"  URL:    http://{SITE}:{PORT}  (or http://127.0.0.1:{PORT}; it is the default site)")
	say(f"  Login:  Administrator / {ADMIN_PASSWORD}")
	say(f"  Bench:  {bench}   Logs: {bench}/logs/   Stop: ./st stop")
	print_status(bench)
