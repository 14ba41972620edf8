// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.query_reports["Overdue Issues"] = {
	filters: [
		{ fieldname: "police_unit", label: __("Police Unit"), fieldtype: "Link", options: "Police Unit" },
		{
			fieldname: "rung",
			label: __("Rung"),
			fieldtype: "Select",
			options: ["", "Station", "District", "Division", "Province", "Bureau", "National HQ"],
		},
	],
};
