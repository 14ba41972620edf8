"""Serving the bench: production (supervisor + nginx, what `bench setup production` sets up) or, with
`./st up --dev`, development (`bench start`: frappe serve, socket.io, scheduler, worker). `./st stop`
stops either.

Production, per bench (its folder name, e.g. frappe-bench, prefixes every program):
- `bench setup supervisor` writes config/supervisor.conf: gunicorn on 127.0.0.1:webserver_port with
  gunicorn_workers workers (2 x cores + 1, at most 9), `node apps/frappe/socketio.js` on socketio_port,
  the scheduler, and RQ workers for the short, default and long queues; supervisor restarts each
  when it fails. A root-owned copy goes into /etc/supervisor/conf.d/ and supervisord is started if it
  is not running (containers have no init system to start it).
- nginx (bench's own template, config/nginx.conf, copied into /etc/nginx/conf.d/) listens on ST_PORT,
  serves /assets and public files, proxies /socket.io to the socket.io server and the rest to gunicorn.
  Without it the desk gets neither its JS nor its realtime socket: gunicorn serves neither.

Why not `bench setup production`: it installs ansible and fail2ban through playbooks (no internet
here), writes sudoers, reloads services with systemctl/service, which a container lacks, and links
the bench user's files into /etc (see install_conf). The steps it takes that matter are the ones
below, each done with bench's own generator.
"""

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

from st_tool.bench import bench_cli, bench_user, common_config, find_bench, served_site
from st_tool.common import (
	IS_ROOT,
	PORT,
	TOOLS,
	die,
	home_of,
	port_open,
	run,
	say,
	tool_path,
)

SUPERVISORD_CONF = Path("/etc/supervisor/supervisord.conf")
SUPERVISOR_DIR = Path("/etc/supervisor/conf.d")
NGINX_DIR = Path("/etc/nginx/conf.d")
CLEAN_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}

# bench setup nginx writes a server block for every site of the bench, each on a port of its own (80,
# 8001, ...), scratch sites of tier 2 and benchmarks included. This runs bench's own generator
# (bench.config.nginx.make_nginx_conf) for the served site only, on its nginx_port.
NGINX_FOR_ONE_SITE = """
import sys
import bench.config.nginx as nginx
every_site = nginx.get_sites_with_config
nginx.get_sites_with_config = lambda bench_path: [s for s in every_site(bench_path) if s["name"] == sys.argv[1]]
nginx.make_nginx_conf(bench_path=".", yes=True)
"""


def public_port(bench: Path) -> int:
	return int(common_config(bench).get("http_port") or PORT)


# ---------------------------------------------------------------- production


def supervisorctl(*args) -> subprocess.CompletedProcess:
	return subprocess.run(
		["supervisorctl", "-c", SUPERVISORD_CONF, *args], capture_output=True, text=True, env=CLEAN_ENV
	)


def supervisord_running() -> bool:
	return supervisorctl("pid").stdout.strip().isdigit()


def nginx_pid() -> int | None:
	try:
		pid = int(Path("/run/nginx.pid").read_text())
		os.kill(pid, 0)
		return pid
	except (OSError, ValueError):
		return None


def install_conf(source: Path, dest: Path) -> bool:
	"""A root-owned copy (0644) of a config the bench user generated. bench setup production links the
	bench's own file instead, which lets anything running as the bench user rewrite what root's
	supervisord runs (a program with user=root) at its next reread; a copy does not."""
	text = source.read_text()
	if dest.is_file() and not dest.is_symlink() and dest.read_text() == text:
		return False
	if dest.is_symlink() or dest.exists():
		dest.unlink()
	dest.write_text(text)
	os.chmod(dest, 0o644)
	return True


def serve_production(bench: Path, restart: bool):
	if not IS_ROOT:
		die(
			"Production serving installs supervisor and nginx and puts their configs into /etc: run as root, "
			"or use ./st up --dev (frappe serve, as the bench's owner)."
		)
	stop_dev(bench)
	name, user = bench.name, bench_user(bench)
	programs = [f"{name}-web:", f"{name}-workers:"]
	conf = bench / "config" / "supervisor.conf"
	nginx_conf = bench / "config" / "nginx.conf"
	bench_cli(bench, "setup", "supervisor", "--user", user, "--yes", "--skip-redis", "--skip-supervisord")
	run(
		[TOOLS / "bin" / "python", "-c", NGINX_FOR_ONE_SITE, served_site(bench)],
		user=user,
		cwd=bench,
		label=f"bench setup nginx, for {served_site(bench)} only (bench.config.nginx.make_nginx_conf)",
	)
	installed = install_conf(conf, SUPERVISOR_DIR / f"{name}.conf")
	nginx_installed = install_conf(nginx_conf, NGINX_DIR / f"{name}.conf")
	for default in (Path("/etc/nginx/sites-enabled/default"), Path("/etc/nginx/conf.d/default.conf")):
		if default.is_symlink() or default.exists():
			default.unlink()  # as bench setup production does: Debian's welcome page would hold port 80
			say(f"Removed nginx's default site {default}.")

	if not supervisord_running():
		say("Starting supervisord (nothing else starts it on this machine) ...")
		subprocess.run(["supervisord", "-c", SUPERVISORD_CONF], env=CLEAN_ENV, check=True)
		for _ in range(50):
			if supervisord_running():
				break
			time.sleep(0.2)
	supervisorctl("reread")
	supervisorctl("update")  # adds (and starts) the bench's groups, restarts those whose config changed
	if restart and not installed:  # new code or config: gunicorn --preload and the workers must reload it
		say(f"$ supervisorctl restart {' '.join(programs)}")
		supervisorctl("restart", *programs)
	else:
		supervisorctl("start", *programs)  # a no-op for what already runs

	test = subprocess.run(["nginx", "-t"], capture_output=True, text=True, env=CLEAN_ENV)
	if test.returncode != 0:
		die(f"nginx refuses its configuration:\n{test.stderr}")
	if nginx_pid() is None:
		say("Starting nginx ...")
		subprocess.run(["nginx"], check=True, env=CLEAN_ENV)
	elif nginx_installed:
		subprocess.run(["nginx", "-s", "reload"], check=True, env=CLEAN_ENV)
	wait_until_served(bench)


def wait_until_served(bench: Path, timeout: float = 120, alive=lambda: True, log="logs/web.error.log"):
	port, site = public_port(bench), served_site(bench)
	request = urllib.request.Request(f"http://127.0.0.1:{port}/api/method/ping", headers={"Host": site})
	deadline = time.time() + timeout
	while True:
		try:
			with urllib.request.urlopen(request, timeout=10) as r:
				if r.status == 200:
					return
		except OSError:
			pass
		if time.time() > deadline:
			die(
				f"{site} does not answer on :{port}; see {bench}/logs/ (web.error.log, node-socketio.error.log)."
			)
		time.sleep(1)


def stop_production(bench: Path):
	"""Remove the bench's supervisor and nginx configs from /etc; supervisor then stops its programs."""
	if not IS_ROOT:
		return
	name = bench.name
	sup = SUPERVISOR_DIR / f"{name}.conf"
	if sup.is_symlink() or sup.exists():
		sup.unlink()
		if supervisord_running():
			supervisorctl("reread")
			supervisorctl("update")  # removes (so stops) the groups no longer configured
		say(f"Stopped the supervisor programs {name}-* (removed {sup}).")
	ngx = NGINX_DIR / f"{name}.conf"
	if ngx.is_symlink() or ngx.exists():
		ngx.unlink()
		if nginx_pid() is not None:
			subprocess.run(["nginx", "-s", "reload"], env=CLEAN_ENV, capture_output=True)
		say(f"nginx no longer serves {name} (removed {ngx}).")
		wait_port_closed(public_port(bench))


def wait_port_closed(port: int, timeout: float = 20):
	deadline = time.time() + timeout
	while port_open("127.0.0.1", port) and time.time() < deadline:
		time.sleep(0.3)


# ---------------------------------------------------------------- development


def pid_dir(bench: Path) -> Path:
	d = bench / "config" / "pids"
	d.mkdir(parents=True, exist_ok=True)
	if IS_ROOT:
		shutil.chown(d, bench_user(bench), bench_user(bench))
	return d


# What `bench setup procfile` writes, minus `watch` and the Redis servers; every line logs to st-dev.log
DEV_PROCFILE = """\
web: bench serve --port {port} --noreload
socketio: node apps/frappe/socketio.js
schedule: bench schedule
worker: bench worker
"""


def serve_dev(bench: Path):
	"""`bench start` with a Procfile of our own: `bench setup procfile` always adds `bench watch` (an
	esbuild watcher, a CPU hog on a small machine) and Redis servers (this bench uses a shared one)."""
	stop_production(bench)
	stop_dev(bench)
	user = bench_user(bench)
	procfile = bench / "config" / "st-dev.Procfile"
	procfile.write_text(DEV_PROCFILE.format(port=public_port(bench)))
	cmd = [TOOLS / "bin" / "bench", "start", "--procfile", procfile]
	if IS_ROOT and user != "root":
		cmd = ["runuser", "-u", user, "--", "env", f"HOME={home_of(user)}", *cmd]
	log = open(bench / "logs" / "st-dev.log", "a")
	proc = subprocess.Popen(
		[str(c) for c in cmd],
		cwd=bench,
		stdout=log,
		stderr=subprocess.STDOUT,
		start_new_session=True,
		env={**CLEAN_ENV, "PATH": tool_path()},
	)
	(pid_dir(bench) / "st-dev.pid").write_text(str(proc.pid))
	wait_until_served(bench, alive=lambda: proc.poll() is None, log="logs/st-dev.log")


def stop_dev(bench: Path):
	"""Stop what `./st up --dev` (or an older `./st up`: st-web, st-schedule, st-worker) started."""
	stopped = False
	for pidfile in pid_dir(bench).glob("st-*.pid"):
		try:
			pid = int(pidfile.read_text())
			os.killpg(pid, 15)  # honcho (or an old st-* process) and its group; honcho stops its children
			stopped = True
			deadline = time.time() + 20
			while time.time() < deadline:
				os.kill(pid, 0)
				time.sleep(0.2)
		except (ValueError, ProcessLookupError, PermissionError):
			pass
		pidfile.unlink(missing_ok=True)
	if stopped:
		wait_port_closed(public_port(bench))
		say("Stopped the development processes.")


# ---------------------------------------------------------------- status, stop


def print_status(bench: Path):
	name, port = bench.name, public_port(bench)
	conf = common_config(bench)
	lines = []
	if IS_ROOT and supervisord_running():
		for line in supervisorctl("status").stdout.splitlines():
			if line.startswith(f"{name}-"):
				program, state, rest = (line.split(None, 2) + ["", ""])[:3]
				lines.append(f"  {state:8} {program.split(':')[-1]:40} {rest}")
	if lines:
		say(
			f"Production (supervisor; nginx on :{port} -> gunicorn 127.0.0.1:{conf.get('webserver_port')} "
			f"with {conf.get('gunicorn_workers')} workers, socket.io :{conf.get('socketio_port')}):"
		)
		say("\n".join(lines))
		say(f"  nginx: {'running, pid ' + str(nginx_pid()) if nginx_pid() else 'NOT running'}")
	for pidfile in sorted(pid_dir(bench).glob("st-*.pid")):
		tree = process_tree(int(pidfile.read_text().strip()))
		if tree:
			say(f"Development (bench start, on :{port}; log {bench}/logs/st-dev.log):")
			shown = [
				(pid, args)
				for pid, args in tree
				if "honcho" not in args and not args.startswith("/bin/sh -c")
			]
			say("\n".join(f"  {pid:>7} {args[:140]}" for pid, args in shown))
	if not lines and not list(pid_dir(bench).glob("st-*.pid")):
		say(f"Nothing of {bench} is running.")


def process_tree(root: int) -> list[tuple[int, str]]:
	"""`root` and its descendants (pid, command line), from ps."""
	ps = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,args="], capture_output=True, text=True).stdout
	rows = [line.split(None, 2) for line in ps.splitlines() if len(line.split(None, 2)) == 3]
	children: dict[int, list] = {}
	for pid, ppid, args in rows:
		children.setdefault(int(ppid), []).append((int(pid), args))
	found = [(int(pid), args) for pid, _ppid, args in rows if int(pid) == root]
	i = 0
	while i < len(found):
		found += children.get(found[i][0], [])
		i += 1
	return found


def cmd_stop(_args):
	bench = find_bench()
	if not bench:
		say("No bench found: nothing to stop.")
		return
	stop_production(bench)
	stop_dev(bench)
	print_status(bench)
