"""
The language each person reads the site in.

Addresses are the same in every language (no /fr/ prefix): a link, a feed or an embedded card
works for everyone, and the reader's language is chosen per request, in this order:

1. a signed-in user's saved choice (`Preferences.language`), copied into the session when they
   sign in or switch, so that reading it costs no query;
2. the language cookie the switcher sets (Django's `set_language`), for visitors;
3. the browser's Accept-Language;
4. English.

Every response says it varies by Accept-Language (LocaleMiddleware) and by Cookie, so that a
shared cache never gives a French page to an English reader; what the site caches itself
(core/caching.py, printable reports) is keyed by the active language.
"""

from django.contrib.auth.signals import user_logged_in
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt

from .models import Preferences

SESSION_KEY = "accounts:language"


def supported(code) -> str | None:
    """`code` as one of settings.LANGUAGES, or None when it names none of them."""
    try:
        return translation.get_supported_language_variant(code) if code else None
    except LookupError:
        return None


def saved_language(user) -> str:
    """The language `user` chose, or "" (one query)."""
    return Preferences.objects.filter(user=user).values_list("language", flat=True).first() or ""


def save_language(user, code: str) -> None:
    Preferences.objects.update_or_create(user=user, defaults={"language": code})


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, reading a signed-in user's saved language first."""

    def process_request(self, request):
        user = getattr(request, "user", None)
        chosen = None
        if user is not None and user.is_authenticated:
            chosen = supported(request.session.get(SESSION_KEY))
        if chosen is None:
            super().process_request(request)
            return
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The switcher's cookie chooses the language as much as Accept-Language does.
        patch_vary_headers(response, ("Cookie",))
        return response


@csrf_exempt
def set_language(request):
    """
    The switcher's form: Django's `set_language` (the cookie, back to the page it was on),
    and for a signed-in user the choice saved for their next sign-in too.

    It takes no CSRF token, so that no page carries one for the switcher alone (pages stay
    the same for every reader of a language, and a visitor gets no CSRF cookie): all a forged
    request could do is change the reader's language, which the switcher changes back.
    """
    response = i18n.set_language(request)
    code = supported(request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER))
    if request.method == "POST" and code and request.user.is_authenticated:
        save_language(request.user, code)
        request.session[SESSION_KEY] = code
    return response


def choose(request, code: str) -> None:
    """
    Save the signed-in user's language from their profile ("" for the browser's) and read the
    next page in it.
    """
    code = supported(code) or ""
    save_language(request.user, code)
    if code:
        request.session[SESSION_KEY] = code
    else:
        request.session.pop(SESSION_KEY, None)


def remember_on_sign_in(sender, request, user, **kwargs):
    """A user who signs in reads in the language they chose last time, on any device."""
    code = supported(saved_language(user))
    if request is not None and hasattr(request, "session") and code:
        request.session[SESSION_KEY] = code
        translation.activate(code)


def connect():
    user_logged_in.connect(remember_on_sign_in, dispatch_uid="accounts.languages")
