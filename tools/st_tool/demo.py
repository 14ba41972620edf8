"""`./st demo small|national`: demo data in the served site (tools/st_dev on PYTHONPATH).

The demo refuses a site without "st_scratch_site": 1 in its site_config.json (sites `./st up` creates
have it): never load demo data where real data lives."""

from st_tool.bench import find_bench, frappe_cmd, served_site, tools_method
from st_tool.common import REPO, die


def cmd_demo(args):
	bench = find_bench() or die("No bench: run ./st up first.")
	frappe_cmd(
		bench,
		"execute",
		tools_method("st_dev.demo.generate"),
		"--kwargs",
		repr({"scale": args.scale}),
		site=served_site(bench),
		env={"PYTHONPATH": str(REPO / "tools")},
	)
