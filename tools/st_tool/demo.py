"""`./st demo small|national`: demo data in the served site (tools/st_dev on PYTHONPATH)."""

from st_tool.bench import find_bench, frappe_cmd
from st_tool.common import REPO, SITE, die


def cmd_demo(args):
	bench = find_bench() or die("No bench: run ./st up first.")
	frappe_cmd(
		bench,
		"execute",
		"st_dev.demo.generate",
		"--kwargs",
		repr({"scale": args.scale}),
		site=SITE,
		env={"PYTHONPATH": str(REPO / "tools")},
	)
