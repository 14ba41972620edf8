// Copyright (c) 2026, Stronger Together and contributors
// For license information, please see license.txt

frappe.ui.form.on("Network Member", {
	setup(frm) {
		frm.set_query("station", () => ({ filters: { unit_type: "Station", disabled: 0 } }));
		// sub-districts of the station's province (the server checks the exact jurisdiction)
		frm.set_query("subdistrict", () => ({
			filters: frm.station_province ? { province: frm.station_province } : {},
		}));
	},
	onload(frm) {
		frm.trigger("station");
	},
	station(frm) {
		if (!frm.doc.station) {
			frm.station_province = null;
			return;
		}
		frappe.db.get_value("Police Unit", frm.doc.station, "province").then(({ message }) => {
			frm.station_province = message && message.province;
		});
	},
});
