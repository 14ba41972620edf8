// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.ui.form.on("Training Batch", {
	setup(frm) {
		frm.set_query("network_member", "attendance", () => ({ filters: { status: ["!=", "Inactive"] } }));
	},
	audience(frm) {
		frm.fields_dict.attendance.grid.refresh();
	},
});
