"""Tier 1: every user-visible string of the app has Thai text in locale/th.po, and no msgid is doubled.

The extraction lives in tools/check_translations.py (run it to see the list of missing strings).
"""

import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "tools"
sys.path.insert(0, str(TOOLS))

import check_translations as ct


def test_extraction_sees_each_kind_of_string():
	found = ct.extract()
	assert "Police Unit" in found  # a DocType name
	assert "Unit Type" in found  # a field label
	assert "Division" in found  # a Select option
	assert "Stronger Together" in found  # the workspace
	assert "Station Committee Chair" in found  # a role


def test_extraction_skips_thai_and_codes():
	assert not ct.needs_translation("สถานีตำรวจ")
	assert not ct.needs_translation("10")
	assert ct.needs_translation("Police Unit")


def test_po_parser_reads_entries_and_finds_duplicates(tmp_path):
	po = tmp_path / "th.po"
	po.write_text(
		'msgid ""\nmsgstr ""\n"Language: th\\n"\n\n'
		'msgid "A"\nmsgstr "ก"\n\nmsgid "B"\nmsgstr ""\n\n'
		'msgid "A"\nmsgstr "ก"\n\nmsgctxt "x"\nmsgid "B"\nmsgstr "ข"\n\n'
		'msgid "Long"\nmsgstr ""\n"ยาว"\n',
		encoding="utf-8",
	)
	entries, duplicates = ct.read_po(po)
	assert entries["A"] == "ก" and entries["B"] == "" and entries["Long"] == "ยาว"
	assert duplicates == ["A"]


def test_th_po_has_no_duplicate_msgids():
	_entries, duplicates = ct.read_po()
	assert not duplicates, f"msgids defined more than once in th.po: {duplicates}"


def test_every_visible_string_has_thai_text():
	gaps = ct.missing()
	listing = "\n".join(f"  {m!r}  ({', '.join(sorted(s))})" for m, s in gaps.items())
	assert not gaps, (
		f"{len(gaps)} strings have no Thai text in th.po (python3 tools/check_translations.py):\n{listing}"
	)
