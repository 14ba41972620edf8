// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.query_reports["Member Coverage"] = {
	filters: [
		{ fieldname: "police_unit", label: __("Police Unit"), fieldtype: "Link", options: "Police Unit" },
		{ fieldname: "province", label: __("Province"), fieldtype: "Link", options: "Province" },
		{ fieldname: "below_coverage", label: __("Coverage Below (%)"), fieldtype: "Percent" },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "member_coverage" && data && data.member_coverage < 100) {
			value = `<span style="color: var(--red-500)">${value}</span>`;
		}
		return value;
	},
};
