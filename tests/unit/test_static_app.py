"""Tier 1: static checks of the app's JSON (DocTypes, workflow, reports) without a site."""

import json
from pathlib import Path

import pytest

MODULE = Path(__file__).resolve().parents[2] / "apps/stronger_together/stronger_together/stronger_together"
DOCTYPES = sorted(MODULE.glob("doctype/*/*.json"))


def load(path):
	return json.loads(path.read_text(encoding="utf-8"))


def test_module_layout():
	for folder in ("doctype", "workflow", "report"):
		assert (MODULE / folder).is_dir(), folder


@pytest.mark.parametrize("path", DOCTYPES, ids=lambda p: p.parent.name)
def test_doctype_json_is_consistent(path):
	doc = load(path)
	assert doc["doctype"] == "DocType"
	assert doc["module"] == "Stronger Together"
	assert path.parent.name == doc["name"].lower().replace(" ", "_").replace("-", "_")
	names = [f["fieldname"] for f in doc["fields"]]
	assert len(names) == len(set(names)), "duplicate fieldnames"
	assert doc.get("field_order", names) == names, "field_order must list every field once, in order"
	for f in doc["fields"]:
		if f["fieldtype"] in ("Link", "Table", "Table MultiSelect"):
			assert f.get("options"), f"{f['fieldname']}: a {f['fieldtype']} needs options"
	controller = path.with_suffix(".py")
	assert controller.exists(), "each DocType has its controller"
	assert "# begin: auto-generated types" in controller.read_text(), (
		"type block missing: re-save in developer mode"
	)
	if not doc.get("istable"):
		assert doc.get("permissions"), "a non-child DocType needs permission rows"
