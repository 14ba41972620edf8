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
	"Open311 Partner": _conditions + "admins_only",
	"Open311 Webhook Delivery": _conditions + "admins_only",
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
	"Open311 Partner": _documents + "admins_only",
	"Open311 Webhook Delivery": _documents + "admins_only",
}

_sms = "frappe.core.doctype.sms_settings.sms_settings."
override_whitelisted_methods = {
	# The ladder's workflow buttons and REST calls reach the ladder's one authority (row lock, clear refusals)
	"frappe.model.workflow.apply_workflow": "stronger_together.api.ladder.apply_workflow",
	# Frappe counts without permission checks; this count applies them (for every DocType of the site)
	"frappe.client.get_count": "stronger_together.api.client.get_count",
	# Frappe reads a link's title without asking whether the user may see the record
	"frappe.desk.search.get_link_title": "stronger_together.api.client.get_link_title",
	# Frappe lets any logged-in user (a member's portal user too) send SMS through the gateway and read a
	# contact's number: desk users only
	_sms + "send_sms": "stronger_together.api.client.send_sms",
	_sms + "get_contact_number": "stronger_together.api.client.get_contact_number",
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
	# ... and a member's portal user follows the member (inactive or deleted: disabled)
	"Network Member": {
		"on_update": [_scope_changed, "stronger_together.portal.accounts.on_member_update"],
		"on_trash": [_scope_changed, "stronger_together.portal.accounts.on_member_trash"],
	},
	"User": {"on_update": _scope_changed},
	# Comments on a programme record need read permission on it, whichever endpoint writes them
	"Comment": {"before_insert": "stronger_together.permissions.documents.guard_comment"},
	# Open311: only the API marks an issue as a partner's; a partner's issue that changes state is sent to
	# its webhook (after the controller's own on_update wrote the log)
	"Community Issue": {
		"validate": "stronger_together.integrations.open311.service.guard_issue_fields",
		"on_update": "stronger_together.integrations.open311.webhooks.on_issue_update",
	},
}

# Sharing a programme record with someone outside its area would open it to them: refused
for _doctype in (
	"Community Issue",
	"Community Issue Log",
	"Committee",
	"Network Member",
	"Monthly Unit Report",
	"Coordinator Officer",
	"Training Batch",
	"Committee Meeting",
):
	doc_events.setdefault(_doctype, {})["validate_share"] = (
		"stronger_together.permissions.documents.validate_share"
	)

before_request = [
	# Heavy reads go to a MariaDB replica when the site names one; a replica that is down is skipped, not fatal
	"stronger_together.utils.replica.check_replica",
	# Open311 GeoReport v2 under /api/open311/v2/: Frappe has no hook for extra /api routes, so the app adds
	# its Werkzeug rules to frappe.api.API_URL_MAP once per process, before the first request is matched
	# (see stronger_together/integrations/open311/routes.py)
	"stronger_together.integrations.open311.routes.register",
]
before_job = ["stronger_together.utils.replica.check_replica"]
# Server tracebacks stay in the Error Log: error responses to non-admin users carry none
after_request = ["stronger_together.utils.responses.hide_tracebacks"]

scheduler_events = {
	"daily": [
		# Committee meetings: remind the members of tomorrow's meetings
		"stronger_together.meetings.notices.send_reminders",
	],
	"daily_long": [
		# The ladder's SLA: mark overdue issues, a digest per chair, escalate if the settings say so
		"stronger_together.ladder.tasks.daily",
		# The members' portal: resolutions nobody answered within feedback_days close by themselves
		"stronger_together.portal.feedback.close_unanswered",
	],
	"cron": {
		# Monthly reporting: on the 1st, draft every unit's report on the month just ended
		"0 1 1 * *": ["stronger_together.reporting.monthly.draft_previous_month"],
		# Open311 webhooks: retries whose time has come (1, 2, 4 ... minutes) and any delivery a lost job left
		"* * * * *": ["stronger_together.integrations.open311.webhooks.deliver_due"],
	},
}

# Translations are in stronger_together/locale/th.po (compiled by `bench build` / `compile-po-to-mo`)
