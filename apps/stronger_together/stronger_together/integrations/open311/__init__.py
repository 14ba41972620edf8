"""Open311 GeoReport v2: partner platforms (Traffy Fondue, city systems) post and follow community issues.

Pure parts (no database; tier-1 tests in tests/unit/test_open311.py):
	spec.py      the standard's rules: errors, dates, filters, statuses (from the ladder's states), messages
	mapping.py   issues and categories as the standard's services and service requests
	geo.py       a postcode and an address line to a sub-district; the stations that serve it
	signing.py   API keys (stored as salted hashes), webhook signatures, retry back-off
	xmldoc.py    the standard's XML, with the standard library

Against the database:
	service.py   partners' keys, routing, issue creation and queries
	routes.py    the HTTP endpoints under /api/open311/v2/ (registered on Frappe's API map)
	webhooks.py  signed deliveries of state changes to a partner's URL, retried with back-off
	openapi.json the API's OpenAPI document, served at /api/open311/v2/openapi.json
"""
