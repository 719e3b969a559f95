"""Joiners, movers and leavers: who must acknowledge the current versions as the register
changes."""

import datetime
import zoneinfo

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from config.celery_app import app as celery_app
from home.thai_dates import numeric_date
from tests.factories import DivisionFactory, PersonFactory
from tests.pages import add_circular, add_code, build_site
from tests.training.register_helpers import user_with_role
from training.acknowledgment.models import ChangeKind, DocumentVersion, Requirement
from training.acknowledgment.selectors import acknowledgments_of_person, outstanding_requirements
from training.acknowledgment.services import Evidence, acknowledgments_record
from training.acknowledgment.tasks import sweep_requirements
from training.figures.selectors import version_progress
from training.register import roles
from training.register.models import GROUP_OF_STAFF_TYPE, Person, PersonnelGroup, StaffType

pytestmark = pytest.mark.django_db

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")


@pytest.fixture
def site_with_documents(committed, settings):
    """A code for permanent officials and a circular for the finance division, both published."""
    settings.NEW_JOINER_ACKNOWLEDGMENT_DAYS = 20
    organisation, _home, ethics, circulars = build_site(hostname="phrathaen.example.org")
    finance = DivisionFactory(organisation=organisation, name="กองคลัง")
    works = DivisionFactory(organisation=organisation, name="กองช่าง")
    with committed():
        code = add_code(ethics, groups=["permanent"])
        circular = add_circular(circulars, publish=False)
        circular.audience_divisions.add(finance)
        circular.save_revision().publish()
    return {
        "organisation": organisation,
        "ethics": ethics,
        "finance": finance,
        "works": works,
        "code": code,
        "circular": circular,
    }


@pytest.fixture
def hr(client, site_with_documents):
    executive = StaffType.MUNICIPAL_CLERK
    user = user_with_role(
        roles.HR_OFFICER,
        site_with_documents["organisation"],
        employee_number="HR-1",
        staff_type=executive,
        personnel_group=GROUP_OF_STAFF_TYPE[executive],
    )
    client.force_login(user)
    return user


def person_form_data(person: Person | None = None, **changes) -> dict:
    data = {
        "employee_number": "N-1",
        "title": "นาง",
        "first_name": "มาลี",
        "last_name": "เข้ามาใหม่",
        "position": "นักวิชาการเงินและบัญชี",
        "personnel_group": PersonnelGroup.PERMANENT,
        "staff_type": StaffType.MUNICIPAL_OFFICIAL,
        "division": "",
        "email": "",
        "phone": "",
        "active_from": "01/01/2563",
        "active_until": "",
    }
    if person is not None:
        data.update(
            employee_number=person.employee_number,
            organisation=person.organisation_id,
            first_name=person.first_name,
            division=person.division_id or "",
            active_from=numeric_date(person.active_from),
        )
    data.update(changes)
    return data


def pages_required(person: Person) -> set[int]:
    return set(Requirement.objects.filter(person=person).values_list("version__page_id", flat=True))


# --- Joiners -----------------------------------------------------------------------------------


def test_a_person_added_in_the_admin_gets_the_current_versions_due_after_the_joiner_period(
    client, hr, site_with_documents, committed
):
    documents = site_with_documents
    with committed():
        response = client.post(
            reverse("person:add"),
            person_form_data(
                organisation=documents["organisation"].pk, division=documents["finance"].pk
            ),
        )
    assert response.status_code == 302

    joiner = Person.objects.get(employee_number="N-1")
    assert pages_required(joiner) == {documents["code"].pk, documents["circular"].pk}
    today = timezone.localdate()
    for requirement in Requirement.objects.filter(person=joiner):
        assert requirement.due_date == today + datetime.timedelta(days=20)
    assert outstanding_requirements().filter(person=joiner).count() == 2


def test_a_person_added_outside_every_audience_gets_nothing(
    client, hr, site_with_documents, committed
):
    with committed():
        client.post(
            reverse("person:add"),
            person_form_data(
                organisation=site_with_documents["organisation"].pk,
                personnel_group=PersonnelGroup.POLITICAL,
                staff_type=StaffType.COUNCIL_MEMBER,
            ),
        )
    assert pages_required(Person.objects.get(employee_number="N-1")) == set()


# --- Movers ------------------------------------------------------------------------------------


def test_moving_a_person_into_a_divisions_audience_gives_them_its_circular(
    client, hr, site_with_documents, committed
):
    documents = site_with_documents
    with committed():
        client.post(
            reverse("person:add"),
            person_form_data(
                organisation=documents["organisation"].pk, division=documents["works"].pk
            ),
        )
    mover = Person.objects.get(employee_number="N-1")
    assert pages_required(mover) == {documents["code"].pk}
    code_requirement = Requirement.objects.get(person=mover)

    with committed():
        response = client.post(
            reverse("person:edit", args=[mover.pk]),
            person_form_data(mover, division=documents["finance"].pk),
        )
    assert response.status_code == 302

    assert pages_required(mover) == {documents["code"].pk, documents["circular"].pk}
    circular_requirement = Requirement.objects.get(
        person=mover, version__page=documents["circular"]
    )
    assert circular_requirement.due_date == timezone.localdate() + datetime.timedelta(days=20)
    # The requirement they already had is left as it was.
    assert Requirement.objects.get(pk=code_requirement.pk).assigned_at == (
        code_requirement.assigned_at
    )


def test_editing_only_a_name_assigns_nothing(client, hr, site_with_documents, committed):
    documents = site_with_documents
    # Entered behind the admin's back, so nothing was assigned to them yet.
    person = PersonFactory(organisation=documents["organisation"], division=documents["finance"])
    assert pages_required(person) == set()

    with committed():
        client.post(reverse("person:edit", args=[person.pk]), person_form_data(person, title="นาย"))
    assert pages_required(person) == set()

    with committed():
        client.post(
            reverse("person:edit", args=[person.pk]),
            person_form_data(person, title="นาย", active_from="01/01/2564"),
        )
    assert pages_required(person) == {documents["code"].pk, documents["circular"].pk}


# --- The daily sweep ---------------------------------------------------------------------------


def test_the_sweep_runs_daily_and_is_a_registered_task():
    schedule = django_settings.CELERY_BEAT_SCHEDULE["requirements-sweep"]
    assert schedule["task"] == "training.tasks.sweep_requirements"
    assert "training.tasks.sweep_requirements" in celery_app.tasks


def test_the_sweep_picks_up_someone_whose_start_date_arrives(time_machine, committed, settings):
    settings.NEW_JOINER_ACKNOWLEDGMENT_DAYS = 20
    time_machine.move_to(datetime.datetime(2025, 3, 1, 9, 0, tzinfo=BANGKOK), tick=False)
    organisation, _home, ethics, _ = build_site()
    PersonFactory(organisation=organisation)
    with committed():
        code = add_code(ethics)
    starter = PersonFactory(organisation=organisation, active_from=datetime.date(2025, 3, 10))
    version = DocumentVersion.objects.get(page=code)
    assert version.audience_size == 1

    assert sweep_requirements.delay().get() == 0
    assert pages_required(starter) == set()

    time_machine.move_to(datetime.datetime(2025, 3, 10, 1, 30, tzinfo=BANGKOK), tick=False)
    assert sweep_requirements.delay().get() == 1
    requirement = Requirement.objects.get(person=starter)
    assert requirement.version == version
    assert requirement.due_date == datetime.date(2025, 3, 30)
    version.refresh_from_db()
    assert version.audience_size == 2

    assert sweep_requirements.delay().get() == 0
    assert Requirement.objects.filter(version=version).count() == 2


def test_the_sweep_fans_out_a_version_whose_fan_out_never_ran(settings):
    settings.NEW_JOINER_ACKNOWLEDGMENT_DAYS = 20
    organisation, _home, ethics, _ = build_site()
    PersonFactory.create_batch(3, organisation=organisation)
    code = add_code(ethics)  # its fan-out was queued on a commit that never came
    version = DocumentVersion.objects.get(page=code)
    assert (version.fanned_out_at, Requirement.objects.count()) == (None, 0)

    assert sweep_requirements() == 3
    version.refresh_from_db()
    assert version.fanned_out_at is not None and version.audience_size == 3
    # As on publication: the document's own period, not the joiners' one.
    today = timezone.localdate()
    assert {r.due_date for r in Requirement.objects.all()} == {
        today + datetime.timedelta(days=code.acknowledgment_days)
    }


def test_the_sweep_skips_superseded_versions_and_unpublished_pages(committed):
    organisation, _home, ethics, _ = build_site()
    with committed():
        code = add_code(ethics)
        draft = code.get_latest_revision_as_object()
        draft.change_kind = ChangeKind.NEW_VERSION
        draft.save_revision().publish()
    PersonFactory(organisation=organisation)

    assert sweep_requirements() == 1
    assert set(Requirement.objects.values_list("version__number", flat=True)) == {2}

    code.refresh_from_db()
    code.unpublish()
    PersonFactory(organisation=organisation)
    assert sweep_requirements() == 0


# --- Minor corrections -------------------------------------------------------------------------


def test_a_minor_correction_creates_no_new_requirement(committed):
    organisation, _home, ethics, _ = build_site()
    people = PersonFactory.create_batch(3, organisation=organisation)
    with committed():
        code = add_code(ethics)
    done = Requirement.objects.get(person=people[0])
    acknowledgments_record(requirements=[done], evidence=Evidence())
    before = set(Requirement.objects.values_list("pk", "version_id", "due_date", "fulfilled_at"))

    draft = code.get_latest_revision_as_object()
    draft.title = "ประมวลจริยธรรมของพนักงานเทศบาล (แก้ไขคำผิด)"
    draft.change_kind = ChangeKind.MINOR_CORRECTION
    with committed():
        draft.save_revision().publish()
    sweep_requirements()

    assert DocumentVersion.objects.filter(page=code).count() == 1
    after = set(Requirement.objects.values_list("pk", "version_id", "due_date", "fulfilled_at"))
    assert after == before
    assert outstanding_requirements().count() == 2


# --- Leavers -----------------------------------------------------------------------------------


def test_a_leaver_drops_out_of_what_is_outstanding_but_keeps_their_history(
    client, hr, site_with_documents, committed
):
    documents = site_with_documents
    stays, leaves_done, leaves_undone = PersonFactory.create_batch(
        3, organisation=documents["organisation"]
    )
    with committed():
        # Added behind the admin's back; the sweep gives them the code.
        sweep_requirements()
    code_version = DocumentVersion.objects.get(page=documents["code"])
    acknowledgments_record(
        requirements=[Requirement.objects.get(person=leaves_done, version=code_version)],
        evidence=Evidence(),
    )
    yesterday = numeric_date(timezone.localdate() - datetime.timedelta(days=1))
    for leaver in (leaves_done, leaves_undone):
        with committed():
            response = client.post(
                reverse("person:edit", args=[leaver.pk]),
                person_form_data(leaver, active_until=yesterday),
            )
        assert response.status_code == 302

    outstanding = outstanding_requirements().filter(version=code_version)
    assert set(outstanding.values_list("person_id", flat=True)) == {stays.pk}
    # Their requirements and evidence are kept, not deleted.
    assert Requirement.objects.filter(person__in=[leaves_done, leaves_undone]).count() == 2
    assert [a.version for a in acknowledgments_of_person(leaves_done)] == [code_version]
    # And they no longer count towards the version's progress.
    progress = version_progress(version_ids=[code_version.pk])[code_version.pk]
    assert (progress.assigned, progress.acknowledged) == (1, 0)
    code_version.refresh_from_db()
    assert code_version.audience_size == 1
