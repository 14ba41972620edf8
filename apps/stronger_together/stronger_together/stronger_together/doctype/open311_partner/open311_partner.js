// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.ui.form.on("Open311 Partner", {
	setup(frm) {
		frm.set_query("bureau", () => ({ filters: { unit_type: "Bureau" } }));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Issue API Key"), () => {
			const issue = () =>
				frappe
					.xcall("stronger_together.api.open311.issue_api_key", { partner: frm.doc.name })
					.then((r) => {
						frm.reload_doc();
						const d = new frappe.ui.Dialog({
							title: __("API Key of {0}", [frm.doc.partner_name]),
							fields: [
								{
									fieldtype: "HTML",
									options: `<p>${__("Copy the key now and give it to the partner: it is shown only this once.")}</p>`,
								},
								{ fieldtype: "Code", fieldname: "api_key", read_only: 1, default: r.api_key },
							],
						});
						d.show();
					});
			if (frm.doc.api_key_id && !frm.doc.api_key_revoked_on) {
				frappe.confirm(__("The partner's current key will stop working. Issue a new key?"), issue);
			} else {
				issue();
			}
		});
		if (frm.doc.api_key_id && !frm.doc.api_key_revoked_on) {
			frm.add_custom_button(__("Revoke API Key"), () =>
				frappe.confirm(__("The partner's key will stop working at once. Revoke it?"), () =>
					frappe
						.xcall("stronger_together.api.open311.revoke_api_key", { partner: frm.doc.name })
						.then(() => frm.reload_doc())
				)
			);
		}
	},
});
