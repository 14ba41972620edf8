// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

// Actions that need a reason, and the one that needs the resolution (the server checks both again)
const NEEDS_REASON = ["Escalate", "Return", "Reject", "Close"];

frappe.ui.form.on("Community Issue", {
	refresh(frm) {
		if (frm.doc.is_overdue) {
			frm.dashboard.set_headline_alert(
				__("Overdue: due on this rung by {0}", [frappe.datetime.str_to_user(frm.doc.rung_due_date)]),
				"red"
			);
		}
		if (frm.doc.possible_recurrence_of) {
			const other = frappe.utils.escape_html(frm.doc.possible_recurrence_of);
			frm.set_intro(
				__("Possible recurrence of {0}: same category and sub-district, still open or resolved recently.", [
					`<a href="/app/community-issue/${encodeURIComponent(frm.doc.possible_recurrence_of)}">${other}</a>`,
				]),
				"orange"
			);
		}
		if (!frm.is_new()) {
			frm.add_custom_button(__("Escalation Log"), () =>
				frappe.set_route("List", "Community Issue Log", { community_issue: frm.doc.name })
			);
		}
	},

	// Ask the acting chair for the reason / resolution before the workflow button is applied;
	// the answers travel with the request (stronger_together.api.ladder.apply_workflow) into the log.
	before_workflow_action(frm) {
		const action = frm.selected_workflow_action;
		const fields = [];
		if (NEEDS_REASON.includes(action) && !frm.doc.action_reason) {
			fields.push({ fieldname: "action_reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 });
		}
		if (action === "Resolve" && !frm.doc.resolution) {
			fields.push({ fieldname: "resolution", fieldtype: "Text", label: __("Resolution"), reqd: 1 });
		}
		if (!fields.length) return;
		fields.push(
			{ fieldname: "meeting_date", fieldtype: "Date", label: __("Committee Meeting Date") },
			{ fieldname: "resolution_reference", fieldtype: "Data", label: __("Resolution Reference") }
		);
		frappe.dom.unfreeze();
		return new Promise((resolve, reject) => {
			const dialog = new frappe.ui.Dialog({
				title: __(action),
				fields,
				primary_action_label: __(action),
				primary_action(values) {
					Object.assign(frm.doc, values);
					dialog.hide();
					frappe.dom.freeze();
					resolve();
				},
			});
			dialog.onhide = () => reject();
			dialog.show();
		});
	},
});
