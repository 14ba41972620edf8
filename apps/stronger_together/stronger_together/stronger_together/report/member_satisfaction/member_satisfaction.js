// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.query_reports["Member Satisfaction"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Station", "Division", "Bureau", "Province", "District"].map((v) => ({ value: v, label: __(v) })),
			default: "Station",
		},
		{ fieldname: "police_unit", label: __("Police Unit"), fieldtype: "Link", options: "Police Unit" },
		{ fieldname: "from_date", label: __("Raised From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Raised To"), fieldtype: "Date" },
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Select",
			options: ["", "Crime", "Drugs", "Traffic and Road Safety", "Public Order", "Livelihood", "Culture", "Tourism", "Environment", "Other"],
		},
	],
};
