app_name = "stronger_together"
app_title = "Stronger Together"
app_publisher = "Royal Thai Police - Stronger Together"
app_description = "Community-participation network for crime prevention (ขับเคลื่อนไทยไปด้วยกัน)"
app_email = "dev@stronger-together.invalid"
app_license = "mit"

export_python_type_annotations = True

# Thai desk: Buddhist Era years in displayed dates (public/js/thai_dates.js); print formats call these
app_include_js = ["/assets/stronger_together/js/thai_dates.js"]
jinja = {
	"methods": [
		"stronger_together.utils.thai.format_be_date",
		"stronger_together.utils.thai.format_be_month",
	]
}

# Installation / migration: idempotent seeding of roles, reference data and the workflow
after_install = "stronger_together.setup.install.after_install"
after_migrate = "stronger_together.setup.install.after_migrate"

# Permissions: one module, following the police-unit tree (see stronger_together/permissions.py)
permission_query_conditions = {
	"Community Issue": "stronger_together.permissions.scope.community_issue_query",
	"Community Issue Log": "stronger_together.permissions.scope.community_issue_log_query",
	"Committee": "stronger_together.permissions.scope.committee_query",
	"Network Member": "stronger_together.permissions.scope.network_member_query",
	"Monthly Unit Report": "stronger_together.permissions.scope.monthly_unit_report_query",
	"Workflow Action": "stronger_together.permissions.scope.workflow_action_query",
}
has_permission = {
	"Community Issue": "stronger_together.permissions.scope.community_issue_permission",
	"Community Issue Log": "stronger_together.permissions.scope.community_issue_log_permission",
	"Committee": "stronger_together.permissions.scope.committee_permission",
	"Network Member": "stronger_together.permissions.scope.network_member_permission",
	"Monthly Unit Report": "stronger_together.permissions.scope.monthly_unit_report_permission",
}

# The ladder's workflow buttons and REST calls go through the ladder's own endpoint (row lock, clear refusals)
override_whitelisted_methods = {
	"frappe.model.workflow.apply_workflow": "stronger_together.api.ladder.apply_workflow",
}

doc_events = {
	# A new members-per-station quota changes every station's coverage
	"Stronger Together Settings": {"on_update": "stronger_together.people.queries.refresh_all_coverage"},
	# Members' national ID and phone stay out of the form timeline (Version) of users without access
	"Version": {"before_insert": "stronger_together.people.queries.mask_pii_in_version"},
	# Scope follows a Coordinator Officer's unit: forget cached scopes when one changes
	"Coordinator Officer": {
		"on_update": "stronger_together.permissions.scope.on_scope_change",
		"on_trash": "stronger_together.permissions.scope.on_scope_change",
	},
}

scheduler_events = {
	# The ladder's SLA: mark overdue issues, notify chairs, escalate if the settings say so
	"daily": ["stronger_together.ladder.tasks.daily"],
	"cron": {
		# Monthly reporting: on the 1st, draft every unit's report on the month just ended
		"0 1 1 * *": ["stronger_together.reporting.monthly.draft_previous_month"],
	},
}

# Translations are in stronger_together/locale/th.po (compiled by `bench build` / `compile-po-to-mo`)
