"""Admin views, forms and filters of the personnel register, limited to the user's organisation.

`wagtail_hooks.py` puts these together into viewsets. Every view narrows its queryset through the
model's `OrganisationScopedPermissionPolicy`, so another organisation's record is a 404, and every
form narrows its choices the same way.
"""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, ProtectedError, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, StatusFlagColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.admin.widgets.button import MenuItem as ButtonMenuItem
from wagtail.permissions import policy_registry

from home.bilingual import bilingual
from home.queueing import queue_task
from training.register.models import Division, Person, PersonnelGroup, StaffType, in_post
from training.register.selectors import invitation_address, organisations_for_user
from training.register.services import (
    MAIL_ERRORS,
    person_audience_fields,
    person_invite,
    person_invite_refusal,
    person_requirements_follow,
)
from training.register.tasks import invite_people

PERSON_SEARCH_FIELDS = ["employee_number", "title", "first_name", "last_name", "position"]


def search_people(queryset, query: str):
    """People matching every word of the query inside a name, employee number or position.

    Matching inside words (not whole words) is what lets a Thai name, written without spaces,
    be found by any part of it; "สมชาย ใจดี" finds the first name and the surname together.
    """
    for term in query.split():
        match = Q()
        for field in PERSON_SEARCH_FIELDS:
            match |= Q(**{f"{field}__icontains": term})
        queryset = queryset.filter(match)
    return queryset


def person_status(person: Person) -> str:
    today = timezone.localdate()
    if person.is_active_on(today):
        return _("ปฏิบัติงานอยู่")
    if person.active_from > today:
        return _("ยังไม่เริ่มปฏิบัติงาน")
    return _("พ้นจากตำแหน่งแล้ว")


def division_with_organisation(division: Division) -> str:
    return f"{division.name} ({division.organisation.name_th})"


# --- Forms: choices limited to the organisations the user works on ------------------------------


class OrganisationScopedForm(WagtailAdminModelForm):
    """A register form whose organisation and related choices stop at the user's organisations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        self.organisations = organisations_for_user(self.for_user)
        field = self.fields.get("organisation")
        if field is not None:
            field.queryset = self.organisations
            if not self.for_user.is_superuser:
                # Staff belong to one organisation: preselect it instead of offering a blank.
                field.empty_label = None

    def organisation_filter(self) -> dict:
        """Records of the instance's organisation, or of any the user works on for a new one."""
        if self.instance.organisation_id:
            return {"organisation_id": self.instance.organisation_id}
        return {"organisation__in": self.organisations.values("pk")}


class DivisionForm(OrganisationScopedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and "head" in self.fields:
            self.fields["head"].queryset = Person.objects.filter(**self.organisation_filter())


class LoginPanel(FieldPanel):
    """The person's login, read only: in words when there is none (Wagtail would print "None")."""

    def format_value_for_display(self, value):
        if value is None:
            return _("ยังไม่มีบัญชีผู้ใช้")
        return super().format_value_for_display(value)


class PersonForm(OrganisationScopedForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None or "division" not in self.fields:
            return
        field = self.fields["division"]
        field.queryset = Division.objects.filter(**self.organisation_filter()).select_related(
            "organisation"
        )
        if self.for_user.is_superuser and not self.instance.organisation_id:
            field.label_from_instance = division_with_organisation


# --- Views: querysets limited to the organisations the user works on ----------------------------


class OrganisationScopedMixin:
    """Narrows a view's queryset through the model's OrganisationScopedPermissionPolicy."""

    def scope(self, queryset):
        return policy_registry.get_by_type(self.model).scope(self.request.user, queryset)


class ScopedIndexView(OrganisationScopedMixin, generic.IndexView):
    def get_base_queryset(self):
        return self.scope(super().get_base_queryset())


class ScopedEditView(OrganisationScopedMixin, generic.EditView):
    def get_queryset(self):
        return self.scope(super().get_queryset())


class ScopedDeleteView(OrganisationScopedMixin, generic.DeleteView):
    def get_queryset(self):
        return self.scope(super().get_queryset())

    def form_valid(self, form):
        # Requirements and acknowledgments (evidence) protect the people, divisions and
        # organisations they refer to; the delete is rolled back and said so, not a server error.
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, bilingual(CANNOT_DELETE_REFERENCED))
            return redirect(self.get_success_url())


CANNOT_DELETE_REFERENCED = _(
    "ลบไม่ได้ เพราะมีข้อมูลอื่นอ้างถึงอยู่ เช่น บันทึกการรับทราบ หากบุคลากรพ้นจากตำแหน่ง ให้บันทึกวันที่พ้นจากตำแหน่งแทน"
)


class ScopedHistoryView(OrganisationScopedMixin, history.HistoryView):
    def get_base_object_queryset(self):
        return self.scope(super().get_base_object_queryset())


class ScopedUsageView(OrganisationScopedMixin, usage.UsageView):
    def get_base_object_queryset(self):
        return self.scope(super().get_base_object_queryset())


class DivisionIndexView(ScopedIndexView):
    def get_base_queryset(self):
        in_post_today = in_post(timezone.localdate(), prefix="people__")
        return (
            super()
            .get_base_queryset()
            .select_related("organisation", "head")
            .annotate(active_people=Count("people", filter=in_post_today))
        )


def organisation_filter() -> django_filters.ModelChoiceFilter:
    """Choose among the organisations the user works on (superusers: all of them)."""
    return django_filters.ModelChoiceFilter(
        label=_("หน่วยงาน"),
        queryset=lambda request: organisations_for_user(request.user),
        empty_label=_("ทั้งหมด"),
    )


def division_choices(request):
    """The divisions to filter by: of the organisation chosen in the filters, or of the user's
    only organisation. Someone who works on many (a superuser of a national installation: 40,000
    divisions) chooses the organisation first, so the page never lists every division."""
    organisations = organisations_for_user(request.user)
    divisions = Division.objects.filter(organisation__in=organisations.values("pk"))
    chosen = request.GET.get("organisation", "")
    if chosen.isdigit():
        divisions = divisions.filter(organisation_id=int(chosen))
    elif organisations[:2].count() > 1:
        return Division.objects.none()
    return divisions.select_related("organisation").order_by("name", "pk")


class PersonFilterSet(WagtailFilterSet):
    """Filters of the register listing; the division choices are the user's own divisions."""

    STATUS_ACTIVE = "active"
    STATUS_LEFT = "left"

    status = django_filters.ChoiceFilter(
        label=_("สถานะ"),
        choices=[(STATUS_ACTIVE, _("ปฏิบัติงานอยู่")), (STATUS_LEFT, _("พ้นจากตำแหน่งแล้ว"))],
        empty_label=_("ทั้งหมด"),
        method="filter_status",
        widget=forms.RadioSelect,
    )
    personnel_group = django_filters.ChoiceFilter(
        label=_("กลุ่มบุคลากร"),
        choices=PersonnelGroup.choices,
        empty_label=_("ทั้งหมด"),
        widget=forms.RadioSelect,
    )
    staff_type = django_filters.ChoiceFilter(
        label=_("ประเภทบุคลากร"), choices=StaffType.choices, empty_label=_("ทั้งหมด")
    )
    organisation = organisation_filter()
    division = django_filters.ModelChoiceFilter(
        label=_("ส่วนราชการ"),
        queryset=lambda request: division_choices(request),
        empty_label=_("ทั้งหมด"),
        help_text=_("ผู้ดูแลหลายหน่วยงาน: เลือกหน่วยงานก่อน แล้วจึงเลือกส่วนราชการ"),
    )

    class Meta:
        model = Person
        fields = ["status", "personnel_group", "staff_type", "organisation", "division"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is None or not request.user.is_superuser:
            # Staff see one organisation; choosing it would filter nothing.
            del self.filters["organisation"]
            return
        organisation = self.data.get("organisation") if self.data else None
        if organisation and str(organisation).isdigit():
            self.filters["division"].queryset = Division.objects.filter(
                organisation_id=organisation
            ).select_related("organisation")
        self.form.fields["division"].label_from_instance = division_with_organisation

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == self.STATUS_ACTIVE:
            return queryset.active_on(today)
        if value == self.STATUS_LEFT:
            return queryset.filter(active_until__lt=today)
        return queryset


class PersonIndexView(ScopedIndexView):
    """The register listing: a constant number of queries however many people it shows."""

    invite_url_name = None
    bulk_invite_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.bulk_invite_url_name and self.user_has_permission("change"):
            buttons.append(
                HeaderButton(
                    _("ส่งคำเชิญหลายคน"),
                    url=reverse(self.bulk_invite_url_name),
                    icon_name="mail",
                )
            )
        return buttons

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation", "division")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_people(queryset, self.search_query)

    @cached_property
    def columns(self):
        columns = super().columns
        if self.request.user.is_superuser:
            columns.insert(2, Column("organisation", label=_("หน่วยงาน"), sort_key="organisation"))
        return columns

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.invite_url_name and self.user_has_permission("change"):
            buttons.append(
                ButtonMenuItem(
                    invite_label(instance),
                    url=reverse(self.invite_url_name, args=[quote(instance.pk)]),
                    icon_name="mail",
                    priority=15,
                )
            )
        return buttons


def person_list_display():
    return [
        "employee_number",
        Column("full_name", label=_("ชื่อ-นามสกุล"), sort_key="first_name"),
        "position",
        "personnel_group",
        Column("division", label=_("ส่วนราชการ"), sort_key="division__name"),
        StatusTagColumn(
            "status",
            label=_("สถานะ"),
            accessor=person_status,
            primary=lambda person: person.is_active,
            sort_key="active_until",
        ),
        StatusFlagColumn(
            "has_login",
            label=_("บัญชีผู้ใช้"),
            accessor=lambda person: person.user_id is not None,
            true_label=_("มีบัญชีแล้ว"),
            sort_key="user",
        ),
    ]


def invite_label(person: Person) -> str:
    if person.user_id:
        return _("ส่งลิงก์ตั้งรหัสผ่านอีกครั้ง")
    return _("สร้างบัญชีและส่งคำเชิญ")


class PersonRequirementsMixin:
    """A person added, or moved into an audience, gets the current versions once saved."""

    def save_instance(self):
        instance = self.form.instance
        # As stored, not as the form saw it: the form has already applied the posted values.
        before = (
            None
            if instance._state.adding
            else person_audience_fields(Person.objects.get(pk=instance.pk))
        )
        person = super().save_instance()
        person_requirements_follow(person=person, before=before)
        return person


class PersonCreateView(PersonRequirementsMixin, generic.CreateView):
    pass


class PersonEditView(PersonRequirementsMixin, ScopedEditView):
    invite_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.invite_url_name:
            buttons.append(
                HeaderButton(
                    invite_label(self.object),
                    url=reverse(self.invite_url_name, args=[quote(self.object.pk)]),
                    icon_name="mail",
                )
            )
        return buttons


class PersonInviteView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then create a login for a person (or re-send it) and email the set-password link."""

    model = Person
    permission_required = "change"
    template_name = "training/admin/person_invite.html"
    header_icon = "mail"
    index_url_name = None
    edit_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        people = policy_registry.get_by_type(Person).scope(
            request.user, Person.objects.select_related("organisation", "user")
        )
        self.object = get_object_or_404(people, pk=kwargs["pk"])

    def get_page_title(self):
        return invite_label(self.object)

    def get_page_subtitle(self):
        return self.object.full_name

    def get_edit_url(self):
        return reverse(self.edit_url_name, args=[quote(self.object.pk)])

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Person._meta.verbose_name_plural},
            {"url": self.get_edit_url(), "label": self.object.full_name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.object.user
        context.update(
            person=self.object,
            login=user,
            has_password=bool(user and user.has_usable_password()),
            refusal=person_invite_refusal(person=self.object),
            recipient=invitation_address(self.object),
            edit_url=self.get_edit_url(),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            user = person_invite(
                person=self.object,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
        except MAIL_ERRORS:
            messages.error(
                request,
                bilingual(_("บันทึกบัญชีผู้ใช้แล้ว แต่ส่งอีเมลไม่สำเร็จ โปรดลองส่งคำเชิญอีกครั้งภายหลัง")),
            )
            return redirect(self.get_edit_url())
        messages.success(
            request,
            _("ส่งคำเชิญไปที่ %(email)s แล้ว ชื่อผู้ใช้ %(username)s")
            % {"email": user.email, "username": user.get_username()},
        )
        return redirect(self.get_edit_url())


class PersonBulkInviteView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Invite, in one go, the people in post who have an email address but no login yet.

    The emails are queued (`tasks.invite_people`), not sent while the page waits: the page says
    how many were queued, and each invitation appears in the person's history once it has left.
    """

    model = Person
    permission_required = "change"
    template_name = "training/admin/person_bulk_invite.html"
    page_title = _("ส่งคำเชิญหลายคน")
    header_icon = "mail"
    index_url_name = None

    def people(self):
        """Everyone in post without a login, in the user's organisations: one query."""
        return (
            policy_registry.get_by_type(Person)
            .scope(self.request.user, Person.objects.select_related("organisation", "division"))
            .active_on(timezone.localdate())
            .filter(user__isnull=True)
            .order_by("organisation__name_th", "employee_number")
        )

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": Person._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = list(self.people())
        context.update(
            invitable=[person for person in people if person.mail_address],
            without_email=[person for person in people if not person.mail_address],
            index_url=reverse(self.index_url_name),
        )
        return context

    def post(self, request, *args, **kwargs):
        chosen = [int(pk) for pk in request.POST.getlist("person") if pk.isdigit()]
        queued, refused = [], []
        for person in self.people().filter(pk__in=chosen):
            refusal = person_invite_refusal(person=person)
            if refusal:
                refused.append(f"{person.full_name}: {refusal}")
            else:
                queued.append(person.pk)
        if queued:
            invited_by_id, base_url = request.user.pk, request.build_absolute_uri("/")
            # robust: with tasks run in-process (no Redis), a mail failure is logged and the
            # task's retries, not this page, deal with it.
            transaction.on_commit(
                lambda: queue_task(invite_people, queued, invited_by_id, base_url), robust=True
            )
            messages.success(
                request,
                ngettext(
                    "ส่งคำเชิญเข้าคิวแล้ว %(count)d คน ระบบจะทยอยส่งอีเมล และบันทึกในประวัติของแต่ละคนเมื่อส่งแล้ว",
                    "ส่งคำเชิญเข้าคิวแล้ว %(count)d คน ระบบจะทยอยส่งอีเมล และบันทึกในประวัติของแต่ละคนเมื่อส่งแล้ว",
                    len(queued),
                )
                % {"count": len(queued)},
            )
        for refusal in refused:
            messages.error(request, refusal)
        if not queued and not refused:
            messages.warning(request, _("ยังไม่ได้เลือกบุคลากร"))
        return redirect(request.path)


# --- Person chooser: the modal behind foreign keys to a person (e.g. a division's head) ----------


class PersonChooserFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("ค้นหา"),
        widget=forms.TextInput(attrs={"placeholder": _("ชื่อ เลขประจำตัว หรือตำแหน่ง")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q")
        if query:
            objects = search_people(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class PersonChooserMixin:
    """Lists only the people of the user's organisations, and only to users of the register."""

    model = Person
    filter_form_class = PersonChooserFilterForm
    per_page = 20

    def dispatch(self, request, *args, **kwargs):
        if not policy_registry.get_by_type(Person).user_has_any_permission(
            request.user, ["add", "change", "view"]
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def people(self):
        return policy_registry.get_by_type(Person).scope(
            self.request.user, Person.objects.select_related("division")
        )

    def can_create(self):
        return False


class PersonChooseListingMixin(PersonChooserMixin):
    def get_object_list(self):
        return self.people().order_by("first_name", "last_name")

    @property
    def columns(self):
        return super().columns + [
            Column("employee_number", label=_("เลขประจำตัว")),
            Column("position", label=_("ตำแหน่ง")),
            Column("division", label=_("ส่วนราชการ")),
        ]


class PersonChooseView(PersonChooseListingMixin, chooser_views.ChooseView):
    pass


class PersonChooseResultsView(PersonChooseListingMixin, chooser_views.ChooseResultsView):
    pass


class PersonChosenView(PersonChooserMixin, chooser_views.ChosenView):
    def get_object(self, pk):
        return self.people().get(pk=pk)


class PersonChosenMultipleView(PersonChooserMixin, chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        return self.people().filter(pk__in=pks)


class PersonChooserCreateView(PersonChooserMixin, chooser_views.CreateView):
    pass


# The URLs a read-only viewset does not have; its views are told so, and offer no such buttons.
NO_WRITE_URLS = {
    "add_url_name": None,
    "edit_url_name": None,
    "delete_url_name": None,
    "copy_url_name": None,
    "history_url_name": None,
    "usage_url_name": None,
}


class ReadOnlyViewSetMixin:
    """A ModelViewSet with a listing (and an inspect view, if enabled) and nothing else: for
    evidence and logs, which the admin shows but never changes."""

    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{**kwargs, **NO_WRITE_URLS})

    def get_urlpatterns(self):
        urlpatterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]
        if self.inspect_view_enabled:
            urlpatterns.append(path("inspect/<int:pk>/", self.inspect_view, name="inspect"))
        return urlpatterns

    def register_admin_url_finder(self):
        # There is no edit view to find.
        pass

    def register_reference_index(self):
        # Evidence and log rows are not content that "uses" a page or a person.
        pass
