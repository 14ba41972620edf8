// Copyright (c) 2026, Royal Thai Police - Stronger Together and contributors
// For license information, please see license.txt

frappe.ui.form.on("Police Unit", {
	refresh(frm) {
		// An admin, or the station's coordinator officer, creates its members' portal accounts (the server checks the unit)
		const may = frappe.user.has_role(["System Manager", "Stronger Together Admin", "Coordinator Officer"]);
		if (frm.is_new() || frm.doc.unit_type !== "Station" || !may) return;
		frm.add_custom_button(__("Create Members' Portal Accounts"), () => {
			frappe.confirm(
				__("Create a portal account for every active member of {0} who has none? Members log in on /member with their mobile number.", [
					frappe.utils.escape_html(frm.doc.name),
				]),
				() =>
					frappe
						.call({
							method: "stronger_together.api.portal.create_member_accounts",
							args: { station: frm.doc.name },
							freeze: true,
						})
						.then((r) => show_account_summary(r.message))
			);
		});
	},
});

function show_account_summary(result) {
	const esc = frappe.utils.escape_html;
	if (result.queued) {
		frappe.msgprint({
			title: __("Members' Portal Accounts"),
			message: __("{0} accounts are being created in the background. A notification tells you when they are ready.", [result.queued]),
			indicator: "blue",
		});
		return;
	}
	const lines = [
		__("Accounts created: {0}", [result.created.length]),
		__("Members who already had an account: {0}", [result.existing]),
	];
	if (result.skipped.length) {
		lines.push(__("Members without an account ({0}):", [result.skipped.length]));
		lines.push(
			"<ul>" +
				result.skipped.map((s) => `<li>${esc(s.member)} ${esc(s.full_name || "")}: ${esc(s.reason)}</li>`).join("") +
				"</ul>"
		);
	}
	frappe.msgprint({ title: __("Members' Portal Accounts"), message: lines.join("<br>"), indicator: "green" });
}
