"""The processes `./st up` starts (web server, scheduler, worker) and `./st stop` stops."""

import os
import shutil
import subprocess
import time
from pathlib import Path

from st_tool.bench import bench_user, find_bench
from st_tool.common import IS_ROOT, PORT, die, home_of, port_open, say, tool_path


def pid_dir(bench: Path) -> Path:
	d = bench / "config" / "pids"
	d.mkdir(parents=True, exist_ok=True)
	if IS_ROOT:
		shutil.chown(d, bench_user(bench), bench_user(bench))
	return d


def stop_processes(bench: Path):
	for pidfile in pid_dir(bench).glob("st-*.pid"):
		try:
			pid = int(pidfile.read_text())
			os.killpg(pid, 15)
		except (ValueError, ProcessLookupError, PermissionError):
			pass
		pidfile.unlink(missing_ok=True)
	deadline = time.time() + 10
	while port_open("127.0.0.1", PORT) and time.time() < deadline:
		time.sleep(0.3)


def start_processes(bench: Path):
	"""Web server on :PORT, the scheduler and a worker, each logged under the bench's logs/."""
	stop_processes(bench)
	py = str(bench / "env/bin/python")
	helper = [py, "-m", "frappe.utils.bench_helper", "frappe"]
	procs = {
		"web": [*helper, "serve", "--port", str(PORT), "--noreload"],
		"schedule": [*helper, "schedule"],
		"worker": [*helper, "worker", "--queue", "short,default,long"],
	}
	user = bench_user(bench)
	for name, cmd in procs.items():
		log = open(bench / "logs" / f"st-{name}.log", "a")
		if IS_ROOT and user != "root":
			cmd = ["runuser", "-u", user, "--", "env", f"HOME={home_of(user)}", f"PATH={tool_path()}", *cmd]
		proc = subprocess.Popen(
			cmd, cwd=bench / "sites", stdout=log, stderr=subprocess.STDOUT, start_new_session=True
		)
		(pid_dir(bench) / f"st-{name}.pid").write_text(str(proc.pid))
	deadline = time.time() + 60
	while not port_open("127.0.0.1", PORT):
		if time.time() > deadline:
			die(f"The web server did not start; see {bench}/logs/st-web.log")
		time.sleep(0.5)


def cmd_stop(_args):
	bench = find_bench()
	if bench:
		stop_processes(bench)
		say("Stopped.")
