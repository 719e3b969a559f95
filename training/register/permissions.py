"""Who may see and change which part of the personnel register in the Wagtail admin.

Django's model permissions say what a role may do; `OrganisationScopedPermissionPolicy` adds where:
a superuser works on every organisation, anyone else only on the organisation(s) their own
register entry belongs to (`selectors.organisations_for_user`).
"""

from django.db.models import Model, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from training.register.selectors import organisations_for_user


def organisation_ids_for_user(user) -> frozenset[int]:
    """The ids of the organisations a user works on; cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_training_organisation_ids"):
        user._training_organisation_ids = frozenset(
            organisations_for_user(user).values_list("pk", flat=True)
        )
    return user._training_organisation_ids


class OrganisationScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed to the records of the organisations the user works on."""

    def __init__(self, model, *, organisation_field: str):
        super().__init__(model)
        # "pk" for Organisation itself, the foreign key's name for the models that belong to one.
        self.organisation_field = organisation_field

    def scope(self, user, queryset: QuerySet | None = None) -> QuerySet:
        """Narrow a queryset of this policy's model to the organisations the user works on."""
        if queryset is None:
            queryset = self.model._default_manager.all()
        if not getattr(user, "is_active", False):
            return queryset.none()
        if user.is_superuser:
            return queryset
        return queryset.filter(
            **{f"{self.organisation_field}__in": organisations_for_user(user).values("pk")}
        )

    def organisation_id_of(self, instance: Model) -> int | None:
        if self.organisation_field == "pk":
            return instance.pk
        return getattr(instance, f"{self.organisation_field}_id")

    def user_can_reach_instance(self, user, instance: Model) -> bool:
        if not getattr(user, "is_active", False):
            return False
        if user.is_superuser:
            return True
        return self.organisation_id_of(instance) in organisation_ids_for_user(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.user_can_reach_instance(
            user, instance
        )

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user)


class LimitedActionsPermissionPolicy(OrganisationScopedPermissionPolicy):
    """Scoped like the register, and only the listed actions exist, for superusers too.

    For records that services write and the admin only shows (document versions, acknowledgments,
    the reminder log): the admin offers no button to change or delete them, whoever is logged in.
    Read-only unless told otherwise.
    """

    def __init__(self, model, *, organisation_field: str, actions: tuple[str, ...] = ("view",)):
        super().__init__(model, organisation_field=organisation_field)
        self.actions = actions

    def user_has_permission(self, user, action):
        return action in self.actions and super().user_has_permission(user, action)
