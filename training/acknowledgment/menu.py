"""The name of the hook through which other concerns add entries to the acknowledgments menu.

The menu itself is built in training.figures.report_views; the name lives here, below every concern
that registers into it (outreach, briefings), so none of them has to import the figures.
"""

# Other features (e.g. recording paper sign-offs) add entries to this menu with
# @hooks.register(ACKNOWLEDGMENT_MENU_HOOK), returning a wagtail.admin.menu.MenuItem.
ACKNOWLEDGMENT_MENU_HOOK = "register_acknowledgment_menu_item"
