from wagtail.models import PageViewRestriction

from .models import CircularPage


def sync_internal_restriction(sender, instance, **kwargs):
    """An internal circular carries Wagtail's login restriction, which keeps it out of public
    listings, search results and the sitemap; a public one carries none of ours."""
    if not isinstance(instance, CircularPage):
        return
    restrictions = PageViewRestriction.objects.filter(
        page_id=instance.pk, restriction_type=PageViewRestriction.LOGIN
    )
    if instance.is_internal:
        if not restrictions.exists():
            PageViewRestriction.objects.create(
                page_id=instance.pk, restriction_type=PageViewRestriction.LOGIN
            )
    else:
        restrictions.delete()
