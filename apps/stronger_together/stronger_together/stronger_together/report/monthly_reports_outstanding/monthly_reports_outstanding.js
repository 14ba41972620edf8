// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.query_reports["Monthly Reports Outstanding"] = {
	filters: [
		{ fieldname: "year", label: __("Year (A.D.)"), fieldtype: "Int", reqd: 1, default: moment().subtract(1, "month").year() },
		{ fieldname: "month", label: __("Month"), fieldtype: "Int", reqd: 1, default: moment().subtract(1, "month").month() + 1 },
		{ fieldname: "police_unit", label: __("Under Unit"), fieldtype: "Link", options: "Police Unit" },
	],
};
