// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.query_reports["Time on Each Rung"] = {
	filters: [
		{ fieldname: "police_unit", label: __("Police Unit"), fieldtype: "Link", options: "Police Unit" },
		{
			fieldname: "from_date",
			label: __("From"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -3),
		},
		{ fieldname: "to_date", label: __("To"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
