from django.conf import settings
from django.utils import translation


def platform(request):
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGES_MENU": settings.LANGUAGES,
        "CURRENT_LANG": lang,
        "TEXT_DIR": "rtl" if translation.get_language_bidi() else "ltr",
        "HTML_LANG": "zh-Hans" if lang == "zh-hans" else lang,
    }
