"""Tier 2: a backup taken with `bench --site SITE backup --with-files` restores onto a new site intact.

On the test site: a station with its committee and chair, two issues (one accepted and resolved on
the station rung, so its Community Issue Log has a chain of three), and files attached to the station
(public) and to an issue (private), all committed. The backup is restored onto a new site the way an
operator does it (`bench new-site`, then `bench --site NEW restore SQL --with-public-files ...
--with-private-files ...`, with the bench's MariaDB admin account from common_site_config.json).
Then the row count of every DocType of the app, each issue's log chain and the attached files'
content hashes must be identical. The new site is dropped at the end.

The data lives in Chiang Mai (ภ.จว.เชียงใหม่), where no other test works, since it stays committed.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from frappe.utils import nowdate

from .helpers import make_station, make_user

MODULE = "Stronger Together"
D = "@backup.test"
STATION = "สภ.ทดสอบสำรองข้อมูล"
DIVISION = "ภ.จว.พะเยา"  # an area no other test uses (a station here changes routing for others)
DISTRICT = "5601"
PUBLIC_CONTENT = "ประกาศสถานี: ประชุมเครือข่ายทุกวันจันทร์\n".encode()
PRIVATE_CONTENT = bytes(range(256)) * 64  # binary, 16 KiB


def bench(*args: str, check: bool = True) -> subprocess.CompletedProcess:
	"""`bench ARGS` from the bench's sites folder (the bench CLI when it is on PATH, else what it execs)."""
	cli = shutil.which("bench")
	cmd = [cli, *args] if cli else [sys.executable, "-m", "frappe.utils.bench_helper", "frappe", *args]
	res = subprocess.run(cmd, cwd=sites_path(), capture_output=True, text=True)
	if check and res.returncode != 0:
		pytest.fail(
			f"{' '.join(args)} failed ({res.returncode}):\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
		)
	return res


def sites_path() -> Path:
	return Path(os.environ.get("ST_SITES_PATH", os.getcwd())).resolve()


def common_site_config() -> dict:
	return json.loads((sites_path() / "common_site_config.json").read_text())


def programme_data() -> dict:
	"""A station, its committee and chair, two issues with log chains, a public and a private file."""
	chair = make_user("chair.station" + D)
	make_station(STATION, DIVISION, DISTRICT)
	subdistrict = frappe.db.get_value("Subdistrict", {"district": DISTRICT})
	if not frappe.db.get_value("Committee", {"area_key": f"Station:{STATION}"}):
		frappe.get_doc(
			{
				"doctype": "Committee",
				"committee_level": "Station",
				"police_unit": STATION,
				"is_active": 1,
				"members": [{"user": chair, "position": "Chair"}],
			}
		).insert()
	issues = []
	for title in ("ไฟถนนดับ หน้าตลาด", "รถจอดขวางทางเข้าโรงเรียน"):
		issues.append(
			frappe.get_doc(
				{
					"doctype": "Community Issue",
					"title": title,
					"category": "Crime",
					"priority": "High",
					"station": STATION,
					"subdistrict": subdistrict,
				}
			)
			.insert()
			.name
		)
	for action, notes in (("Accept", {"meeting_date": nowdate()}), ("Resolve", {"resolution": "ซ่อมไฟแล้ว"})):
		frappe.set_user(chair)
		doc = frappe.get_doc("Community Issue", issues[0])
		doc.update(notes)
		doc.save()
		apply_workflow(frappe.get_doc("Community Issue", issues[0]), action)
		frappe.set_user("Administrator")
	for name, doctype, docname, private, content in (
		("backup-station-notice.txt", "Police Unit", STATION, 0, PUBLIC_CONTENT),
		("backup-issue-evidence.bin", "Community Issue", issues[0], 1, PRIVATE_CONTENT),
	):
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": name,
				"attached_to_doctype": doctype,
				"attached_to_name": docname,
				"is_private": private,
				"content": content,
			}
		).insert()
	frappe.db.commit()
	return {"issues": issues}


def snapshot() -> dict:
	"""What must survive a backup: row counts of the app's DocTypes, each issue's log chain, and the
	content hashes of the files attached to the app's documents (read from disk)."""
	doctypes = frappe.get_all(
		"DocType", filters={"module": MODULE, "issingle": 0, "is_virtual": 0}, pluck="name"
	)
	counts = {dt: frappe.db.count(dt) for dt in sorted(doctypes)}
	chains: dict[str, list] = {}
	for row in frappe.get_all(
		"Community Issue Log",
		fields=["community_issue", "sequence", "action", "to_state"],
		order_by="community_issue asc, sequence asc",
	):
		chains.setdefault(row.community_issue, []).append((row.sequence, row.action, row.to_state))
	files = {}
	for f in frappe.get_all(
		"File",
		filters={"is_folder": 0, "attached_to_doctype": ("in", doctypes)},
		fields=["attached_to_doctype", "attached_to_name", "file_url", "content_hash"],
	):
		relative = f.file_url.lstrip("/")
		path = Path(
			frappe.get_site_path(relative if relative.startswith("private/") else f"public/{relative}")
		)
		data = path.read_bytes()
		files[(f.attached_to_doctype, f.attached_to_name, f.file_url)] = (
			hashlib.sha256(data).hexdigest(),
			hashlib.md5(data, usedforsecurity=False).hexdigest(),
			f.content_hash,
		)
	return {"counts": counts, "chains": chains, "files": files}


def snapshot_of(site: str) -> dict:
	"""snapshot() on another site of the bench: in a thread of its own (Frappe's state is per thread)."""
	result, errors = {}, []

	def work():
		try:
			frappe.init(site=site, sites_path=str(sites_path()))
			frappe.connect()
			result.update(snapshot())
		except Exception as e:  # reported in the test's thread
			errors.append(e)
		finally:
			frappe.destroy()

	thread = threading.Thread(target=work)
	thread.start()
	thread.join()
	if errors:
		raise errors[0]
	return result


def newest(folder: Path, suffix: str, since: float) -> str:
	found = [
		p
		for p in folder.glob(f"*{suffix}")
		if p.stat().st_mtime >= since
		and not (suffix == "-files.tar" and p.name.endswith("-private-files.tar"))
	]
	assert found, f"no *{suffix} written in {folder} by the backup"
	return str(max(found, key=lambda p: p.stat().st_mtime))


def test_backup_with_files_restores_onto_a_new_site():
	site = frappe.local.site
	made = programme_data()
	before = snapshot()
	assert len(before["chains"][made["issues"][0]]) == 3, before["chains"][made["issues"][0]]
	assert len(before["files"]) >= 2
	for _sha256, md5, content_hash in before["files"].values():
		assert md5 == content_hash, "the file on disk differs from what the File record says"

	started = time.time() - 1
	bench("--site", site, "backup", "--with-files")
	backups = sites_path() / site / "private" / "backups"
	database = newest(backups, "-database.sql.gz", started)
	public = newest(backups, "-files.tar", started)
	private = newest(backups, "-private-files.tar", started)

	admin = common_site_config().get("root_login") or "root"  # its password is root_password there
	restored = f"st-restore-{os.getpid()}.localhost"
	try:
		bench("new-site", restored, "--db-root-username", admin, "--admin-password", "admin")
		(sites_path() / restored / "site_config.json").chmod(0o600)
		bench(
			"--site",
			restored,
			"restore",
			database,
			"--db-root-username",
			admin,
			"--with-public-files",
			public,
			"--with-private-files",
			private,
		)
		after = snapshot_of(restored)
	finally:
		bench("drop-site", restored, "--db-root-username", admin, "--no-backup", "--force", check=False)
		for archived in (sites_path().parent / "archived" / "sites").glob(f"{restored}*"):
			shutil.rmtree(archived, ignore_errors=True)

	assert after["counts"] == before["counts"]
	assert after["chains"] == before["chains"]
	assert after["files"] == before["files"]
