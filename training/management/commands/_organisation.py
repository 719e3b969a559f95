"""The --organisation option shared by the register commands."""

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _

from home.bilingual import bilingual
from training.register.models import Organisation


def organisation_from_option(slug: str | None) -> Organisation:
    """The organisation named by slug; with no slug, the only one there is."""
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(bilingual(_("ไม่พบหน่วยงานรหัสย่อ '%(slug)s'"), slug=slug))
        return organisation
    organisations = list(Organisation.objects.order_by("slug")[:2])
    if not organisations:
        raise CommandError(bilingual(_("ยังไม่มีหน่วยงานในระบบ")))
    if len(organisations) > 1:
        slugs = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(
            bilingual(_("มีหลายหน่วยงาน ต้องระบุ --organisation: %(slugs)s"), slugs=slugs)
        )
    return organisations[0]
