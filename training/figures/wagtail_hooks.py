"""Acknowledgments in the admin: progress per version, each version's report and the evidence."""

from wagtail import hooks

from training.figures import (
    ita_admin,  # noqa: F401 (the ITA evidence catalogue snippet)
    measures_hooks,  # noqa: F401 (the measures report snippet)
    report_views,
)


@hooks.register("register_admin_viewset")
def register_acknowledgments():
    """การรับทราบ: progress per version, each version's report, and the evidence (read-only)."""
    return report_views.AcknowledgmentViewSetGroup()
