from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from training.acknowledgment.chain import acknowledgment_chain_verify
from training.register.models import Organisation


class Command(BaseCommand):
    help = "Check each organisation's chain of acknowledgments; name the first record altered."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="slug of one organisation (default: all)")

    def handle(self, *args, organisation=None, **options):
        organisations = Organisation.objects.order_by("slug")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(
                    _("ไม่พบหน่วยงานรหัสย่อ '%(slug)s' (no organisation with slug '%(slug)s')")
                    % {"slug": organisation}
                )
        broken = []
        for each in organisations:
            report = acknowledgment_chain_verify(organisation=each)
            if report.intact:
                self.stdout.write(
                    _("%(org)s: ครบถ้วน ไม่ถูกแก้ไข (intact), %(n)d รายการ")
                    % {"org": each.slug, "n": report.checked}
                )
            else:
                broken.append(each.slug)
                self.stderr.write(
                    _(
                        "%(org)s: พบการแก้ไข รายการลำดับที่ %(seq)d (record %(seq)d was "
                        "changed or removed): %(problem)s"
                    )
                    % {
                        "org": each.slug,
                        "seq": report.first_broken_sequence,
                        "problem": report.problem,
                    }
                )
        if broken:
            raise CommandError(
                _("หลักฐานการรับทราบไม่ครบถ้วน (acknowledgment evidence is not intact): %s")
                % ", ".join(broken)
            )
