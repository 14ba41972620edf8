// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.ui.form.on("Coordinator Officer", {
	setup(frm) {
		frm.set_query("police_unit", () => ({ filters: { unit_type: ["in", ["Station", "Division"]] } }));
	},
});
