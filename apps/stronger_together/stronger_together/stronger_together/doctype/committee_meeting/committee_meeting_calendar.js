// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

// Frappe's calendar view of committee meetings (only those the user may read: the list's permission query)
frappe.views.calendar["Committee Meeting"] = {
	field_map: {
		start: "starts_at",
		end: "ends_at",
		id: "name",
		title: "title",
	},
	gantt: false,
	filters: [
		{
			fieldtype: "Link",
			fieldname: "committee",
			options: "Committee",
			label: __("Committee"),
		},
	],
	get_events_method: "frappe.desk.calendar.get_events",
};
