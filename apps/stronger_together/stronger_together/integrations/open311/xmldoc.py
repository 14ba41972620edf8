"""The standard's XML documents, written with the standard library (pure).

	to_xml("services", [{"service_code": "crime", ...}])
	-> <?xml version='1.0' encoding='utf-8'?><services><service><service_code>crime</service_code>...

Lists repeat their singular element (services/service, service_requests/request, errors/error,
attributes/attribute, values/value, endpoints/endpoint, formats/format); objects nest; booleans are
true/false; missing values (None) are left out. Characters XML 1.0 cannot carry are dropped.
"""

import re
from xml.etree import ElementTree as ET

ITEM = {
	"services": "service",
	"service_requests": "request",
	"errors": "error",
	"attributes": "attribute",
	"values": "value",
	"endpoints": "endpoint",
	"formats": "format",
}
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value) -> str:
	if isinstance(value, bool):
		return "true" if value else "false"
	if isinstance(value, float) and value.is_integer():
		return repr(value)
	return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
	if isinstance(value, dict):
		for key, child in value.items():
			if child is None:
				continue
			_fill(ET.SubElement(element, key), child)
	elif isinstance(value, list | tuple):
		tag = ITEM.get(element.tag, "item")
		for item in value:
			_fill(ET.SubElement(element, tag), item)
	else:
		element.text = _text(value)


def to_xml(root: str, data) -> bytes:
	element = ET.Element(root)
	_fill(element, data)
	return ET.tostring(element, encoding="utf-8", xml_declaration=True)
