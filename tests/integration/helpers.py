"""Shared builders for tier-2 tests: real users, units and reference rows."""

import frappe


def make_user(
    email: str, roles: list[str] | tuple[str, ...] = (), first_name: str | None = None
) -> str:
    """A real, enabled System User with exactly `roles` (created once, then reused)."""
    if not frappe.db.exists("User", email):
        frappe.get_doc(
            {
                "doctype": "User",
                "email": email,
                "first_name": first_name or email.split("@")[0],
                "send_welcome_email": 0,
                "user_type": "System User",
                "new_password": "Test-Pass-2565!",
            }
        ).insert(ignore_permissions=True)
    user = frappe.get_doc("User", email)
    user.roles = []
    user.add_roles(*roles)
    return email


def make_station(
    code: str,
    division: str,
    district: str,
    subdistricts: list[str] | None = None,
    **extra,
) -> str:
    """A station under `division`, serving `district` (or just `subdistricts` of it)."""
    if frappe.db.exists("Police Unit", code):
        return code
    province = frappe.db.get_value("District", district, "province")
    rows = (
        [{"district": district, "subdistrict": s} for s in subdistricts]
        if subdistricts
        else [{"district": district}]
    )
    frappe.get_doc(
        {
            "doctype": "Police Unit",
            "unit_code": code,
            "unit_name_th": code,
            "unit_type": "Station",
            "parent_police_unit": division,
            "province": province,
            "jurisdiction": rows,
            **extra,
        }
    ).insert()
    return code
