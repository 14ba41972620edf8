"""The Open311 GeoReport v2 endpoints, under /api/open311/v2/ (JSON and XML, UTF-8).

	GET  discovery.{json,xml}         the endpoint's discovery document
	GET  services.{json,xml}          the issue categories
	GET  services/{code}.{json,xml}   a category's attributes (every category takes them)
	POST requests.{json,xml}          a new Community Issue (api_key)
	GET  requests.{json,xml}          the partner's requests (api_key; filters of the standard)
	GET  requests/{id}.{json,xml}     one of them (api_key)
	GET  openapi.json                 this API as an OpenAPI document

Why the routes are added this way: Frappe v15 sends every /api/* request through `frappe.api.API_URL_MAP`
(a Werkzeug Map matched in `frappe.api.handle`) and offers no hook for extra /api routes. `register()` adds
one `Submount("/api/open311/v2", RULES)` to that map, once per process, from a `before_request` hook
(hooks.py): Frappe reads hooks from its cache, so an app's modules are not imported when a process starts,
but the before_request hooks run in every web process (frappe serve, gunicorn workers, WSGI test clients)
before frappe.api.handle matches the path. None of Frappe's own rules matches under /api/open311/, and a
catch-all answers the rest of /api/open311/v2/ in the standard's error format.

Every answer is written here: the standard's error list with the right HTTP status (400, 403, 404, 405,
429) and never Frappe's own error page; a failed write is rolled back before the error is sent.
"""

import functools
import json
import threading
from pathlib import Path

import frappe
from frappe.rate_limiter import rate_limit
from werkzeug.routing import Rule, Submount
from werkzeug.wrappers import Response

from stronger_together import settings
from stronger_together.integrations.open311 import mapping, service, spec, xmldoc
from stronger_together.integrations.open311.spec import Open311Error, _

OPENAPI = Path(__file__).with_name("openapi.json")
_lock = threading.Lock()
_registered = False


def register() -> None:
	"""hooks.py before_request: add the Open311 routes to Frappe's API map (once per process)."""
	global _registered
	if _registered:
		return
	import frappe.api

	with _lock:
		api_map = frappe.api.API_URL_MAP
		if not any(r.rule.startswith(spec.BASE_PATH + "/") for r in api_map.iter_rules()):
			api_map.add(Submount(spec.BASE_PATH, RULES))
		_registered = True


# ---- answers -----------------------------------------------------------------------------------


def render(status: int, root: str, data, fmt: str, headers: dict | None = None) -> Response:
	if fmt == "xml":
		body = xmldoc.to_xml(root, data)
	else:
		body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
	return Response(body, status=status, headers=headers or {}, content_type=spec.CONTENT_TYPES[fmt])


def _tr(locale: str):
	return lambda text: service.translate(text, locale)


def requests_per_minute() -> int:
	return max(int(settings.get().open311_requests_per_minute or 0), 1)


@rate_limit(limit=requests_per_minute, seconds=60)
def _count_request() -> None:
	"""Frappe's rate limiter, per IP address, on every Open311 endpoint (Stronger Together Settings)."""


def endpoint(methods: tuple[str, ...] | None, root: str):
	"""Wrap a handler `fn(form, locale, **path) -> (status, data)` as a Werkzeug endpoint (methods=None:
	any method). The path's extension (`fmt`) chooses JSON or XML."""

	def wrap(fn):
		@functools.wraps(fn)
		def view(fmt: str = "json", **path):
			form = frappe.local.form_dict or frappe._dict()
			locale = spec.locale_of(form.get("locale") if isinstance(form.get("locale"), str) else "")
			frappe.local.lang = locale
			out_root, headers = root, {}
			try:
				if fmt not in spec.FORMATS:
					fmt = "json"
					raise Open311Error(404, _("Unknown format: use .json or .xml."))
				method = frappe.request.method
				if methods and method not in (*methods, "HEAD" if "GET" in methods else None):
					headers["Allow"] = ", ".join(methods)
					raise Open311Error(
						405, _("{0} is not allowed here; use {1}."), method, ", ".join(methods)
					)
				_count_request()
				status, data = fn(form, locale, **path)
			except Open311Error as e:
				frappe.db.rollback()
				status, out_root, data = e.code, "errors", e.body(_tr(locale))
			except frappe.RateLimitExceededError:
				frappe.db.rollback()
				status, out_root = 429, "errors"
				data = spec.error_body(
					429, service.translate(_("Too many requests; try again in a minute."), locale)
				)
			except frappe.ValidationError as e:
				# a rule of the controller refused the report (the message says which)
				frappe.db.rollback()
				status, out_root = 400, "errors"
				data = spec.error_body(400, frappe.utils.strip_html(str(e)) or e.__class__.__name__)
			except Exception:
				frappe.db.rollback()
				frappe.log_error(title="Open311 endpoint failed")
				frappe.db.commit()  # the Error Log only: a GET's transaction is otherwise rolled back
				status, out_root = 500, "errors"
				data = spec.error_body(
					500, service.translate(_("The server failed; the error was logged."), locale)
				)
			return render(status, out_root, data, fmt, headers)

		return view

	return wrap


# ---- the endpoints -----------------------------------------------------------------------------


@endpoint(("GET",), "discovery")
def discovery(form, locale):
	base = frappe.utils.get_url(spec.BASE_PATH)
	contact = service.translate(_("Stronger Together administrators, Royal Thai Police: {0}"), locale).format(
		frappe.utils.get_url()
	)
	key_service = service.translate(
		_("Partner keys are issued by the Stronger Together administrators (Open311 Partner)."), locale
	)
	return 200, mapping.discovery(base, contact, key_service)


@endpoint(("GET",), "services")
def services(form, locale):
	return 200, mapping.services(service.categories(), service.translate, locale)


@endpoint(("GET",), "service_definition")
def service_definition(form, locale, code: str):
	if code not in service.codes():
		raise Open311Error(404, _("service_code {0} was not found."), code)
	return 200, mapping.service_definition(code, service.translate, locale)


@endpoint(("GET", "POST"), "service_requests")
def requests(form, locale):
	partner = service.authenticate(form.get("api_key"))  # the key first, whatever else was sent
	if frappe.request.method == "POST":
		return service.create_request(partner, form, locale)
	return 200, service.find_requests(partner, form, locale)


@endpoint(("GET",), "service_requests")
def request(form, locale, request_id: str):
	partner = service.authenticate(form.get("api_key"))
	return 200, service.get_request(partner, request_id, locale)


@endpoint(None, "errors")
def not_found(form, locale, rest: str = ""):
	raise Open311Error(404, _("No such Open311 resource: {0}."), f"{spec.BASE_PATH}/{rest}")


@endpoint(("GET",), "openapi")
def openapi(form, locale):
	doc = json.loads(OPENAPI.read_text(encoding="utf-8"))
	doc["servers"] = [{"url": frappe.utils.get_url(spec.BASE_PATH)}]
	return 200, doc


RULES = [
	Rule("/discovery.<fmt>", endpoint=discovery),
	Rule("/services.<fmt>", endpoint=services),
	Rule("/services/<code>.<fmt>", endpoint=service_definition),
	Rule("/requests.<fmt>", endpoint=requests),
	Rule("/requests/<request_id>.<fmt>", endpoint=request),
	Rule("/openapi.json", endpoint=openapi),
	Rule("/", endpoint=not_found),
	Rule("/<path:rest>", endpoint=not_found),
]
