"""Real HTTP for tier-2 tests: `frappe serve` on a free port for the test site, and a small local receiver
(a partner's webhook endpoint) that records what it is sent.

	with frappe_server(site, sites_path) as url: ...      # http://127.0.0.1:PORT, the site's whole stack
	with Receiver() as receiver: receiver.url, receiver.calls, receiver.fail_next(2)
	run_queued_jobs(site, sites_path, method)           # what an RQ worker would do, for this site only
"""

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


def frappe_cli(site: str, *args: str) -> list[str]:
	"""The `bench --site SITE ...` command line, run with this Python (the bench's env)."""
	return [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", "--site", site, *args]


@contextmanager
def frappe_server(site: str, sites_path: str, timeout: float = 90):
	"""`frappe serve` for `site` (another process: it sees only what the tests committed)."""
	port = free_port()
	log_path = Path(sites_path) / ".." / "logs" / f"st-http-{port}.log"
	with open(log_path, "w") as log:
		proc = subprocess.Popen(
			frappe_cli(site, "serve", "--port", str(port), "--noreload"),
			cwd=sites_path,
			stdout=log,
			stderr=subprocess.STDOUT,
			env={**os.environ, "CI": "1"},
			start_new_session=True,
		)
		url = f"http://127.0.0.1:{port}"
		deadline = time.monotonic() + timeout
		while True:
			try:
				with urllib.request.urlopen(f"{url}/api/method/ping", timeout=5) as r:
					if r.status == 200:
						break
			except OSError:
				pass
			if proc.poll() is not None or time.monotonic() > deadline:
				proc.kill()
				raise RuntimeError(f"frappe serve did not answer on {url} (see logs/st-http-{port}.log)")
			time.sleep(0.5)
		try:
			yield url
		finally:
			proc.terminate()
			try:
				proc.wait(timeout=10)
			except subprocess.TimeoutExpired:
				proc.kill()


def run_queued_jobs(site: str, sites_path: str, method: str, queues=("short", "default", "long")) -> int:
	"""Run this site's queued jobs of `method` as an RQ worker would (`frappe execute` in another process),
	for a bench whose workers are not running (a CI machine without supervisor). Each job is taken off its
	queue first, so a worker that starts meanwhile cannot run it twice. Returns how many ran."""
	from frappe.utils.background_jobs import get_queue

	ran = 0
	for qtype in queues:
		queue = get_queue(qtype)
		for job in queue.jobs:
			args = job.kwargs or {}
			if args.get("site") != site or args.get("method") != method or not queue.remove(job):
				continue
			subprocess.run(
				frappe_cli(site, "execute", method, "--kwargs", json.dumps(args.get("kwargs") or {})),
				cwd=sites_path,
				check=True,
				capture_output=True,
				timeout=300,
			)
			ran += 1
	return ran


class Receiver:
	"""A partner's webhook endpoint on 127.0.0.1: records each POST (headers and raw body); answers 500 to the
	next `n` calls after fail_next(n), 204 otherwise."""

	def __init__(self):
		self.calls: list[dict] = []
		self._failures = 0
		self._lock = threading.Lock()
		receiver = self

		class Handler(http.server.BaseHTTPRequestHandler):
			def do_POST(self):
				body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
				with receiver._lock:
					failing = receiver._failures > 0
					if failing:
						receiver._failures -= 1
					receiver.calls.append(
						{
							"headers": dict(self.headers),
							"body": body,
							"path": self.path,
							"answered": 500 if failing else 204,
						}
					)
				self.send_response(500 if failing else 204)
				self.end_headers()

			def log_message(self, *args):
				pass

		self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.url = f"http://127.0.0.1:{self.server.server_address[1]}/open311-hook"
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

	def fail_next(self, n: int) -> None:
		with self._lock:
			self._failures = n

	def __enter__(self):
		self.thread.start()
		return self

	def __exit__(self, *exc):
		self.server.shutdown()
		self.server.server_close()
