"""HR creates a login for a person in the register and emails them a link to set a password."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from config.celery_app import app as celery_app
from tests.factories import DivisionFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.training.register_helpers import user_with_role
from training.register import roles
from training.register.models import Person, RegisterLogEntry
from training.register.services import (
    PERSON_INVITE_ACTION,
    person_invite,
    person_invite_refusal,
)
from training.register.tasks import invite_people

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Kanchanaburi-2568-ethics"
THAI = re.compile("[\u0e00-\u0e7f]")


@pytest.fixture
def hr(organisation):
    return user_with_role(roles.HR_OFFICER, organisation, employee_number="HR-1")


@pytest.fixture
def other_organisation():
    return OrganisationFactory(name_th="เทศบาลตำบลอื่น")


@pytest.fixture
def person(organisation, division):
    return PersonFactory(
        organisation=organisation,
        division=division,
        employee_number="0042",
        title="นาง",
        first_name="สมศรี",
        last_name="ตั้งใจ",
        email="somsri@example.go.th",
    )


@pytest.fixture
def invite(hr, committed):
    """Invite as HR would, sending the email as the transaction commits."""

    def invite(person, invited_by=hr):
        with committed():
            return person_invite(person=person, invited_by=invited_by)

    return invite


def set_password_path(message) -> str:
    found = re.search(r"(https?://[^/\s]+)(/accounts/set-password/\S+/)", message.body)
    assert re.fullmatch(r"http://org\d+\.example\.org", found.group(1))  # the person's own site
    return found.group(2)


def test_invitation_creates_an_employee_login_and_emails_the_person(person, invite):
    user = invite(person)

    person.refresh_from_db()
    assert person.user == user
    assert user.username == "0042"
    assert user.email == "somsri@example.go.th"
    assert not user.has_usable_password()
    # The Employee role of the person's own organisation (issue 12), nowhere else.
    assert set(user.groups.values_list("organisation_role__role", flat=True)) == {roles.EMPLOYEE}
    assert {g.organisation_role.organisation_id for g in user.groups.all()} == {
        person.organisation_id
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["somsri@example.go.th"]
    assert "เชิญเข้าใช้ระบบติดตามจริยธรรม" in message.subject
    assert "Invitation" in message.subject
    assert "เรียน นางสมศรี ตั้งใจ" in message.body
    assert "ชื่อผู้ใช้: 0042" in message.body
    assert "Username: 0042" in message.body
    assert f"http://{person.organisation.site.hostname}/accounts/login/" in message.body


def test_following_the_link_sets_a_password_that_logs_in(client, person, invite):
    invite(person)
    link = set_password_path(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("set_password_done")
    assert "ตั้งรหัสผ่านเรียบร้อย" in done.content.decode()

    client.logout()
    response = client.post(reverse("login"), {"username": "0042", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user.username == "0042"


def test_a_used_link_is_no_longer_valid(client, person, invite):
    invite(person)
    link = set_password_path(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.logout()

    again = client.get(link, follow=True)

    assert not again.context["validlink"]
    assert "ลิงก์ตั้งรหัสผ่านนี้ใช้ไม่ได้แล้ว" in again.content.decode()


def test_a_tampered_link_is_not_valid(client, person, invite):
    invite(person)
    link = set_password_path(mail.outbox[0])
    tampered = re.sub(r"/([^/]+)/$", lambda match: "/" + match.group(1)[::-1] + "/", link)

    response = client.get(tampered, follow=True)

    assert not response.context["validlink"]
    assert "ลิงก์ตั้งรหัสผ่านนี้ใช้ไม่ได้แล้ว" in response.content.decode()
    user = Person.objects.get(pk=person.pk).user
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_division_head_also_gets_the_division_head_role(organisation, person, invite):
    DivisionFactory(organisation=organisation, head=person)

    user = invite(person)

    assert set(user.groups.values_list("organisation_role__role", flat=True)) == {
        roles.EMPLOYEE,
        roles.DIVISION_HEAD,
    }
    assert {g.organisation_role.organisation for g in user.groups.all()} == {organisation}


def test_usernames_stay_unique_across_organisations(organisation, person, invite):
    other = OrganisationFactory(slug="tha-maka")
    namesake = PersonFactory(organisation=other, employee_number="0042", email="b@example.go.th")
    UserFactory(username="0042-tha-maka")

    first = invite(person)
    second = person_invite(person=namesake, invited_by=None)

    assert first.username == "0042"
    assert second.username == "0042-tha-maka-2"


def test_an_unsafe_employee_number_becomes_a_valid_username(organisation, invite):
    person = PersonFactory(
        organisation=organisation, employee_number="12/2560 ก", email="x@example.go.th"
    )

    user = invite(person)

    assert user.username == "12-2560-ก"
    user.full_clean()


def test_inviting_again_resends_a_new_link_instead_of_a_second_login(person, invite, client):
    first_user = invite(person)
    first_link = set_password_path(mail.outbox[0])

    second_user = invite(person)

    assert second_user == first_user
    assert User.objects.filter(person=person).count() == 1
    assert len(mail.outbox) == 2
    second_link = set_password_path(mail.outbox[1])
    assert second_link != first_link
    # The earlier link stops working once a newer one has been sent.
    assert not client.get(first_link, follow=True).context["validlink"]
    assert client.get(second_link, follow=True).context["validlink"]


def test_a_corrected_email_is_used_until_the_person_sets_a_password(person, invite):
    invite(person)
    Person.objects.filter(pk=person.pk).update(email="somsri.t@example.go.th")
    person.refresh_from_db()

    user = invite(person)

    assert mail.outbox[-1].to == ["somsri.t@example.go.th"]
    assert user.email == "somsri.t@example.go.th"


def test_after_activation_a_new_link_goes_only_to_the_logins_own_address(person, invite):
    user = invite(person)
    user.set_password(NEW_PASSWORD)
    user.save()
    # Someone edits the register to point the person at another mailbox.
    Person.objects.filter(pk=person.pk).update(email="attacker@example.org")
    person.refresh_from_db()

    invite(person)

    assert mail.outbox[-1].to == ["somsri@example.go.th"]
    user.refresh_from_db()
    assert user.email == "somsri@example.go.th"
    assert user.check_password(NEW_PASSWORD)


def test_a_person_without_email_gets_a_thai_and_english_error_and_nothing_changes(
    organisation, invite
):
    person = PersonFactory(organisation=organisation, email="")
    users_before = User.objects.count()

    with pytest.raises(ValidationError) as error:
        invite(person)

    message = " ".join(error.value.messages)
    assert "ยังไม่มีอีเมล" in message
    assert "no email address" in message
    assert User.objects.count() == users_before
    assert Person.objects.get(pk=person.pk).user is None
    assert mail.outbox == []
    assert not RegisterLogEntry.objects.filter(action=PERSON_INVITE_ACTION).exists()


def test_a_person_who_left_cannot_be_invited(organisation, invite):
    person = PersonFactory(
        organisation=organisation, email="gone@example.go.th", active_until="2021-01-01"
    )

    with pytest.raises(ValidationError, match="พ้นจากตำแหน่งแล้ว"):
        invite(person)
    assert mail.outbox == []


def test_hr_of_another_organisation_cannot_invite(person, invite, other_organisation):
    outsider = user_with_role(roles.HR_OFFICER, other_organisation)

    with pytest.raises(PermissionDenied):
        invite(person, invited_by=outsider)

    assert Person.objects.get(pk=person.pk).user is None
    assert mail.outbox == []


def test_an_editor_of_the_same_organisation_cannot_invite(organisation, person, invite):
    editor = user_with_role(roles.EDITOR, organisation)

    with pytest.raises(PermissionDenied):
        invite(person, invited_by=editor)


def test_the_invitation_is_in_the_persons_history(client, hr, person, invite):
    invite(person)

    entry = RegisterLogEntry.objects.get(action=PERSON_INVITE_ACTION)
    assert entry.user == hr
    assert entry.object_id == str(person.pk)
    assert entry.data["email"] == "somsri@example.go.th"
    client.force_login(hr)
    html = client.get(reverse("person:history", args=[person.pk])).content.decode()
    assert "สร้างบัญชี 0042 และส่งคำเชิญไปที่ somsri@example.go.th" in html


# --- The admin button -----------------------------------------------------------------------


def test_hr_invites_from_the_person_edit_page(client, hr, person, committed):
    client.force_login(hr)
    invite_url = reverse("person:invite", args=[person.pk])
    edit_page = client.get(reverse("person:edit", args=[person.pk])).content.decode()
    assert invite_url in edit_page
    assert "สร้างบัญชีและส่งคำเชิญ" in edit_page

    confirm = client.get(invite_url)
    assert confirm.status_code == 200
    assert "somsri@example.go.th" in confirm.content.decode()
    with committed():
        response = client.post(invite_url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("person:edit", args=[person.pk])
    assert "ส่งคำเชิญไปที่ somsri@example.go.th แล้ว" in response.content.decode()
    assert mail.outbox[0].to == ["somsri@example.go.th"]
    assert Person.objects.get(pk=person.pk).user.username == "0042"


def test_the_listing_offers_the_invitation_for_each_person(client, hr, person):
    client.force_login(hr)

    html = client.get(reverse("person:index")).content.decode()

    assert reverse("person:invite", args=[person.pk]) in html


def test_the_admin_explains_why_a_person_without_email_cannot_be_invited(client, hr, organisation):
    person = PersonFactory(organisation=organisation, email="")
    client.force_login(hr)
    invite_url = reverse("person:invite", args=[person.pk])

    assert "ยังไม่มีอีเมล" in client.get(invite_url).content.decode()
    response = client.post(invite_url, follow=True)

    assert "ยังไม่มีอีเมล" in response.content.decode()
    assert Person.objects.get(pk=person.pk).user is None
    assert mail.outbox == []


def test_hr_of_another_organisation_gets_404_on_the_invite_button(client, person):
    client.force_login(user_with_role(roles.HR_OFFICER, OrganisationFactory()))
    invite_url = reverse("person:invite", args=[person.pk])

    assert client.get(invite_url).status_code == 404
    assert client.post(invite_url).status_code == 404
    assert Person.objects.get(pk=person.pk).user is None


def test_hr_invites_several_people_at_once(client, hr, organisation, other_organisation, committed):
    chosen = PersonFactory.create_batch(3, organisation=organisation, email="p@example.go.th")
    not_chosen = PersonFactory(organisation=organisation, email="q@example.go.th")
    no_email = PersonFactory(organisation=organisation, email="", first_name="ไร้อีเมล")
    stranger = PersonFactory(organisation=other_organisation, email="s@example.go.th")
    client.force_login(hr)
    url = reverse("person:invite_many")
    assert url in client.get(reverse("person:index")).content.decode()

    page = client.get(url).content.decode()
    assert all(f'value="{person.pk}"' in page for person in [*chosen, not_chosen])
    assert f'value="{no_email.pk}"' not in page
    assert "ไร้อีเมล" in page
    assert f'value="{stranger.pk}"' not in page
    with committed():
        response = client.post(
            url, {"person": [person.pk for person in chosen] + [stranger.pk]}, follow=True
        )

    assert "ส่งคำเชิญเข้าคิวแล้ว 3 คน" in response.content.decode()
    assert len(mail.outbox) == 3
    assert Person.objects.filter(user__isnull=False).count() == 4  # the three and HR's own entry
    assert Person.objects.get(pk=stranger.pk).user is None
    invited = RegisterLogEntry.objects.filter(action=PERSON_INVITE_ACTION)
    assert sorted(int(entry.object_id) for entry in invited) == sorted(p.pk for p in chosen)
    assert {entry.user for entry in invited} == {hr}
    # Each person's own history shows their invitation, not only the last one sent.
    for person in chosen:
        history = client.get(reverse("person:history", args=[person.pk])).content.decode()
        assert "p@example.go.th" in history


def test_bulk_invitations_leave_the_request_and_are_sent_only_once_committed(
    client, hr, organisation, committed, django_capture_on_commit_callbacks
):
    chosen = PersonFactory.create_batch(2, organisation=organisation, email="p@example.go.th")
    client.force_login(hr)

    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("person:invite_many"), {"person": [person.pk for person in chosen]})

    assert mail.outbox == []
    assert not RegisterLogEntry.objects.filter(action=PERSON_INVITE_ACTION).exists()
    with committed():
        for callback in queued:
            callback()
    assert len(mail.outbox) == 2


def test_the_bulk_invitation_is_a_task_the_worker_finds_by_its_name():
    celery_app.loader.import_default_modules()
    assert "training.tasks.invite_people" in celery_app.tasks
    assert celery_app.tasks["training.tasks.invite_people"].acks_late


def test_running_the_bulk_invitation_again_sends_only_what_did_not_leave(
    hr, organisation, committed, django_capture_on_commit_callbacks
):
    sent = PersonFactory(organisation=organisation, email="sent@example.go.th")
    unsent = PersonFactory(organisation=organisation, email="unsent@example.go.th")
    with committed():
        invite_people.delay([sent.pk], hr.pk)
    # A login made, but its email never left (the mail server failed after the commit).
    with django_capture_on_commit_callbacks(execute=False):
        person_invite(person=unsent, invited_by=hr)
    assert Person.objects.get(pk=unsent.pk).user is not None
    mail.outbox.clear()

    with committed():
        invite_people.delay([sent.pk, unsent.pk], hr.pk)

    assert [message.to for message in mail.outbox] == [["unsent@example.go.th"]]
    assert RegisterLogEntry.objects.filter(action=PERSON_INVITE_ACTION).count() == 2


def test_a_person_who_has_not_started_yet_cannot_be_invited(organisation, invite):
    person = PersonFactory(
        organisation=organisation,
        email="soon@example.go.th",
        active_from=timezone.localdate() + datetime.timedelta(days=30),
    )

    with pytest.raises(ValidationError, match="ยังไม่เริ่มปฏิบัติงาน"):
        invite(person)
    assert Person.objects.get(pk=person.pk).user is None
    assert mail.outbox == []


def test_a_person_with_no_register_email_is_invited_at_their_logins_address(organisation, invite):
    login = UserFactory(email="login@example.go.th")
    login.set_unusable_password()
    login.save()
    person = PersonFactory(organisation=organisation, email="", user=login)

    invite(person)

    assert mail.outbox[-1].to == ["login@example.go.th"]


def test_in_the_english_interface_a_refusal_is_in_english_once(organisation):
    person = PersonFactory(organisation=organisation, email="")

    with translation.override("en"):
        refusal = person_invite_refusal(person=person)

    assert refusal and not THAI.search(refusal)
    assert "(" not in refusal
