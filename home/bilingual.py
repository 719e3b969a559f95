"""The one way to word a refusal or an error: Thai first with the English beside it.

A Thai clerk may forward a refusal to someone who reads only English, so refusals carry both;
in the English interface the English stands alone, once. Success messages are not bilingual:
they speak the user's language only, through plain gettext.

Messages are Thai msgids marked with gettext_lazy; the English comes from the en catalogue.
"""

from django.utils import translation


def bilingual(message, **params) -> str:
    """`message` (a lazy Thai msgid, %-formatted with `params`) in Thai, then in English."""
    with translation.override("en"):
        english = str(message) % params if params else str(message)
    if (translation.get_language() or "th").startswith("en"):
        return english
    with translation.override("th"):
        thai = str(message) % params if params else str(message)
    return thai if thai == english else f"{thai} ({english})"
