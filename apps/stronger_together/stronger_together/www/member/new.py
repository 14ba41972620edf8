"""/member/new: raise a problem from a phone (title, kind, sub-district of the station, description, up to
three photos, an optional map pin)."""

from frappe import _

from stronger_together import settings
from stronger_together.portal import rules, views

no_cache = 1
sitemap = 0


def get_context(context):
	member = views.page(context)
	context.title = _("Raise a Problem")
	context.categories = views.categories()
	context.subdistricts = views.subdistrict_choices(member.station)
	context.member_subdistrict = member.subdistrict
	context.max_photos = rules.MAX_PHOTOS
	context.max_mb = rules.MAX_PHOTO_BYTES // (1024 * 1024)
	context.title_length = rules.TITLE_LENGTH
	context.limit = settings.get().raise_limit_per_day
