from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from training.acknowledgment import views
from training.briefings import views as briefing_views
from training.knowledge import views as knowledge_views
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
    # Briefings: invitations and their .ics, scheduling, running one, checking in with its code.
    path("portal/briefings/", briefing_views.briefing_list, name="briefing_list"),
    path("portal/briefings/new/", briefing_views.briefing_new, name="briefing_new"),
    path(
        "portal/briefings/<int:briefing_id>/",
        briefing_views.briefing_detail,
        name="briefing_detail",
    ),
    path(
        "portal/briefings/<int:briefing_id>/briefing.ics",
        briefing_views.briefing_calendar,
        name="briefing_calendar",
    ),
    path(
        "portal/briefings/<int:briefing_id>/acknowledge/<int:requirement_id>/",
        briefing_views.briefing_acknowledge_view,
        name="briefing_acknowledge",
    ),
    path(
        "portal/briefings/<int:briefing_id>/lead/",
        briefing_views.briefing_lead,
        name="briefing_lead",
    ),
    path("portal/briefings/<int:briefing_id>/qr/", briefing_views.briefing_qr, name="briefing_qr"),
    path(
        "portal/briefings/<int:briefing_id>/attendance/",
        briefing_views.briefing_attendance,
        name="briefing_attendance",
    ),
    path(
        "portal/briefings/<int:briefing_id>/attendance/<int:attendance_id>/correct/",
        briefing_views.briefing_correct,
        name="briefing_correct",
    ),
    path(
        "portal/briefings/<int:briefing_id>/evidence/",
        briefing_views.briefing_evidence,
        name="briefing_evidence",
    ),
    path(
        "portal/briefings/<int:briefing_id>/sheet.pdf",
        briefing_views.briefing_sheet,
        name="briefing_sheet",
    ),
    # Knowledge checks: taking a quiz, then its score with the explanations.
    path("portal/quizzes/", knowledge_views.quiz_list, name="quiz_list"),
    path("portal/quizzes/<int:quiz_id>/", knowledge_views.quiz_take, name="quiz_take"),
    path(
        "portal/quizzes/attempts/<int:attempt_id>/",
        knowledge_views.quiz_attempt,
        name="quiz_attempt",
    ),
    # The leader's QR code: no login needed (someone without one picks their name).
    path("check-in/<str:code>/", briefing_views.briefing_check_in, name="briefing_check_in"),
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
