"""Integrations with other systems (as frappe/crm groups them): one package per partner protocol.

open311/  Open311 GeoReport v2 for partner complaint platforms, with signed webhooks.
"""
