"""The permissions package scopes the log and members by their own indexed columns: fill them on existing sites."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabCommunity Issue Log` log join `tabCommunity Issue` issue on issue.name = log.community_issue
		set log.station = issue.station, log.district = issue.district, log.province = issue.province
		where log.station is null or log.station = ''"""
	)
	frappe.db.sql(
		"""update `tabNetwork Member` m join `tabSubdistrict` s on s.name = m.subdistrict
		set m.province = s.province
		where m.province is null or m.province = ''"""
	)
