"""Thai first: the interface language is Thai unless the visitor picked another one."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the browser's Accept-Language.

    A Thai government site opens in Thai. Many staff phones and the assessors' browsers are set
    to English, and they would otherwise land on an English site they did not ask for; the
    language switcher's cookie (set by Django's set_language view) is the only way to English.
    The project uses no i18n_patterns, so there is no language prefix in paths to look at.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES) and translation.check_for_language(chosen):
            language = chosen
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
