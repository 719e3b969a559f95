from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from training.acknowledgment.chain import SealToken, acknowledgment_chain_verify
from training.register.models import Organisation


class Command(BaseCommand):
    help = (
        "Check each organisation's chain of acknowledgments against its seals on record and the "
        "seals given (count:sequence:hash, from the auditor's e-mail or the transparency page); "
        "re-hash the texts shown and the scanned sheets; name the first record altered."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="slug of one organisation (default: all)")
        parser.add_argument(
            "--seal",
            action="append",
            default=[],
            metavar="COUNT:SEQUENCE:HASH",
            help="a seal kept outside the database (repeat for several); needs --organisation",
        )

    def handle(self, *args, organisation=None, seal=(), **options):
        organisations = Organisation.objects.order_by("slug")
        if organisation:
            organisations = organisations.filter(slug=organisation)
            if not organisations.exists():
                raise CommandError(
                    _("ไม่พบหน่วยงานรหัสย่อ '%(slug)s' (no organisation with slug '%(slug)s')")
                    % {"slug": organisation}
                )
        elif seal:
            raise CommandError("--seal belongs to one organisation: give --organisation too")
        try:
            given = [SealToken.parse(text, source=f"the seal given {text}") for text in seal]
        except ValueError as error:
            raise CommandError(f"--seal must be COUNT:SEQUENCE:HASH, not {error}") from error
        broken = []
        for each in organisations:
            report = acknowledgment_chain_verify(organisation=each, seals=given)
            if report.intact:
                self.stdout.write(
                    _("%(org)s: ครบถ้วน ไม่ถูกแก้ไข (intact), %(n)d รายการ")
                    % {"org": each.slug, "n": report.checked}
                    + f" ({report.seals_checked} seals)"
                )
            elif report.first_broken_sequence is not None:
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
            else:
                broken.append(each.slug)
                self.stderr.write(f"{each.slug}: {report.problem}")
        if broken:
            raise CommandError(
                _("หลักฐานการรับทราบไม่ครบถ้วน (acknowledgment evidence is not intact): %s")
                % ", ".join(broken)
            )
