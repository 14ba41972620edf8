// Buddhist Era (พ.ศ.) dates in the desk for Thai users.
// Frappe shows dates through frappe.form.formatters (list and report views, read-only fields, grids,
// the sidebar). For a user whose language is Thai, this adds 543 to the year those formatters print:
// 2022-03-01 shows as 01/03/2565. Date inputs keep the Gregorian year, so the date picker and typed
// dates stay unambiguous; print formats use format_be_date (stronger_together.utils.thai) via Jinja.
(function () {
	const BE_OFFSET = 543;
	const YEAR = /\b(1[89]\d\d|20\d\d|21\d\d)\b/;

	function is_thai() {
		return ((frappe.boot && frappe.boot.lang) || "").startsWith("th");
	}

	function to_be(text) {
		if (!text || !is_thai()) return text;
		return String(text).replace(YEAR, (year) => String(Number(year) + BE_OFFSET));
	}

	function patch() {
		const formatters = frappe.form && frappe.form.formatters;
		if (!formatters || formatters.__buddhist_era) return;
		for (const fieldtype of ["Date", "Datetime"]) {
			const original = formatters[fieldtype];
			formatters[fieldtype] = function (...args) {
				return to_be(original.apply(this, args));
			};
		}
		formatters.__buddhist_era = true;
	}

	frappe.provide("stronger_together");
	stronger_together.to_buddhist_era = to_be;
	patch();
	$(document).ready(patch);
})();
