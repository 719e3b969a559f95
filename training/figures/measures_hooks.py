"""The measures report in the admin (imported by `wagtail_hooks.py`): its organisation-scoped
permission policy and its snippet viewset."""

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from training.figures import measures_views
from training.figures.report_models import MeasuresReport
from training.register.permissions import OrganisationScopedPermissionPolicy

# Wagtail requires custom policies to be registered before any view asks for one.
register_permission_policy(
    MeasuresReport,
    OrganisationScopedPermissionPolicy(MeasuresReport, organisation_field="organisation"),
)
register_snippet(measures_views.MeasuresReportViewSet)
