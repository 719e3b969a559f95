"""The tracker's admin: each concern registers its own areas; importing them runs their hooks."""

from training.briefings import wagtail_hooks as briefings_hooks
from training.figures import wagtail_hooks as figures_hooks
from training.knowledge import wagtail_hooks as knowledge_hooks
from training.outreach import wagtail_hooks as outreach_hooks
from training.register import wagtail_hooks as register_hooks

__all__ = [
    "briefings_hooks",
    "figures_hooks",
    "knowledge_hooks",
    "outreach_hooks",
    "register_hooks",
]
