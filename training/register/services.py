"""Writes to the personnel register: keyword-only, each inside a transaction."""

import re
import smtplib
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from home.bilingual import bilingual
from home.mail import mail_message
from training.register import roles
from training.register.files import (
    AUDIENCE_FIELDS,
    ImportResult,
    RegisterFileError,
    plan_import,
    read_register,
)
from training.register.models import (
    PERSON_INVITE_ACTION,
    REGISTER_IMPORT_ACTION,
    Division,
    Organisation,
    Person,
)
from training.register.selectors import (
    invitation_address,
    organisation_base_url,
    people_for_user,
    people_invited,
)
from training.register.signals import people_changed_on_commit

REGISTER_IMPORT_BATCH_SIZE = 500
# What a mail server or the network raises when an invitation cannot be sent now.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


def register_import(
    *,
    organisation: Organisation,
    data: bytes,
    filename: str,
    dry_run: bool,
    acting_user: AbstractBaseUser | None = None,
) -> ImportResult:
    """Import a register file (.xlsx or .csv) into an organisation, matching on employee number.

    The result says which rows are new, updated (with the changed fields) or unchanged, and
    lists every error by row and column. Nothing is written when any row has an error, nor on a
    dry run. People who are not in the file are left as they are.

    An import rewrites the denominators of every figure, so a real one is written to the
    organisation's history (by `acting_user`, None for the command line) in the same transaction.
    """
    try:
        sheet = read_register(data, filename)
    except RegisterFileError as error:
        return ImportResult(file_errors=[error.error])
    if dry_run:
        return plan_import(sheet, organisation=organisation, **_register_of(organisation))

    with transaction.atomic():
        # Serialise imports into one organisation, so that two at once cannot both create the
        # same employee number; the register is read again under the lock.
        Organisation.objects.select_for_update().only("pk").get(pk=organisation.pk)
        result = plan_import(sheet, organisation=organisation, **_register_of(organisation))
        if not result.is_valid:
            return result
        Person.objects.bulk_create(result.to_create, batch_size=REGISTER_IMPORT_BATCH_SIZE)
        if result.to_update:
            Person.objects.bulk_update(
                result.to_update,
                fields=sorted(result.update_fields),
                batch_size=REGISTER_IMPORT_BATCH_SIZE,
            )
        result.written = True
        log(
            instance=organisation,
            action=REGISTER_IMPORT_ACTION,
            user=acting_user,
            data={
                "file": filename,
                "new": result.new_count,
                "updated": result.updated_count,
                "unchanged": result.unchanged_count,
                "left": result.left_count,
            },
        )
        # Bulk writes send no model signals, so joiners and movers are announced here.
        people_changed_on_commit(
            person_ids=[person.pk for person in [*result.to_create, *result.audience_changed]]
        )
    return result


def _register_of(organisation: Organisation) -> dict:
    """The organisation's people by employee number and its divisions: two queries in all."""
    return {
        "people": {
            person.employee_number: person
            for person in Person.objects.filter(organisation=organisation)
        },
        "divisions": list(Division.objects.filter(organisation=organisation)),
    }


def person_audience_fields(person: Person) -> dict:
    """The values that decide which documents' audiences a person is in."""
    return {
        name: getattr(person, Person._meta.get_field(name).attname)
        for name in sorted(AUDIENCE_FIELDS)
    }


def person_requirements_follow(*, person: Person, before: dict | None) -> bool:
    """After a person is saved by hand: a joiner (`before` is None), or someone whose group,
    staff type, division or dates changed from `before`, gets the current versions that now
    apply to them once the save commits.

    Returns whether the change was announced (`signals.people_changed`, once the save commits).
    Nothing is announced for a change of name or email.
    """
    if before is not None and before == person_audience_fields(person):
        return False
    people_changed_on_commit(person_ids=[person.pk])
    return True


# --- Invitations: a login for a person in the register ------------------------------------------


def person_invite_refusal(*, person: Person) -> str | None:
    """Why a login cannot be created or re-sent for this person now, or None if it can."""
    user = person.user
    if user is not None and not user.is_active:
        return bilingual(_("บัญชีผู้ใช้ของบุคลากรนี้ถูกปิดใช้งาน จึงส่งคำเชิญไม่ได้"))
    today = timezone.localdate()
    if not person.is_active_on(today):
        if person.active_from > today:
            return bilingual(_("บุคลากรนี้ยังไม่เริ่มปฏิบัติงาน จึงยังส่งคำเชิญไม่ได้"))
        return bilingual(_("บุคลากรนี้พ้นจากตำแหน่งแล้ว จึงส่งคำเชิญไม่ได้"))
    if not invitation_address(person):
        return bilingual(_("บุคลากรนี้ยังไม่มีอีเมล โปรดเพิ่มอีเมลในทะเบียนก่อนส่งคำเชิญ"))
    return None


def person_invite(*, person: Person, invited_by, base_url: str = "") -> AbstractBaseUser:
    """Create a login for a person (or re-send theirs) and email them a link to set a password.

    A new login gets the person's employee number as username (made safe and unique), no usable
    password, the Employee role, and the Division head role if the person heads a division. A
    person who already has a login gets a fresh link instead of a second login; while they have
    never set a password, the new link replaces the old one. The email leaves only once the
    transaction has committed, and the invitation is written to the person's history once it has
    left: the history says who was sent a link, not who was meant to be. The links are on the
    organisation's own site (`selectors.organisation_base_url`); `base_url` (the site as the
    inviter sees it) is used only when that gives none.

    Raises PermissionDenied if `invited_by` may not change this person's register entry, and
    ValidationError (changing nothing) if the person cannot be invited, e.g. has no email.
    """
    if invited_by is not None and not (
        invited_by.has_perm("training.change_person")
        and people_for_user(invited_by).filter(pk=person.pk).exists()
    ):
        raise PermissionDenied(bilingual(_("คุณไม่มีสิทธิ์ส่งคำเชิญให้บุคลากรนี้")))
    with transaction.atomic():
        # Two HR officers inviting the same person at once must not create two logins.
        person = Person.objects.select_for_update().get(pk=person.pk)
        refusal = person_invite_refusal(person=person)
        if refusal:
            raise ValidationError(refusal, code="cannot_invite")

        user = person.user
        created = user is None
        if created:
            user = get_user_model()(
                username=_unique_username(person),
                email=person.mail_address,
                first_name=person.first_name[:150],
                last_name=person.last_name[:150],
            )
            user.set_unusable_password()
            user.save()
            person.user = user
            person.save(update_fields=["user"])
        elif not user.has_usable_password():
            # Never activated: follow a corrected address, and let the new link void the old one
            # (the token signs the password field, which set_unusable_password renews).
            user.email = person.mail_address
            user.set_unusable_password()
            user.save(update_fields=["email", "password"])

        role_names = [roles.EMPLOYEE]
        if Division.objects.filter(head=person).exists():
            role_names.append(roles.DIVISION_HEAD)
        roles.roles_grant(user, person.organisation, *role_names)

        recipient = invitation_address(person)
        message = _invitation_email(
            person=person, user=user, recipient=recipient, base_url=base_url
        )
        entry = {"username": user.get_username(), "email": recipient, "new_login": created}

        def send_and_log():
            message.send()
            # Its own uuid: Wagtail's history shows one entry per uuid and action, and the
            # invitations of one bulk request would otherwise share the request's.
            log(person, PERSON_INVITE_ACTION, user=invited_by, data=entry, uuid=uuid.uuid4())

        transaction.on_commit(send_and_log)
    return user


@dataclass
class BulkInvitation:
    """What inviting several people did: who got a link, who was refused and why."""

    invited: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def people_invite(*, person_ids: list[int], invited_by, base_url: str = "") -> BulkInvitation:
    """Invite each of these people in turn, each in its own transaction; safe to run again.

    Someone who has a login and an invitation in their history is skipped, so running this again
    after a mail server failure sends only the invitations that did not leave. A mail error stops
    the run (the caller retries it); a person who cannot be invited is refused, the rest go on.
    """
    outcome = BulkInvitation()
    already_invited = people_invited(person_ids)
    people = (
        Person.objects.filter(pk__in=person_ids)
        .exclude(pk__in=already_invited)
        .select_related("organisation", "user")
        .order_by("pk")
    )
    for person in people:
        try:
            person_invite(person=person, invited_by=invited_by, base_url=base_url)
        except (ValidationError, PermissionDenied) as refusal:
            outcome.refused[person.pk] = " ".join(_refusal_messages(refusal))
        else:
            outcome.invited.append(person.pk)
    return outcome


def _refusal_messages(refusal: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(refusal, ValidationError):
        return refusal.messages
    return [str(refusal)]


def _unique_username(person: Person) -> str:
    """The employee number (or the email's local part), made valid and not yet taken."""
    User = get_user_model()
    max_length = User._meta.get_field(User.USERNAME_FIELD).max_length

    def safe(text: str) -> str:
        return re.sub(r"[^\w.@+-]+", "-", text.strip()).strip("-.")[: max_length - 20]

    base = safe(person.employee_number) or safe(person.email.split("@")[0]) or "user"
    candidates = [base, f"{base}-{person.organisation.slug}"[: max_length - 5]]
    candidates += [f"{candidates[1]}-{n}" for n in range(2, 100)]
    field = User.USERNAME_FIELD
    taken = set(
        User._default_manager.filter(**{f"{field}__in": candidates}).values_list(field, flat=True)
    )
    for candidate in candidates:
        if candidate not in taken:
            return candidate
    return f"{candidates[1]}-{person.pk}"


def _invitation_email(*, person: Person, user, recipient: str, base_url: str):
    """The invitation, in Thai with English beside it, carrying a one-time set-password link."""
    base_url = organisation_base_url(person.organisation_id) or base_url.rstrip("/")
    link = reverse(
        "set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "person": person,
        "organisation": person.organisation,
        "username": user.get_username(),
        "set_password_url": f"{base_url}{link}",
        "login_url": f"{base_url}{reverse('login')}",
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600)),
    }
    return mail_message(
        to=recipient,
        subject_template="training/email/invitation_subject.txt",
        text_template="training/email/invitation_body.txt",
        context=context,
        reply_to=person.organisation.email,
    )
