// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.query_reports["Monthly Roll-up"] = {
	filters: [
		{ fieldname: "police_unit", label: __("Police Unit"), fieldtype: "Link", options: "Police Unit", reqd: 1, default: "ตร." },
		{ fieldname: "year", label: __("Year (A.D.)"), fieldtype: "Int", reqd: 1, default: moment().subtract(1, "month").year() },
		{ fieldname: "month", label: __("Month"), fieldtype: "Int", reqd: 1, default: moment().subtract(1, "month").month() + 1 },
	],
	tree: true,
	initial_depth: 1,
};
