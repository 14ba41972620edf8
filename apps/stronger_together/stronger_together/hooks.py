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

# Permissions: one package, following the police-unit tree (stronger_together/permissions)
_conditions = "stronger_together.permissions.conditions."
_documents = "stronger_together.permissions.documents."
permission_query_conditions = {
	"Community Issue": _conditions + "community_issue",
	"Community Issue Log": _conditions + "community_issue_log",
	"Committee": _conditions + "committee",
	"Committee Member": _conditions + "committee_member",
	"Committee Meeting": _conditions + "committee_meeting",
	"Committee Meeting Attendance": _conditions + "committee_meeting_attendance",
	"Committee Meeting Agenda Item": _conditions + "committee_meeting_agenda_item",
	"Network Member": _conditions + "network_member",
	"Monthly Unit Report": _conditions + "monthly_unit_report",
	"Monthly Unit Report Category": _conditions + "monthly_unit_report_category",
	"Coordinator Officer": _conditions + "coordinator_officer",
	"Training Batch": _conditions + "training_batch",
	"Training Attendance": _conditions + "training_attendance",
	"Workflow Action": _conditions + "workflow_action",
}
has_permission = {
	"Community Issue": _documents + "community_issue",
	"Community Issue Log": _documents + "community_issue_log",
	"Committee": _documents + "committee",
	"Committee Meeting": _documents + "committee_meeting",
	"Committee Meeting Attendance": _documents + "committee_meeting_attendance",
	"Committee Meeting Agenda Item": _documents + "committee_meeting_agenda_item",
	"Network Member": _documents + "network_member",
	"Monthly Unit Report": _documents + "monthly_unit_report",
	"Coordinator Officer": _documents + "coordinator_officer",
	"Training Batch": _documents + "training_batch",
}

override_whitelisted_methods = {
	# The ladder's workflow buttons and REST calls reach the ladder's one authority (row lock, clear refusals)
	"frappe.model.workflow.apply_workflow": "stronger_together.api.ladder.apply_workflow",
}

_scope_changed = "stronger_together.permissions.scope.clear_scope_cache"
doc_events = {
	# One accessor for the settings; a new members-per-station quota changes every station's coverage
	"Stronger Together Settings": {
		"on_update": [
			"stronger_together.settings.clear",
			"stronger_together.people.queries.refresh_all_coverage",
		]
	},
	# Members' national ID and phone stay out of the form timeline (Version) of users without access
	"Version": {"before_insert": "stronger_together.permissions.personal_data.mask_in_version"},
	# A user's scope follows committees, coordinator links, the unit tree, member accounts and roles
	"Coordinator Officer": {
		"on_update": [_scope_changed, "stronger_together.ladder.committees.on_coordinator_change"],
		"on_trash": [_scope_changed, "stronger_together.ladder.committees.on_coordinator_change"],
	},
	"Committee": {"on_update": _scope_changed, "on_trash": _scope_changed},
	"Police Unit": {"on_update": _scope_changed, "on_trash": _scope_changed},
	"Network Member": {"on_update": _scope_changed, "on_trash": _scope_changed},
	"User": {"on_update": _scope_changed},
}

scheduler_events = {
	"daily": [
		# Committee meetings: remind the members of tomorrow's meetings
		"stronger_together.meetings.notices.send_reminders",
	],
	"daily_long": [
		# The ladder's SLA: mark overdue issues, a digest per chair, escalate if the settings say so
		"stronger_together.ladder.tasks.daily",
	],
	"cron": {
		# Monthly reporting: on the 1st, draft every unit's report on the month just ended
		"0 1 1 * *": ["stronger_together.reporting.monthly.draft_previous_month"],
	},
}

# Translations are in stronger_together/locale/th.po (compiled by `bench build` / `compile-po-to-mo`)
