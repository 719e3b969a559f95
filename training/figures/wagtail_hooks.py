"""Acknowledgments in the admin: progress per version, each version's report and the evidence;
the fiscal year's figures as the admin's home page (`dashboard`) and the people behind each."""

from wagtail import hooks

from training.figures import (
    dashboard,
    ita_admin,  # noqa: F401 (the ITA evidence catalogue snippet)
    measures_hooks,  # noqa: F401 (the measures report snippet)
    people_views,
    report_views,
)


@hooks.register("register_admin_viewset")
def register_acknowledgments():
    """การรับทราบ: progress per version, each version's report, and the evidence (read-only)."""
    return report_views.AcknowledgmentViewSetGroup()


@hooks.register("register_admin_viewset")
def register_figures():
    """The people behind a figure of the dashboard (no menu item: the numbers link to it)."""
    return people_views.FiguresViewSet()


hooks.register("construct_homepage_panels", dashboard.homepage_panels)
# After the apps that add the counts (wagtail.documents and wagtail.images come later).
hooks.register("construct_homepage_summary_items", dashboard.homepage_summary_items, order=1000)
