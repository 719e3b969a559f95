"""The personnel register in the Wagtail admin: listing, search, filters, forms and their scope."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.training.register_helpers import people_changed_announcements, user_with_role
from training.register import roles
from training.register.models import Division, Person, PersonnelGroup, StaffType

pytestmark = pytest.mark.django_db

PEOPLE = reverse("person:index")
PEOPLE_RESULTS = reverse("person:index_results")


def listed_employee_numbers(response) -> set[str]:
    """Employee numbers in the listing table (the title column links to each person's edit page)."""
    return {
        person.employee_number
        for person in Person.objects.all()
        if reverse("person:edit", args=[person.pk]) in response.content.decode()
    }


@pytest.fixture
def other_organisation():
    return OrganisationFactory(name_th="เทศบาลตำบลอื่น")


@pytest.fixture
def hr(client, organisation):
    user = user_with_role(
        roles.HR_OFFICER, organisation, employee_number="HR-1", first_name="เจ้าหน้าที่"
    )
    client.force_login(user)
    return user


@pytest.fixture
def superuser(client):
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    return user


def admin_menu(response) -> str:
    """The sidebar menu, which the admin sends as JSON with its Thai escaped."""
    html = response.content.decode()
    start = html.index(">", html.index('id="wagtail-sidebar-props"')) + 1
    props = json.loads(html[start : html.index("</script>", start)])
    return json.dumps(props, ensure_ascii=False)


def test_hr_sees_the_register_menu_and_an_editor_does_not(client, organisation):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))
    assert "ทะเบียนบุคลากร" in admin_menu(client.get("/admin/"))

    client.force_login(user_with_role(roles.EDITOR, organisation))
    assert "ทะเบียนบุคลากร" not in admin_menu(client.get("/admin/"))


def test_the_import_and_export_entry_is_shown_only_to_those_who_may_import(client, organisation):
    client.force_login(user_with_role(roles.HR_OFFICER, organisation))
    assert "นำเข้า/ส่งออกทะเบียนบุคลากร" in admin_menu(client.get("/admin/"))
    viewer = user_with_role(None, organisation)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_person"])
    )
    client.force_login(viewer)

    menu = admin_menu(client.get("/admin/"))

    assert "บุคลากร" in menu
    assert "นำเข้า/ส่งออกทะเบียนบุคลากร" not in menu
    assert client.get(reverse("training_register:import")).status_code in (302, 403)


def test_hr_lists_only_the_people_of_their_own_organisation(
    client, hr, organisation, other_organisation
):
    own = PersonFactory(organisation=organisation, employee_number="A-1")
    stranger = PersonFactory(organisation=other_organisation, employee_number="B-1")

    response = client.get(PEOPLE)

    assert response.status_code == 200
    listed = listed_employee_numbers(response)
    assert own.employee_number in listed
    assert stranger.employee_number not in listed


def test_listing_shows_the_register_columns_in_thai(client, hr, organisation, division):
    PersonFactory(
        organisation=organisation,
        division=division,
        employee_number="A-7",
        first_name="สมหญิง",
        last_name="รักงาน",
        title="นาง",
        position="นักวิชาการเงินและบัญชี",
        active_until=datetime.date(2021, 1, 1),
    )

    html = client.get(PEOPLE, {"q": "A-7"}).content.decode()

    for text in [
        "เลขประจำตัว",
        "ชื่อ-นามสกุล",
        "ตำแหน่ง",
        "กลุ่มบุคลากร",
        "ส่วนราชการ",
        "สถานะ",
        "บัญชีผู้ใช้",
        "นางสมหญิง รักงาน",
        "นักวิชาการเงินและบัญชี",
        "ฝ่ายข้าราชการประจำ",
        division.name,
        "พ้นจากตำแหน่งแล้ว",
    ]:
        assert text in html
    # HR's own entry has a login; nobody else listed does.
    assert html.count("มีบัญชีแล้ว") == 0
    assert "มีบัญชีแล้ว" in client.get(PEOPLE, {"q": "HR-1"}).content.decode()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ชาย", {"A-1", "A-3"}),  # inside a Thai first name, written without spaces
        ("สมชาย มั่นคง", {"A-1"}),  # first name and surname together
        ("a-2", {"A-2"}),  # employee number, any case
        ("บัญชี", {"A-2"}),  # inside the position
        ("ไม่มีใครชื่อนี้", set()),
    ],
)
def test_search_matches_inside_thai_words(client, hr, organisation, query, found):
    PersonFactory(
        organisation=organisation, employee_number="A-1", first_name="สมชาย", last_name="มั่นคง"
    )
    PersonFactory(
        organisation=organisation, employee_number="A-3", first_name="สมชาย", last_name="ใจดี"
    )
    PersonFactory(
        organisation=organisation,
        employee_number="A-2",
        first_name="วิไล",
        position="เจ้าพนักงานการเงินและบัญชี",
    )

    response = client.get(PEOPLE_RESULTS, {"q": query})

    assert listed_employee_numbers(response) - {"HR-1"} == found


def test_search_never_reaches_another_organisation(client, hr, other_organisation):
    PersonFactory(organisation=other_organisation, first_name="สมปอง", employee_number="B-9")

    response = client.get(PEOPLE_RESULTS, {"q": "สมปอง"})

    assert listed_employee_numbers(response) == set()


def test_filters_by_group_staff_type_division_and_status(client, hr, organisation, division):
    today = datetime.date.today()
    PersonFactory(organisation=organisation, employee_number="M-1", staff_type=StaffType.MAYOR)
    PersonFactory(
        organisation=organisation,
        employee_number="D-1",
        division=division,
        staff_type=StaffType.MISSION_CONTRACT,
    )
    PersonFactory(
        organisation=organisation,
        employee_number="L-1",
        active_until=today - datetime.timedelta(days=1),
    )

    def listed(**params):
        return listed_employee_numbers(client.get(PEOPLE_RESULTS, params)) - {"HR-1"}

    assert listed(personnel_group=PersonnelGroup.POLITICAL) == {"M-1"}
    assert listed(staff_type=StaffType.MISSION_CONTRACT) == {"D-1"}
    assert listed(division=division.pk) == {"D-1"}
    assert listed(status="left") == {"L-1"}
    assert listed(status="active") == {"M-1", "D-1"}
    assert listed() == {"M-1", "D-1", "L-1"}


def test_division_filter_offers_only_the_users_own_divisions(
    client, hr, organisation, other_organisation
):
    DivisionFactory(organisation=organisation, name="กองคลัง")
    DivisionFactory(organisation=other_organisation, name="กองช่างของที่อื่น")

    html = client.get(PEOPLE).content.decode()

    assert "กองคลัง" in html
    assert "กองช่างของที่อื่น" not in html


def test_filtering_by_another_organisations_division_shows_nobody_of_it(
    client, hr, other_organisation
):
    their_division = DivisionFactory(organisation=other_organisation)
    PersonFactory(organisation=other_organisation, division=their_division, employee_number="B-1")

    response = client.get(PEOPLE_RESULTS, {"division": their_division.pk})

    assert "B-1" not in listed_employee_numbers(response)


def test_listing_runs_a_constant_number_of_queries_whatever_the_head_count(
    client, hr, organisation, django_assert_num_queries
):
    divisions = DivisionFactory.create_batch(3, organisation=organisation)

    def queries_for_listing() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(PEOPLE, {"status": "active"})
        assert response.status_code == 200
        return len(captured)

    PersonFactory.create_batch(3, organisation=organisation, division=divisions[0])
    few = queries_for_listing()
    for division in divisions:
        PersonFactory.create_batch(16, organisation=organisation, division=division)
    many = queries_for_listing()

    assert many == few, f"{few} queries for 4 people, {many} for 52"
    with django_assert_num_queries(few):
        client.get(PEOPLE, {"status": "active", "q": "สมชาย"})


def test_hr_cannot_open_another_organisations_person_by_url(client, hr, other_organisation):
    stranger = PersonFactory(organisation=other_organisation)

    for name in ["person:edit", "person:history", "person:usage", "person:invite"]:
        response = client.get(reverse(name, args=[stranger.pk]))
        assert response.status_code == 404, name
    response = client.post(
        reverse("person:edit", args=[stranger.pk]), {"first_name": "ถูกแก้"}, follow=False
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.first_name != "ถูกแก้"


def test_hr_cannot_delete_people_who_leave_instead(client, hr, organisation):
    person = PersonFactory(organisation=organisation)

    response = client.post(reverse("person:delete", args=[person.pk]))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert Person.objects.filter(pk=person.pk).exists()


def person_form_data(person: Person | None = None, **changes) -> dict:
    data = {
        "employee_number": "N-1",
        "title": "นาย",
        "first_name": "ใหม่",
        "last_name": "มาทำงาน",
        "position": "นักจัดการงานทั่วไป",
        "personnel_group": PersonnelGroup.PERMANENT,
        "staff_type": StaffType.MUNICIPAL_OFFICIAL,
        "division": "",
        "email": "",
        "phone": "",
        "active_from": "01/01/2568",
        "active_until": "",
    }
    if person is not None:
        data.update(
            employee_number=person.employee_number,
            organisation=person.organisation_id,
            first_name=person.first_name,
        )
    data.update(changes)
    return data


def test_hr_adds_and_edits_people_of_their_own_organisation(client, hr, organisation, division):
    response = client.post(
        reverse("person:add"),
        person_form_data(organisation=organisation.pk, division=division.pk),
    )
    assert response.status_code == 302
    person = Person.objects.get(employee_number="N-1")
    assert (person.organisation, person.division) == (organisation, division)

    response = client.post(
        reverse("person:edit", args=[person.pk]),
        person_form_data(person, division=division.pk, active_until="30/09/2568"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.active_until == datetime.date(2025, 9, 30)


def test_person_form_offers_and_accepts_only_the_users_organisation_and_divisions(
    client, hr, organisation, other_organisation
):
    own_division = DivisionFactory(organisation=organisation, name="กองของเรา")
    their_division = DivisionFactory(organisation=other_organisation, name="กองของเขา")

    html = client.get(reverse("person:add")).content.decode()
    assert "กองของเรา" in html
    assert "กองของเขา" not in html
    assert "เทศบาลตำบลอื่น" not in html

    response = client.post(
        reverse("person:add"),
        person_form_data(organisation=other_organisation.pk, division=own_division.pk),
    )
    assert set(response.context["form"].errors) == {"organisation"}
    response = client.post(
        reverse("person:add"),
        person_form_data(organisation=organisation.pk, division=their_division.pk),
    )
    assert set(response.context["form"].errors) == {"division"}
    assert not Person.objects.filter(employee_number="N-1").exists()


def test_hr_cannot_pick_a_login_for_a_person(client, hr, organisation):
    victim = UserFactory(is_superuser=True)
    person = PersonFactory(organisation=organisation)

    client.post(reverse("person:edit", args=[person.pk]), person_form_data(person, user=victim.pk))

    person.refresh_from_db()
    assert person.user is None


def test_division_head_must_be_of_the_users_organisation(
    client, hr, organisation, other_organisation
):
    division = DivisionFactory(organisation=organisation)
    stranger = PersonFactory(organisation=other_organisation)
    colleague = PersonFactory(organisation=organisation)
    url = reverse("division:edit", args=[division.pk])
    data = {"organisation": organisation.pk, "name": division.name, "name_en": ""}

    response = client.post(url, {**data, "head": stranger.pk})
    assert set(response.context["form"].errors) == {"head"}
    division.refresh_from_db()
    assert division.head is None

    response = client.post(url, {**data, "head": colleague.pk})
    assert response.status_code == 302
    division.refresh_from_db()
    assert division.head == colleague


def test_divisions_and_organisations_are_limited_to_the_users_own(
    client, hr, organisation, other_organisation
):
    own = DivisionFactory(organisation=organisation, name="กองของเรา")
    theirs = DivisionFactory(organisation=other_organisation, name="กองของเขา")

    html = client.get(reverse("division:index")).content.decode()
    assert "กองของเรา" in html
    assert "กองของเขา" not in html
    assert client.get(reverse("division:edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("division:edit", args=[own.pk])).status_code == 200

    html = client.get(reverse("organisation:index")).content.decode()
    assert organisation.name_th in html
    assert "เทศบาลตำบลอื่น" not in html
    assert client.get(reverse("organisation:edit", args=[other_organisation.pk])).status_code == 404


def test_hr_edits_their_organisation_but_not_its_site(client, hr, organisation):
    url = reverse("organisation:edit", args=[organisation.pk])
    assert 'name="site"' not in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "name_th": organisation.name_th,
            "name_en": "",
            "organisation_type": organisation.organisation_type,
            "province": organisation.province,
            "district": organisation.district,
            "address": "",
            "phone": "034-000000",
            "email": "",
            "complaint_channels": "",
            "site": OrganisationFactory().site_id,
        },
    )

    assert response.status_code == 302
    site_id = organisation.site_id
    organisation.refresh_from_db()
    assert organisation.phone == "034-000000"
    assert organisation.site_id == site_id


def test_person_chooser_lists_only_the_users_organisation(
    client, hr, organisation, other_organisation
):
    own = PersonFactory(organisation=organisation, first_name="เพื่อนร่วมงาน")
    stranger = PersonFactory(organisation=other_organisation, first_name="คนนอก")

    html = client.get(reverse("person_chooser:choose")).json()["html"]
    assert "เพื่อนร่วมงาน" in html
    assert "คนนอก" not in html
    html = client.get(reverse("person_chooser:choose_results"), {"q": "ร่วมงาน"}).content.decode()
    assert "เพื่อนร่วมงาน" in html
    html = client.get(reverse("person_chooser:choose_results"), {"q": "คนนอก"}).content.decode()
    assert reverse("person_chooser:chosen", args=[stranger.pk]) not in html
    assert client.get(reverse("person_chooser:chosen", args=[own.pk])).status_code == 200
    assert client.get(reverse("person_chooser:chosen", args=[stranger.pk])).status_code == 404


def test_staff_outside_the_register_roles_cannot_use_the_person_chooser(client, organisation):
    client.force_login(user_with_role(roles.EDITOR, organisation))

    response = client.get(reverse("person_chooser:choose"))

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")


def test_a_user_outside_the_register_sees_nobody(client, organisation):
    PersonFactory(organisation=organisation, employee_number="A-1")
    client.force_login(user_with_role(roles.HR_OFFICER))

    assert listed_employee_numbers(client.get(PEOPLE)) == set()


def test_superuser_sees_every_organisation_and_can_filter_by_one(
    client, superuser, organisation, other_organisation
):
    PersonFactory(organisation=organisation, employee_number="A-1")
    PersonFactory(organisation=other_organisation, employee_number="B-1")

    assert listed_employee_numbers(client.get(PEOPLE)) == {"A-1", "B-1"}
    response = client.get(PEOPLE_RESULTS, {"organisation": other_organisation.pk})
    assert listed_employee_numbers(response) == {"B-1"}


def test_a_superuser_chooses_the_organisation_before_its_divisions_are_listed(
    client, superuser, organisation, other_organisation
):
    """At national size the list would hold every division of the country (40,765)."""
    DivisionFactory(organisation=organisation, name="กองคลังของที่หนึ่ง")
    DivisionFactory(organisation=other_organisation, name="กองช่างของที่สอง")

    unchosen = client.get(PEOPLE).content.decode()
    chosen = client.get(PEOPLE, {"organisation": other_organisation.pk}).content.decode()

    assert "กองคลังของที่หนึ่ง" not in unchosen and "กองช่างของที่สอง" not in unchosen
    assert "เลือกหน่วยงานก่อน" in unchosen
    assert "กองช่างของที่สอง" in chosen and "กองคลังของที่หนึ่ง" not in chosen


def test_division_listing_counts_people_in_post(client, hr, organisation):
    division = DivisionFactory(organisation=organisation, name="กองสาธารณสุข")
    PersonFactory.create_batch(2, organisation=organisation, division=division)
    PersonFactory(
        organisation=organisation, division=division, active_until=datetime.date(2021, 1, 1)
    )
    PersonFactory(
        organisation=organisation,
        division=division,
        active_from=timezone.localdate() + datetime.timedelta(days=7),
    )

    html = client.get(reverse("division:index")).content.decode()

    row = html[html.index("กองสาธารณสุข") :]
    assert ">2<" in "".join(row[: row.index("</tr>")].split())
    assert Division.objects.count() == 1


def test_people_added_moved_or_leaving_in_the_admin_are_announced_once_saved(
    client, hr, organisation, division, committed, django_capture_on_commit_callbacks
):
    with people_changed_announcements() as announced:
        with django_capture_on_commit_callbacks() as on_commit:
            client.post(reverse("person:add"), person_form_data(organisation=organisation.pk))
            assert announced == []
        for callback in on_commit:
            callback()
        joiner = Person.objects.get(employee_number="N-1")
        assert announced == [[joiner.pk]]

        with committed():
            client.post(
                reverse("person:edit", args=[joiner.pk]),
                person_form_data(joiner, last_name="เปลี่ยนนามสกุล"),
            )
            client.post(
                reverse("person:edit", args=[joiner.pk]),
                person_form_data(joiner, last_name="เปลี่ยนนามสกุล", division=division.pk),
            )
            client.post(
                reverse("person:edit", args=[joiner.pk]),
                person_form_data(
                    joiner,
                    last_name="เปลี่ยนนามสกุล",
                    division=division.pk,
                    active_until="30/06/2568",
                ),
            )

    assert announced == [[joiner.pk]] * 3
