// Copyright (c) 2026, Royal Thai Police - Stronger Together and contributors
// For license information, please see license.txt

// frappe.ui.form.on("Network Member", {
// 	refresh(frm) {

// 	},
// });
