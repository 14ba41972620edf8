// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.query_reports["National Compilation for Government"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Category", "Bureau", "Province"].map((v) => ({ value: v, label: __(v) })),
			default: "Category",
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Reached National HQ", label: __("Reached National HQ") },
				{ value: "Reported to Government", label: __("Reported to Government") },
			],
		},
		{ fieldname: "from_date", label: __("Raised From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Raised To"), fieldtype: "Date" },
		{ fieldname: "bureau", label: __("Bureau"), fieldtype: "Link", options: "Police Unit", get_query: () => ({ filters: { unit_type: "Bureau" } }) },
		{ fieldname: "province", label: __("Province"), fieldtype: "Link", options: "Province" },
		{
			fieldname: "category",
			label: __("Category"),
			fieldtype: "Select",
			options: ["", "Crime", "Drugs", "Traffic and Road Safety", "Public Order", "Livelihood", "Culture", "Tourism", "Environment", "Other"],
		},
	],
	tree: true,
	initial_depth: 0,
	onload(report) {
		const open = (method) => {
			const filters = JSON.stringify(report.get_values());
			window.open(`/api/method/stronger_together.api.reporting.${method}?filters=${encodeURIComponent(filters)}`);
		};
		report.page.add_inner_button(__("Thai PDF"), () => open("download_compilation_pdf"));
		report.page.add_inner_button(__("Excel (XLSX)"), () => open("download_compilation_xlsx"));
	},
};
