// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.ui.form.on("Monthly Unit Report", {
	refresh(frm) {
		if (!frm.is_new()) {
			frm.add_custom_button(__("Thai PDF"), () => {
				window.open(
					`/api/method/stronger_together.api.reporting.download_report_pdf?name=${encodeURIComponent(frm.doc.name)}`
				);
			});
		}
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.add_custom_button(__("Refresh Figures"), () => {
				frappe
					.call("stronger_together.api.reporting.refresh_report", {
						name: frm.doc.name,
					})
					.then(() => frm.reload_doc());
			});
		}
	},
});
