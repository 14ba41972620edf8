"""List every user-visible string of the app that has no Thai text in locale/th.po.

    python3 tools/check_translations.py            # prints the missing msgids, exits 1 if any
    python3 tools/check_translations.py --po       # prints them as th.po entries to fill in

Plain Python (no Frappe): it reads the app's files. What it extracts:
- DocType JSON: the DocType name, field labels, descriptions and Select options;
- Workflow JSON: the workflow name, states and actions;
- Report JSON: the report name and its columns' labels; Number Card / Dashboard Chart / Print Format names;
- Workspace JSON: label, title, card and link labels, shortcut labels;
- `_("...")` in .py and .html, `__("...")` in .js;
- role names from setup/roles.py (fixed ones and the per-rung chair/member roles).
Strings that already contain Thai, or are not words (codes, numbers), need no entry.
It also reports msgids that appear more than once in th.po.

th.po is read with babel (`pip install babel`; tier 1's venv has it).
"""

import ast
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = REPO / "apps" / "stronger_together" / "stronger_together"
PO = APP / "locale" / "th.po"

THAI = re.compile(r"[\u0e00-\u0e7f]")
WORDS = re.compile(r"[A-Za-z]{2,}")
PY_CALL = re.compile(r"""(?<![\w$])_\(\s*(?P<q>"|')(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""")
JS_CALL = re.compile(r"""(?<![\w$])__\(\s*(?P<q>"|'|`)(?P<s>(?:\\.|(?!(?P=q)).)*)(?P=q)\s*[,)]""")
SKIP_DIRS = {"node_modules", "__pycache__", "public/dist", ".ruff_cache"}
# Layout-only field types: their labels show as section titles, so they are kept; these never show
NO_LABEL_TYPES = {"Column Break", "Tab Break"}


def needs_translation(text: str | None) -> bool:
	return bool(text) and not THAI.search(text) and bool(WORDS.search(text))


def _unescape(s: str) -> str:
	return s.replace("\\'", "'").replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def _files(suffixes: tuple[str, ...]):
	for path in sorted(APP.rglob("*")):
		if path.suffix in suffixes and path.is_file() and not any(d in str(path) for d in SKIP_DIRS):
			yield path


def from_doctype(doc: dict, add) -> None:
	add(doc.get("name"))
	add(doc.get("description"))
	for f in doc.get("fields", []):
		if f.get("fieldtype") not in NO_LABEL_TYPES:
			add(f.get("label"))
		add(f.get("description"))
		if f.get("fieldtype") == "Select" and f.get("options"):
			for option in f["options"].split("\n"):
				add(option.strip())


def from_workflow(doc: dict, add) -> None:
	add(doc.get("workflow_name") or doc.get("name"))
	for s in doc.get("states", []):
		add(s.get("state"))
	for t in doc.get("transitions", []):
		add(t.get("action"))
		add(t.get("state"))
		add(t.get("next_state"))


def from_report(doc: dict, add) -> None:
	add(doc.get("report_name") or doc.get("name"))
	for c in doc.get("columns", []) or []:
		add(c.get("label"))
	for f in doc.get("filters", []) or []:
		add(f.get("label"))


def from_workspace(doc: dict, add) -> None:
	add(doc.get("label"))
	add(doc.get("title"))
	for link in doc.get("links", []):
		add(link.get("label"))
	for s in doc.get("shortcuts", []):
		add(s.get("label"))
	for c in doc.get("number_cards", []):
		add(c.get("label") or c.get("number_card_name"))
	for c in doc.get("charts", []):
		add(c.get("label") or c.get("chart_name"))
	for q in doc.get("quick_lists", []):
		add(q.get("label"))


HANDLERS = {
	"DocType": from_doctype,
	"Workflow": from_workflow,
	"Report": from_report,
	"Workspace": from_workspace,
	"Number Card": lambda d, add: add(d.get("label") or d.get("name")),
	"Dashboard Chart": lambda d, add: add(d.get("chart_name") or d.get("name")),
	"Print Format": lambda d, add: add(d.get("name")),
	"Page": lambda d, add: add(d.get("title")),
}


def role_names() -> list[str]:
	"""Role names as the desk shows them: the fixed constants and one chair/member role per rung."""
	roles_py = APP / "setup" / "roles.py"
	ladder_py = APP / "ladder" / "rungs.py"
	if not roles_py.exists():
		return []
	names = []
	for node in ast.parse(roles_py.read_text(encoding="utf-8")).body:
		if (
			isinstance(node, ast.Assign)
			and isinstance(node.value, ast.Constant)
			and isinstance(node.value.value, str)
		):
			if all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets):
				names.append(node.value.value)
	rungs: list[str] = []
	if ladder_py.exists():
		scope: dict = {}
		for node in ast.parse(ladder_py.read_text(encoding="utf-8")).body:
			if isinstance(node, ast.AnnAssign | ast.Assign):
				target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
				if isinstance(target, ast.Name) and target.id == "RUNGS":
					scope["RUNGS"] = ast.literal_eval(node.value)
		rungs = list(scope.get("RUNGS", ()))[:-1]
	for rung in rungs:
		names += [f"{rung} Committee Chair", f"{rung} Committee Member"]
	return names


def extract() -> dict[str, set[str]]:
	"""msgid -> the files it comes from."""
	found: dict[str, set[str]] = defaultdict(set)

	def adder(source: str):
		def add(text):
			if isinstance(text, str):
				text = text.strip()
				if needs_translation(text):
					found[text].add(source)

		return add

	for path in _files((".json",)):
		try:
			doc = json.loads(path.read_text(encoding="utf-8"))
		except (ValueError, UnicodeDecodeError):
			continue
		if isinstance(doc, dict) and doc.get("doctype") in HANDLERS:
			HANDLERS[doc["doctype"]](doc, adder(str(path.relative_to(REPO))))
	for path in _files((".py", ".html")):
		text = path.read_text(encoding="utf-8")
		add = adder(str(path.relative_to(REPO)))
		for m in PY_CALL.finditer(text):
			add(_unescape(m.group("s")))
	for path in _files((".js",)):
		text = path.read_text(encoding="utf-8")
		add = adder(str(path.relative_to(REPO)))
		for m in JS_CALL.finditer(text):
			if m.group("q") == "`" and "${" in m.group("s"):
				continue
			add(_unescape(m.group("s")))
	add = adder("stronger_together/setup/roles.py")
	for role in role_names():
		add(role)
	return found


def read_po(path: Path = PO) -> tuple[dict[str, str], list[str]]:
	"""(msgid -> msgstr, msgids that occur more than once with the same msgctxt), read with babel's
	.po parser. Entries with a msgctxt count for duplicates only; obsolete (#~) entries are ignored."""
	from babel.messages.pofile import read_po as babel_read_po

	with open(path, "rb") as f:
		catalog = babel_read_po(f, locale="th")
	entries: dict[str, str] = {}
	for message in catalog:
		if not message.id or message.context is not None:
			continue
		msgid = message.id[0] if isinstance(message.id, tuple) else message.id
		msgstr = message.string[0] if isinstance(message.string, tuple | list) else message.string
		entries[msgid] = msgstr or ""
	return entries, _duplicates(path)


def _duplicates(path: Path) -> list[str]:
	"""A Catalog merges a msgid defined twice; count them as babel's parser (the one read_po uses)
	hands each entry to the catalog."""
	from babel.messages.catalog import Catalog
	from babel.messages.pofile import PoFileParser

	seen: dict[tuple[str | None, str], int] = defaultdict(int)

	class CountingCatalog(Catalog):
		def __setitem__(self, id, message):
			if id:
				seen[(message.context, id[0] if isinstance(id, tuple) else id)] += 1
			super().__setitem__(id, message)

	with open(path, "rb") as f:
		PoFileParser(CountingCatalog(locale="th")).parse(f)
	return sorted(msgid for (_ctx, msgid), n in seen.items() if n > 1)


def missing() -> dict[str, set[str]]:
	entries, _dups = read_po()
	return {
		msgid: sources for msgid, sources in sorted(extract().items()) if not entries.get(msgid, "").strip()
	}


def _po_quote(text: str) -> str:
	return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(argv: list[str]) -> int:
	gaps = missing()
	_entries, duplicates = read_po()
	as_po = "--po" in argv
	for msgid, sources in gaps.items():
		if as_po:
			print(f'#: {", ".join(sorted(sources))}\nmsgid {_po_quote(msgid)}\nmsgstr ""\n')
		else:
			print(f"{msgid!r}  ({', '.join(sorted(sources))})")
	for msgid in duplicates:
		print(f"DUPLICATE msgid in th.po: {msgid!r}")
	print(f"{len(gaps)} untranslated, {len(duplicates)} duplicated msgids", file=sys.stderr)
	return 1 if gaps or duplicates else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
