from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.models import Site

from circulars.models import CircularPage, Visibility
from training.pages import is_staff_of_site


@hooks.register("before_serve_document")
def keep_internal_attachments_internal(document, request):
    """A document attached only to internal (or unpublished) circulars is for the staff of their
    organisation and its editors, like the circulars themselves; any other document is served as
    Wagtail serves it."""
    circulars = CircularPage.objects.filter(attachments__document=document)
    if not circulars.exists():
        return None
    if circulars.live().public().filter(visibility=Visibility.PUBLIC).exists():
        return None
    site = Site.find_for_request(request)
    if (
        site is not None
        and is_staff_of_site(request)
        and circulars.descendant_of(site.root_page).exists()
    ):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    # Editors open attachments from the admin, which may be served on another host.
    if any(page.permissions_for_user(request.user).can_edit() for page in circulars):
        return None
    raise PermissionDenied
