// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

// The secretary draws the agenda from the issues the committee holds, fills the attendance list from its
// members on the meeting date, marks who came and records each resolution; the quorum shows as they go.
// The server checks all of it again on save and submit (stronger_together.meetings).
const MEETING_API = "stronger_together.api.meetings.";

frappe.ui.form.on("Committee Meeting", {
	refresh(frm) {
		render_quorum(frm);
		if (frm.doc.docstatus === 0) {
			frm.add_custom_button(__("Get Issues"), () => get_issues(frm));
			frm.add_custom_button(__("Fill Attendance"), () => fill_attendance(frm));
			frm.add_custom_button(__("Mark All Present"), () => mark_all_present(frm));
		}
		if (!frm.is_new()) {
			frm.add_custom_button(__("Minutes (PDF)"), () => {
				window.open(
					`/api/method/${MEETING_API}download_minutes?name=${encodeURIComponent(frm.doc.name)}`
				);
			});
		}
	},
	committee(frm) {
		fill_attendance(frm);
	},
	meeting_date(frm) {
		fill_attendance(frm);
	},
});

frappe.ui.form.on("Committee Meeting Attendance", {
	attendance(frm) {
		render_quorum(frm);
	},
	attendance_remove(frm) {
		render_quorum(frm);
	},
});

function ready(frm) {
	return frm.doc.committee && frm.doc.meeting_date && frm.doc.docstatus === 0;
}

function get_issues(frm) {
	if (!ready(frm)) {
		frappe.msgprint(__("Choose the committee and the meeting date first."));
		return;
	}
	return frappe
		.call({ method: MEETING_API + "get_issues", args: { doc: frm.doc }, freeze: true })
		.then((r) => {
			frm.clear_table("agenda");
			(r.message || []).forEach((row) => frm.add_child("agenda", row));
			frm.refresh_field("agenda");
			frm.dirty();
			const issues = (r.message || []).filter((row) => row.item_type === "Issue").length;
			frappe.show_alert({ message: __("{0} issues on the agenda", [issues]), indicator: "blue" });
		});
}

// The members on the meeting date come from the server; the marks, remarks and guests are the form's own
// (a later answer never undoes what the secretary marked while it was on its way).
function fill_attendance(frm) {
	if (!ready(frm)) return;
	frm.st_attendance_pending = (frm.st_attendance_pending || 0) + 1;
	const asked = frm.st_attendance_pending;
	return Promise.resolve(frappe.call({ method: MEETING_API + "fill_attendance", args: { doc: frm.doc } }))
		.then((r) => {
			if (asked !== frm.st_attendance_pending) return; // a newer request is on its way
			const out = r.message || {};
			const current = frm.doc.attendance || [];
			const marks = {};
			current
				.filter((row) => row.attendee_type === "Member" && row.user)
				.forEach((row) => (marks[row.user] = row));
			const guests = current.filter((row) => row.attendee_type !== "Member");
			frm.clear_table("attendance");
			(out.attendance || [])
				.filter((row) => row.attendee_type === "Member")
				.forEach((row) => {
					const before = marks[row.user];
					if (before) Object.assign(row, { attendance: before.attendance, remarks: before.remarks });
					frm.add_child("attendance", row);
				});
			guests.forEach((row) => {
				const { name, idx, ...data } = row;
				frm.add_child("attendance", data);
			});
			frm.refresh_field("attendance");
			frm.doc.quorum_members = out.quorum_members;
			frm.doc.quorum_required = out.quorum_required;
			frm.refresh_fields(["quorum_members", "quorum_required"]);
			frm.dirty();
			render_quorum(frm);
		})
		.finally(() => {
			if (asked === frm.st_attendance_pending) frm.st_attendance_pending = 0;
		});
}

function mark_all_present(frm) {
	(frm.doc.attendance || []).forEach((row) => {
		if (row.attendee_type === "Member" && !row.attendance) row.attendance = "Present";
	});
	frm.refresh_field("attendance");
	frm.dirty();
	render_quorum(frm);
}

function render_quorum(frm) {
	const members = (frm.doc.attendance || []).filter((row) => row.attendee_type === "Member");
	const present = members.filter((row) => row.attendance === "Present").length;
	const required = frm.doc.quorum_required || 0;
	const met = members.length > 0 && present >= required;
	frm.doc.members_present = present;
	frm.refresh_field("members_present");
	const text = __("Present {0} of {1}, quorum {2}", [present, members.length, required]);
	const state = met ? __("Quorum met") : __("No quorum yet");
	frm.get_field("quorum_status").$wrapper.html(
		`<div class="st-quorum" data-quorum-met="${met ? 1 : 0}">
			<span class="indicator-pill ${met ? "green" : "red"}">${frappe.utils.escape_html(state)}</span>
			<span class="st-quorum-text" style="margin-left: 8px">${frappe.utils.escape_html(text)}</span>
		</div>`
	);
}
