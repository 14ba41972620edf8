"""Every door the site exposes, enumerated from the code rather than picked by hand.

- Every whitelisted method of Frappe and of the app: every module of both packages is imported, and
  `frappe.whitelisted` then lists every function `@frappe.whitelist` registered (overrides in hooks.py,
  such as the app's permission-checked `frappe.client.get_count`, answer at the original path).
- Every REST route of `frappe.api.API_URL_MAP` (v1 /api/resource, v2 /api/v2/document, ...).

Arguments are made from each method's signature: a parameter that names a DocType gets each programme
DocType, one that names a record gets a record the user must not reach, filters and fields get variants
that filter, sort or select on personal data, and so on.
"""

import importlib
import inspect
import json
import pkgutil
from dataclasses import dataclass, field

import frappe

DOCTYPE_PARAMS = {
	"doctype",
	"dt",
	"document_type",
	"reference_doctype",
	"ref_doctype",
	"parenttype",
	"parent_doctype",
	"doc_type",
	"link_doctype",
	"parent",
	"source_doctype",
	"from_doctype",
}
NAME_PARAMS = {
	"name",
	"docname",
	"dn",
	"reference_name",
	"ref_docname",
	"document_name",
	"source_name",
	"docnames",
	"names",
	"doc_name",
	"link_name",
	"target",
}
FILTER_PARAMS = {"filters", "or_filters", "current_filters"}
FIELD_PARAMS = {"fields", "fieldname", "field", "columns", "group_by", "order_by", "searchfield", "stats"}
TEXT_PARAMS = {"txt", "query", "search_text", "text", "value", "q"}
DOC_PARAMS = {"doc", "docs", "values", "data", "args"}
# A field of each DocType that carries a canary's token (what a read of that field would give away)
TOKEN_FIELD = {
	"Community Issue": "title",
	"Community Issue Log": "community_issue",
	"Network Member": "first_name",
	"Committee": "order_reference",
	"Monthly Unit Report": "problems_and_obstacles",
	"Coordinator Officer": "officer_name",
	"Training Batch": "batch_title",
	"Committee Meeting": "venue",
}
# Methods that end the fuzz user's session: calling them would make every later call a Guest's (a false pass)
SESSION_ENDERS = {"logout", "web_logout", "clear", "logout_all_sessions", "clear_sessions"}


@dataclass
class Method:
	path: str
	params: list[inspect.Parameter]
	http: tuple[str, ...]
	takes_doctype: bool = False
	arg_names: set = field(default_factory=set)


def import_everything(packages=("frappe", "stronger_together")) -> int:
	"""Import every module of the packages so that every @frappe.whitelist has run."""
	n = 0
	for package in packages:
		pkg = importlib.import_module(package)
		for info in pkgutil.walk_packages(pkg.__path__, package + "."):
			if (
				".tests" in info.name
				or ".test_" in info.name
				or info.name.endswith(".patches")
				or ".patches." in info.name
			):
				continue
			try:
				importlib.import_module(info.name)
				n += 1
			except BaseException:  # optional dependencies, modules that need a request
				continue
	return n


def whitelisted_methods() -> list[Method]:
	methods = {}
	for fn in list(frappe.whitelisted):
		func = inspect.unwrap(fn)
		module = getattr(fn, "__module__", None) or getattr(func, "__module__", None)
		qual = getattr(fn, "__qualname__", None) or getattr(func, "__qualname__", "")
		if not module or "<" in qual or "." in qual:
			continue  # methods of classes are reached through their document (run_doc_method), below
		if qual.split(".")[-1] in SESSION_ENDERS:
			continue
		try:
			params = list(inspect.signature(func).parameters.values())
		except (TypeError, ValueError):
			params = []
		params = [p for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
		http = tuple(
			frappe.allowed_http_methods_for_whitelisted_func.get(fn, ["GET", "POST", "PUT", "DELETE"])
		)
		path = f"{module}.{qual}"
		names = {p.name for p in params}
		methods[path] = Method(path, params, http, bool(names & DOCTYPE_PARAMS), names)
	return sorted(methods.values(), key=lambda m: m.path)


def rest_routes() -> list[tuple[str, str]]:
	"""(HTTP method, URL template with {doctype} / {name} / {method}) for every REST route of Frappe's API map."""
	from frappe.api import API_URL_MAP

	out = []
	for rule in API_URL_MAP.iter_rules():
		template = rule.rule.replace("<path:name>", "{name}").replace("<doctype>", "{doctype}")
		template = template.replace("<path:method>", "{method}").replace("<method>", "{method}")
		if "{method}" in template and "{doctype}" not in template:
			continue  # /api/method/<method>: the whitelisted methods above
		for verb in sorted((rule.methods or {"GET", "POST"}) - {"HEAD", "OPTIONS"}):
			out.append((verb, template))
	return sorted(set(out))


def method_calls(method: Method, doctypes: list[str], target: dict[str, str], hidden: dict) -> list[dict]:
	"""Argument sets for one method: per programme DocType when it takes one, else one generic set.

	`target[doctype]` is a record of that DocType the user must not reach; `hidden` holds a personal-data
	filter probe ({"filters": ..., "doctype": "Network Member"})."""
	variants = []
	if method.path.startswith("stronger_together.") and method.arg_names & {"doc"} and "Committee" in target:
		# the app's form endpoints that take a document as the form holds it (a committee meeting's Get
		# Issues, Fill Attendance): one naming a committee the user must not reach
		meeting = {"doctype": "Committee Meeting", "committee": target["Committee"], "meeting_date": _today()}
		variants.append({**_args(method, None, target["Committee"]), "doc": json.dumps(meeting)})
	if method.path.startswith("stronger_together.api.meetings.") and "name" in method.arg_names:
		variants.append(
			{
				**_args(method, None, target.get("Committee Meeting", "")),
				"name": target.get("Committee Meeting", ""),
			}
		)
	doctype_list = doctypes if method.takes_doctype else [None]
	for doctype in doctype_list:
		# a user who may see everything (national HQ) has no target: any name will do
		base = _args(method, doctype, target.get(doctype) or next(iter(target.values()), "FZ-NONE"))
		variants.append(base)
		if doctype in (None, "Network Member") and method.arg_names & FILTER_PARAMS:
			probe = dict(base)
			if doctype is None and method.takes_doctype:
				continue
			for p in method.arg_names & FILTER_PARAMS:
				probe[p] = hidden["filters"]
			for p in method.arg_names & {"fields"}:
				probe[p] = json.dumps(["name", "count(name) as n"])
			for p in method.arg_names & {"order_by"}:
				probe[p] = "national_id desc"
			probe["_probe"] = "hidden-filter"
			variants.append(probe)
			escaped = dict(probe)
			for p in method.arg_names & FILTER_PARAMS:
				escaped[p] = hidden["escaped"]
			escaped["_probe"] = "hidden-filter-escaped"
			variants.append(escaped)
	return variants


def _today() -> str:
	return frappe.utils.nowdate()


def _args(method: Method, doctype: str | None, name: str) -> dict:
	args = {}
	for p in method.params:
		n = p.name
		if n in DOCTYPE_PARAMS:
			args[n] = doctype or "Community Issue"
		elif n in NAME_PARAMS:
			args[n] = json.dumps([name]) if n in ("docnames", "names") else name
		elif n in FILTER_PARAMS:
			args[n] = json.dumps({"name": name})
		elif n == "fields":
			args[n] = json.dumps(["*"])
		elif n in ("fieldname", "field") and p.default is inspect.Parameter.empty:
			args[n] = TOKEN_FIELD.get(doctype or "Community Issue", "name")
		elif n in FIELD_PARAMS:
			continue
		elif n in TEXT_PARAMS:
			args[n] = name
		elif n in DOC_PARAMS:
			args[n] = json.dumps({"doctype": doctype or "Community Issue", "name": name, "title": "fuzzed"})
		elif n in ("limit", "limit_page_length", "page_length", "limit_start", "start"):
			continue
		elif p.default is inspect.Parameter.empty:
			args[n] = name  # anything: a required argument the fuzz does not know
	return args
