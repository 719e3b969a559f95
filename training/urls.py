from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from training.acknowledgment import views
from training.outreach import head_views, signed_link_views

urlpatterns = [
    path("portal/", views.portal_home, name="portal"),
    path("portal/history/", views.portal_history, name="portal_history"),
    # A division head's view of their division (outreach: it reads the figures, sends reminders).
    path("portal/division/", head_views.division_home, name="portal_division"),
    path(
        "portal/division/<int:division_id>/",
        head_views.division_progress,
        name="portal_division_detail",
    ),
    path(
        "portal/division/<int:division_id>/remind/",
        head_views.division_remind,
        name="portal_division_remind",
    ),
    path(
        "portal/acknowledge/<int:requirement_id>/",
        views.portal_acknowledge,
        name="portal_acknowledge",
    ),
    # Signed one-time links for people without a login: no login needed.
    path("ack/<str:token>/", signed_link_views.signed_link, name="signed_link"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="training/accounts/set_password.html",
            success_url=reverse_lazy("set_password_done"),
        ),
        name="set_password",
    ),
    path(
        "accounts/set-password/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="training/accounts/set_password_done.html"
        ),
        name="set_password_done",
    ),
]
