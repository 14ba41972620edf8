app_name = "stronger_together"
app_title = "Stronger Together"
app_publisher = "Royal Thai Police - Stronger Together"
app_description = "Community-participation network for crime prevention (ขับเคลื่อนไทยไปด้วยกัน)"
app_email = "dev@stronger-together.invalid"
app_license = "mit"

export_python_type_annotations = True

# Installation / migration: idempotent seeding of roles, reference data and the workflow
after_install = "stronger_together.setup.install.after_install"
after_migrate = "stronger_together.setup.install.after_migrate"

# Permissions: one module, following the police-unit tree (see stronger_together/permissions.py)
permission_query_conditions = {}
has_permission = {}

doc_events = {
	# A new members-per-station quota changes every station's coverage
	"Stronger Together Settings": {"on_update": "stronger_together.people_db.refresh_all_coverage"},
}

scheduler_events = {
	"cron": {
		# Monthly reporting: on the 1st, draft every unit's report on the month just ended
		"0 1 1 * *": ["stronger_together.monthly_reports.draft_previous_month"],
	},
}

# Translations are in stronger_together/locale/th.po (compiled by `bench build` / `compile-po-to-mo`)
