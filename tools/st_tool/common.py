"""Shared by every command: settings from the environment, printing, running commands as the bench user."""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP = "stronger_together"
APP_DIR = REPO / "apps" / APP
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

FRAPPE_SOURCE = os.environ.get("FRAPPE_SOURCE", "https://github.com/frappe/frappe")
FRAPPE_BRANCH = os.environ.get("FRAPPE_BRANCH", "version-15")
ST_USER = os.environ.get("ST_USER", "frappe")
SITE = os.environ.get("ST_SITE", "stronger.localhost")
ADMIN_PASSWORD = os.environ.get("ST_ADMIN_PASSWORD", "admin")
PORT = int(os.environ.get("ST_PORT", "8000"))  # the public port: nginx (production) or frappe serve (--dev)
# gunicorn behind nginx, on the loopback; socket.io. Both follow ST_PORT so two benches do not collide.
WEB_PORT = int(os.environ.get("ST_WEB_PORT", PORT + 10000))
SOCKETIO_PORT = int(os.environ.get("ST_SOCKETIO_PORT", 9000 + PORT - 8000))
# 2 x cores + 1 (gunicorn's advice), at most 9: the machine also runs MariaDB, workers and socket.io
GUNICORN_WORKERS = int(os.environ.get("ST_GUNICORN_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 9)))
REDIS_URL = os.environ.get("ST_REDIS_URL", "redis://127.0.0.1:6379")
DB_HOST = os.environ.get("ST_DB_HOST", "127.0.0.1")
DB_PORT = int(os.environ.get("ST_DB_PORT", "3306"))
DB_ROOT_USER = os.environ.get("ST_DB_ROOT_USER", "root")
DB_ROOT_PASSWORD = os.environ.get("ST_DB_ROOT_PASSWORD", "")
BENCH_SITE = os.environ.get("ST_BENCH_SITE", "st-bench.localhost")  # the benchmarks' scratch site
SCRATCH_KEY = "st_scratch_site"  # in site_config.json: demo data and benchmarks may run on this site
TOOLS = Path(
	os.environ.get("ST_TOOLS", "/opt/st-tools" if IS_ROOT else Path.home() / ".local/share/st-tools")
)


def say(msg: str = ""):
	print(msg, flush=True)


def banner(msg: str):
	line = "=" * max(60, len(msg) + 4)
	say(f"\n{line}\n  {msg}\n{line}")


def die(msg: str):
	say(f"\nERROR: {msg}")
	sys.exit(1)


def run(
	cmd, *, user: str | None = None, cwd=None, env=None, check=True, capture=False, quiet=False, label=None
):
	"""Run a command, as `user` when we are root and `user` is someone else (`label`: what to print)."""
	cmd = [str(c) for c in cmd]
	shown = (label or " ".join(cmd)) + (f"   (as {user})" if user and IS_ROOT and user != "root" else "")
	if user and IS_ROOT and user != "root":
		extra = [f"{k}={v}" for k, v in (env or {}).items()]
		cmd = [
			"runuser",
			"-u",
			user,
			"--",
			"env",
			f"HOME={home_of(user)}",
			f"PATH={tool_path()}",
			*extra,
			*cmd,
		]
		env = None
	full_env = {**os.environ, "PATH": tool_path(), **(env or {})}
	if not quiet:
		say(f"$ {shown}")
	res = subprocess.run(cmd, cwd=cwd, env=full_env, text=True, capture_output=capture)
	if check and res.returncode != 0:
		if capture:
			say(res.stdout[-4000:])
			say(res.stderr[-4000:])
		die(f"command failed ({res.returncode}): {shown}")
	return res


def tool_path() -> str:
	return os.pathsep.join(
		[str(TOOLS / "bin"), "/usr/local/bin", "/usr/bin", "/bin", os.environ.get("PATH", "")]
	)


def home_of(user: str) -> str:
	import pwd

	return pwd.getpwnam(user).pw_dir


def owner_of(path: Path) -> str:
	import pwd

	return pwd.getpwuid(path.stat().st_uid).pw_name


def redis_host_port() -> tuple[str, int]:
	hostport = REDIS_URL.split("://", 1)[-1].split("/", 1)[0]
	host, _, port = hostport.rpartition(":")
	return host or "127.0.0.1", int(port or 6379)


def port_open(host: str, port: int) -> bool:
	try:
		with socket.create_connection((host, port), timeout=3):
			return True
	except OSError:
		return False


def secure_file(path: Path, user: str | None = None):
	"""Mode 600, owned by `user` (the bench's owner): a file with secrets only the bench's processes read."""
	if IS_ROOT and user:
		shutil.chown(path, user, user)
	os.chmod(path, 0o600)
