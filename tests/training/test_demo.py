import datetime
import io
import re
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from home.models import DigitStyle, HomePage, PublicSiteSettings
from home.thai_dates import FiscalYear, thai_numerals
from training import demo
from training.acknowledgment.chain import acknowledgment_chain_verify
from training.acknowledgment.models import (
    Acknowledgment,
    AcknowledgmentChannel,
    DocumentVersion,
    Requirement,
)
from training.briefings.models import Attendance, Briefing
from training.briefings.selectors import briefing_figures
from training.demo_history import history_figures
from training.figures.models import ItaEvidenceItem
from training.figures.report_models import MeasuresReport
from training.knowledge.models import Attempt, Choice, Question, Quiz
from training.knowledge.selectors import knowledge_figures
from training.register import roles
from training.register.models import Division, Organisation, Person, PersonnelGroup, StaffType

# `load_demo` takes seconds: it runs once per class (`demo_output`), and each test of the class sees
# its data in a savepoint of its own, rolled back after it as pytest-django does for any test. The
# tests of running it again run it once more on top; only the test that needs a database the demo
# never touched runs it alone.

pytestmark = pytest.mark.django_db

DIVISION_NAMES = {
    "สำนักปลัดเทศบาล",
    "กองคลัง",
    "กองช่าง",
    "กองการศึกษา",
    "กองสาธารณสุขและสิ่งแวดล้อม",
}


def run_load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def demo_output(django_db_setup, django_db_blocker):
    """`load_demo` once for the class, in a transaction rolled back after the class's last test;
    what it printed. The tests' own transactions (pytest-django's) nest in it as savepoints, on
    SQLite as on PostgreSQL. What it queues on commit never runs, as in any test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo_organisation(demo_output):
    return Organisation.objects.get(slug="phra-thaen")


def snapshot() -> dict:
    """Every row the demo writes, to compare before and after a second run."""
    User = get_user_model()
    return {
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "divisions": list(Division.objects.order_by("pk").values()),
        "people": list(Person.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
        "memberships": list(User.groups.through.objects.order_by("pk").values()),
        "sites": list(Site.objects.order_by("pk").values()),
        "pages": list(Page.objects.order_by("pk").values()),
        "revisions": list(Revision.objects.order_by("pk").values_list("pk", flat=True)),
        "versions": list(DocumentVersion.objects.order_by("pk").values()),
        "requirements": list(Requirement.objects.order_by("pk").values()),
        "acknowledgments": list(Acknowledgment.objects.order_by("pk").values()),
        "briefings": list(Briefing.objects.order_by("pk").values()),
        "attendances": list(Attendance.objects.order_by("pk").values()),
        "quizzes": list(Quiz.objects.order_by("pk").values()),
        "questions": list(Question.objects.order_by("pk").values()),
        "choices": list(Choice.objects.order_by("pk").values()),
        "attempts": list(Attempt.objects.order_by("pk").values()),
    }


def fiscal_year(moment: datetime.date | datetime.datetime) -> int:
    if isinstance(moment, datetime.datetime):
        moment = timezone.localdate(moment)
    return FiscalYear.of(moment).be_year


@pytest.mark.usefixtures("demo_output")
class TestWhatTheDemoLoads:
    """What one run of `load_demo` on an empty database leaves."""

    def test_the_quiz_bank_and_attempts_whose_post_tests_beat_the_pre_tests(
        self, demo_organisation
    ):
        quizzes = Quiz.objects.filter(organisation=demo_organisation)
        assert quizzes.count() == 3
        assert 10 <= Question.objects.filter(quiz__kind="pre", quiz__in=quizzes).count() <= 15
        for question in Question.objects.filter(quiz__in=quizzes).prefetch_related("choices"):
            assert question.explanation
            assert [c.is_correct for c in question.choices.all()].count(True) == 1
        for year in (2569, 2570):
            figures = knowledge_figures(demo_organisation.pk, year).current.overall
            assert figures.people > 20
            assert figures.post_mean > figures.pre_mean, year
            assert figures.pass_rate > 50

    def test_demo_has_about_eighty_people_in_all_three_groups(self, demo_organisation):
        people = demo_organisation.people.all()
        assert 75 <= people.count() <= 95
        by_group = dict(people.values_list("personnel_group").annotate(Count("pk")))
        assert set(by_group) == set(PersonnelGroup.values)
        assert by_group[PersonnelGroup.PERMANENT] > by_group[PersonnelGroup.POLITICAL]
        assert by_group[PersonnelGroup.EXECUTIVE] == 7  # clerk, deputy clerk, five directors

        active = people.active()
        assert active.filter(staff_type=StaffType.MAYOR).count() == 1
        assert active.filter(staff_type=StaffType.DEPUTY_MAYOR).count() == 2
        assert active.filter(staff_type=StaffType.MAYOR_SECRETARY).count() == 1
        assert active.filter(staff_type=StaffType.MAYOR_ADVISER).count() == 1
        assert active.filter(staff_type=StaffType.COUNCIL_MEMBER).count() == 12
        assert active.filter(staff_type=StaffType.MUNICIPAL_CLERK).count() == 1
        assert active.filter(staff_type=StaffType.DEPUTY_CLERK).count() == 1
        assert active.filter(staff_type=StaffType.MUNICIPAL_TEACHER).exists()
        assert not people.filter(personnel_group=PersonnelGroup.POLITICAL, division__isnull=False)
        assert not people.filter(personnel_group=PersonnelGroup.PERMANENT, division__isnull=True)

    def test_every_person_has_a_thai_name_a_number_and_most_an_email(self, demo_organisation):
        people = list(demo_organisation.people.all())
        assert {person.title for person in people} == {"นาย", "นาง", "นางสาว"}
        assert len({person.full_name for person in people}) == len(people)
        assert all(person.employee_number and person.phone for person in people)
        with_email = [person for person in people if person.email]
        assert len(with_email) > len(people) / 2
        politicians = [p for p in people if p.personnel_group == PersonnelGroup.POLITICAL]
        assert any(not person.email for person in politicians)
        assert len({person.active_from.year for person in people}) >= 10

    def test_a_few_people_have_left_and_drop_out_of_the_active_register(self, demo_organisation):
        today = timezone.localdate()
        left = demo_organisation.people.filter(active_until__lt=today)
        assert 3 <= left.count() <= 4
        assert (
            demo_organisation.people.active().count()
            == demo_organisation.people.count() - left.count()
        )

    def test_five_divisions_each_headed_by_its_director(self, demo_organisation):
        divisions = demo_organisation.divisions.select_related("head")
        assert {division.name for division in divisions} == DIVISION_NAMES
        for division in divisions:
            assert division.name_en
            assert division.head.staff_type == StaffType.DIVISION_DIRECTOR
            assert division.head.division_id == division.pk
            assert division.people.filter(personnel_group=PersonnelGroup.PERMANENT).count() >= 5

    def test_the_demo_site_writes_thai_digits(self, demo_organisation):
        settings = PublicSiteSettings.for_site(demo_organisation.site)
        assert settings.digit_style == DigitStyle.THAI

    def test_organisation_serves_the_default_site_with_its_complaint_channels(
        self, demo_organisation
    ):
        assert demo_organisation.name_en == "Phra Thaen Subdistrict Municipality"
        assert (demo_organisation.province, demo_organisation.district) == ("กาญจนบุรี", "ท่ามะกา")
        assert demo_organisation.address and demo_organisation.phone and demo_organisation.email
        assert len(demo_organisation.complaint_channel_list) == 5
        site = demo_organisation.site
        assert site.is_default_site
        assert (site.hostname, site.port) == ("127.0.0.1", 8000)
        assert isinstance(site.root_page.specific, HomePage)
        assert site.root_page.title == "เทศบาลตำบลพระแท่น"
        assert Site.objects.count() == 2  # and the second organisation's own

    def test_wagtail_welcome_page_is_replaced_and_deleted(self, demo_organisation):
        assert not Page.objects.filter(title=demo.WAGTAIL_WELCOME_TITLE).exists()
        # The two demo organisations' home pages.
        assert Page.objects.filter(depth=2).count() == 2

    @pytest.mark.parametrize(
        ("username", "role", "position"),
        [
            ("hr", roles.HR_OFFICER, "นักทรัพยากรบุคคล"),
            ("editor", roles.EDITOR, "นักประชาสัมพันธ์"),
            ("approver", roles.APPROVER, "รองปลัดเทศบาล"),
            ("head", roles.DIVISION_HEAD, "ผู้อำนวยการกองคลัง"),
            ("staff", roles.EMPLOYEE, "นักวิชาการเงินและบัญชี"),
        ],
        ids=["hr", "editor", "approver", "head", "staff"],
    )
    def test_demo_logins_have_their_role_and_register_entry(
        self, demo_organisation, client, username, role, position
    ):
        user = get_user_model().objects.get(username=username)
        assert list(user.groups.values_list("organisation_role__role", flat=True)) == [role]
        assert user.groups.get().organisation_role.organisation == demo_organisation
        assert not user.is_superuser
        assert user.person.organisation == demo_organisation
        assert user.person.position.startswith(position)
        assert client.login(username=username, password=demo.DEMO_PASSWORD)

    def test_hr_sits_in_the_clerks_office_and_head_heads_the_finance_division(
        self, demo_organisation
    ):
        User = get_user_model()
        assert User.objects.get(username="hr").person.division.name == "สำนักปลัดเทศบาล"
        head = User.objects.get(username="head").person
        assert demo_organisation.divisions.get(name="กองคลัง").head == head
        staff = User.objects.get(username="staff").person
        assert staff.personnel_group == PersonnelGroup.PERMANENT
        assert staff.division == head.division

    def test_admin_is_a_superuser_with_the_demo_password(self, demo_organisation, client):
        admin = get_user_model().objects.get(username="admin")
        assert admin.is_superuser and admin.is_staff
        assert client.login(username="admin", password=demo.DEMO_PASSWORD)

    def test_command_prints_a_bilingual_summary_and_the_logins(self, demo_output):
        output = demo_output
        assert "ข้อมูลตัวอย่าง / Demo data: เทศบาลตำบลพระแท่น" in output
        assert "ฝ่ายการเมือง / political" in output
        assert demo.DEMO_PASSWORD in output
        for login in demo.LOGINS:
            assert f"  {login.username} " in output

    def test_home_page_shows_the_municipality_and_its_complaint_channels(
        self, demo_organisation, client
    ):
        response = client.get("/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>เทศบาลตำบลพระแท่น</h1>" in html
        assert "มาตรการที่ ๖" in html
        footer = html[html.index("<footer") :]
        footer_text = re.sub(r"<[^>]*>", "", footer)
        for channel in demo_organisation.complaint_channel_list:
            # In the demo's Thai digits, web addresses as written; the phone is a tel: link.
            assert thai_numerals(channel) in footer_text
        assert '<a href="tel:034561234">๐ ๓๔๕๖ ๑๒๓๔</a>' in footer

    def test_health_reports_the_database_ok(self, demo_organisation, client):
        response = client.get("/health/")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "ok"
        assert body["database"]["ok"] is True


@pytest.mark.usefixtures("demo_output")
class TestTheDemoHistory:
    """The acknowledgments the demo writes across fiscal years, and the people who change."""

    def test_acknowledgments_in_fiscal_years_2568_to_2570_by_several_channels(
        self, demo_organisation
    ):
        acknowledgments = Acknowledgment.objects.filter(organisation=demo_organisation)
        by_year = Counter(
            fiscal_year(at) for at in acknowledgments.values_list("acknowledged_at", flat=True)
        )
        assert {2568, 2569, 2570} <= set(by_year)
        channels = Counter(acknowledgments.values_list("channel", flat=True))
        assert channels[AcknowledgmentChannel.ONLINE] > channels[AcknowledgmentChannel.PAPER] > 0
        assert channels[AcknowledgmentChannel.SIGNED_LINK] > 0
        paper = acknowledgments.filter(channel=AcknowledgmentChannel.PAPER)
        assert not paper.filter(recorded_by__isnull=True).exists()
        assert not paper.filter(person__email__gt="").exists()
        assert not acknowledgments.filter(acknowledged_at__gt=timezone.now()).exists()

    def test_most_on_time_some_late_some_outstanding_and_this_year_better_than_last(
        self, demo_organisation
    ):
        figures = history_figures(organisation=demo_organisation)
        assert {2568, 2569, 2570} <= set(figures)
        for year in (2568, 2569, 2570):
            assert figures[year].on_time > figures[year].late > 0
            assert figures[year].outstanding > 0
        assert figures[2570].rate > figures[2569].rate + 5
        assert 60 < figures[2568].rate < 95

    def test_each_requirement_is_dated_to_its_publication_or_the_day_its_person_arrived(
        self, demo_organisation
    ):
        requirements = Requirement.objects.filter(organisation=demo_organisation).select_related(
            "version", "person"
        )
        assert requirements.exists()
        for requirement in requirements:
            assigned = timezone.localdate(requirement.assigned_at)
            assert assigned < timezone.localdate()
            published = timezone.localdate(requirement.version.created_at)
            assert assigned == max(published, requirement.person.active_from) or (
                requirement.person.employee_number in demo.MOVED
            )
            assert requirement.due_date > assigned
            if requirement.fulfilled_at:
                assert requirement.fulfilled_at > requirement.assigned_at
        years = {fiscal_year(v.created_at) for v in DocumentVersion.objects.all()}
        assert {2568, 2569, 2570} <= years
        replaced = DocumentVersion.objects.filter(superseded_at__isnull=False).get()
        current = DocumentVersion.objects.get(page=replaced.page, number=replaced.number + 1)
        assert replaced.superseded_at == current.created_at
        assert fiscal_year(current.created_at) == 2570

    def test_the_chain_of_acknowledgments_verifies(self, demo_organisation):
        report = acknowledgment_chain_verify(organisation=demo_organisation)
        assert report.intact, report.problem
        assert report.checked == Acknowledgment.objects.count()
        times = list(
            Acknowledgment.objects.order_by("sequence").values_list("acknowledged_at", flat=True)
        )
        assert times == sorted(times)

    def test_the_leaver_left_in_2570_before_a_due_date_and_is_not_counted_for_it(
        self, demo_organisation
    ):
        leaver = demo_organisation.people.get(employee_number="C-03")
        assert fiscal_year(leaver.active_until) == 2570
        assert leaver.active_until < timezone.localdate()
        dropped = leaver.requirements.filter(
            fulfilled_at__isnull=True, due_date__gt=leaver.active_until
        )
        assert dropped.exists()
        assert history_figures(organisation=demo_organisation)[2570].left >= 1
        assert leaver.acknowledgments.exists()  # earlier years, which still count

    def test_the_joiner_has_requirements_from_their_first_day(self, demo_organisation):
        joiner = demo_organisation.people.get(employee_number="C-15")
        assert fiscal_year(joiner.active_from) == 2570
        requirements = list(joiner.requirements.all())
        assert requirements
        for requirement in requirements:
            assert timezone.localdate(requirement.assigned_at) == joiner.active_from
            assert (requirement.due_date - joiner.active_from).days == 30
        # Last year's circulars whose occasion was over are not new to-dos for them.
        over = set(
            DocumentVersion.objects.filter(
                organisation=demo_organisation, occasion_ends_on__lt=joiner.active_from
            ).values_list("page__slug", flat=True)
        )
        assert {"circular-2568-002", "circular-2569-002"} <= over
        assert not {r.version.page.slug for r in requirements} & over

    def test_the_mover_kept_last_years_requirements_and_got_the_new_divisions(
        self, demo_organisation
    ):
        mover = demo_organisation.people.get(employee_number="M-21")
        old_division, moved_on = demo.MOVED["M-21"]
        assert mover.division.name == "กองคลัง" != old_division.name
        moved_on = datetime.date.fromisoformat(moved_on)
        assert fiscal_year(moved_on) == 2570
        before = mover.requirements.filter(assigned_at__date__lt=moved_on)
        assert before.exists()
        finance_circular = mover.requirements.get(version__page__slug="circular-2569-003")
        assert timezone.localdate(finance_circular.assigned_at) == moved_on

    def test_the_staff_login_keeps_its_to_do_list(self, demo_organisation):
        staff = get_user_model().objects.get(username="staff").person
        assert not staff.acknowledgments.exists()
        assert staff.requirements.outstanding().exists()

    def test_command_prints_the_history_per_fiscal_year(self, demo_output):
        assert "ประวัติการรับทราบ / Acknowledgment history: " in demo_output
        for year in (2568, 2569, 2570):
            assert f"ปีงบประมาณ พ.ศ. {year} / FY {year}: " in demo_output

    def test_each_division_head_briefed_their_staff_in_2569_and_2570(
        self, demo_organisation, demo_output
    ):
        figures = briefing_figures(demo_organisation.pk, FiscalYear(2570))
        assert {row.label for row in figures.by_division} == DIVISION_NAMES
        for row in figures.by_division:
            for tally in (row.current, row.previous):
                assert tally.held == 1, row.label
                assert 0 < tally.briefed_by_head <= tally.staff, row.label
                assert tally.hours == 2.5 * tally.briefed_by_head, row.label
        assert figures.total.current.briefed_share > figures.total.previous.briefed_share
        assert "การประชุมชี้แจง / Briefings: 10 " in demo_output


@pytest.mark.usefixtures("demo_output")
class TestTheDemosPublicFigures:
    """From the first `make run`, measure 6 has a public page, ITA rows and last year's report."""

    def test_the_transparency_page_is_public_and_names_nobody(self, demo_organisation, client):
        response = client.get("/transparency/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "ฝ่ายข้าราชการประจำ" in html
        names = demo_organisation.people.values_list("first_name", "last_name", "employee_number")
        for first_name, last_name, number in names:
            assert f"{first_name} {last_name}" not in html
            assert number not in html

    def test_the_ita_evidence_of_this_year_and_last_links_to_the_products_pages(
        self, demo_organisation
    ):
        current = FiscalYear.of(timezone.localdate()).be_year
        years = set(
            ItaEvidenceItem.objects.filter(organisation=demo_organisation).values_list(
                "fiscal_year", flat=True
            )
        )
        assert years == {current - 1, current}

    def test_last_years_measures_report_is_typed_in_with_measure_six_live(self, demo_organisation):
        report = MeasuresReport.objects.get(organisation=demo_organisation)
        assert report.fiscal_year == FiscalYear.of(timezone.localdate()).be_year - 1
        assert "E-Service" in report.m2_measure
        assert "ประมวลจริยธรรม" in report.m6_steps


@pytest.mark.usefixtures("demo_output")
class TestTwoTenants:
    """The demo shows two organisations, each on its own host name with its own logins."""

    def test_two_organisations_on_two_host_names(self, demo_organisation):
        second = Organisation.objects.get(slug=demo.SECOND_ORGANISATION["slug"])
        assert Organisation.objects.count() == 2
        hosts = {(o.site.hostname, o.site.port) for o in Organisation.objects.all()}
        assert hosts == {("127.0.0.1", 8000), ("nong-bua.localhost", 8000)}
        assert 10 <= second.people.count() <= 15
        assert second.site.root_page_id != demo_organisation.site.root_page_id

    def test_each_host_serves_its_own_organisations_home_page(self, demo_organisation, client):
        first = client.get("/", HTTP_HOST="127.0.0.1:8000")
        second = client.get("/", HTTP_HOST="nong-bua.localhost:8000")
        assert first.status_code == second.status_code == 200
        assert "เทศบาลตำบลพระแท่น" in first.content.decode()
        assert "องค์การบริหารส่วนตำบลหนองบัว" in second.content.decode()
        assert "องค์การบริหารส่วนตำบลหนองบัว" not in first.content.decode()

    @pytest.mark.parametrize("username", ["hr2", "editor2", "approver2"])
    def test_the_second_organisations_logins_work_there_only(
        self, demo_organisation, client, username
    ):
        second = Organisation.objects.get(slug=demo.SECOND_ORGANISATION["slug"])
        user = get_user_model().objects.get(username=username)
        assert user.person.organisation == second
        assert {g.organisation_role.organisation for g in user.groups.all()} == {second}
        assert client.login(username=username, password=demo.DEMO_PASSWORD)
        # The first organisation's home page is out of reach; its own is not (editors and
        # approvers), and HR reaches its register.
        first_home = demo_organisation.site.root_page_id
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[first_home]))
        assert edit.status_code == 302
        if username != "hr2":
            own = client.get(reverse("wagtailadmin_pages:edit", args=[second.site.root_page_id]))
            assert own.status_code == 200

    def test_the_login_table_lists_both_organisations_logins(self, demo_output):
        assert "nong-bua.localhost:8000" in demo_output
        for login in demo.LOGINS + demo.SECOND_LOGINS:
            assert f"  {login.username} " in demo_output


@pytest.mark.usefixtures("demo_output")
class TestRunningItAgain:
    """A second run over the first (the class's), with or without changes in between."""

    def test_running_the_demo_twice_changes_nothing(self):
        before = snapshot()  # after the first run, the class's

        output = run_load_demo()

        assert snapshot() == before
        assert "created: 0 " in output and "updated: 0 " in output
        assert "written now: 0;" in output

    def test_running_again_keeps_a_password_the_user_changed(self, demo_organisation, client):
        staff = get_user_model().objects.get(username="staff")
        staff.set_password("my-own-secret-2568")
        staff.save()

        run_load_demo()

        assert client.login(username="staff", password="my-own-secret-2568")
        assert not client.login(username="staff", password=demo.DEMO_PASSWORD)

    def test_running_again_restores_demo_rows_someone_changed(self, demo_organisation):
        person = demo_organisation.people.get(employee_number="M-10")
        original_position = person.position
        person.position = "ตำแหน่งที่แก้ไข"
        person.save()

        output = run_load_demo()

        person.refresh_from_db()
        assert person.position == original_position
        assert "updated: 1 " in output


def test_a_welcome_page_someone_edited_is_kept():
    welcome = Page.objects.get(title=demo.WAGTAIL_WELCOME_TITLE)
    welcome.title = "หน้าเดิมของเรา"
    welcome.save_revision().publish()

    run_load_demo()

    assert Page.objects.filter(pk=welcome.pk, title="หน้าเดิมของเรา").exists()
    assert Site.objects.get(is_default_site=True).root_page.specific_class is HomePage
