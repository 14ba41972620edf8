// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.query_reports["Training Coverage"] = {
	filters: [
		{ fieldname: "police_unit", label: __("Police Unit"), fieldtype: "Link", options: "Police Unit" },
		{
			fieldname: "depth",
			label: __("Show Down To"),
			fieldtype: "Select",
			options: [
				{ value: "Bureau", label: __("Bureau") },
				{ value: "Division", label: __("Division") },
				{ value: "Station", label: __("Station") },
			],
			default: "Division",
			reqd: 1,
		},
	],
	tree: true,
	name_field: "police_unit",
	parent_field: "parent_unit",
	initial_depth: 1,
};
