"""Language choice: the user's setting, then the switcher's cookie, then a feature's default for
the page (the municipality's målform, cocreate/translation), then Accept-Language."""

from collections.abc import Callable

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from .extensions import babel

LANG_COOKIE = "lang"
LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}

# Defaults for a visitor who chose no language, asked in order; None passes (register_default).
_defaults: list[Callable[[], str | None]] = []


def register_default(hook: Callable[[], str | None]) -> None:
    """Add a default language for visitors who chose none (called at import time)."""
    if hook not in _defaults:
        _defaults.append(hook)


def select_locale() -> str:
    """Pick nb, nn or en for this request."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and background jobs
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if isinstance(user_locale, str) and user_locale in languages:
        return user_locale
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie is not None and cookie in languages:
        return cookie
    # The error page of a database that is down must not wait for it again (errors.py).
    defaults = () if g.get("database_unavailable") else _defaults
    for hook in defaults:
        default = hook()
        if default is not None and default in languages:
            return default
    # Browsers send "no" or "nb-NO" for Norwegian; treat "no" as bokmål.
    best = request.accept_languages.best_match([*languages, "no"])
    if best == "no":
        return "nb"
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def html_lang() -> str:
    return str(get_locale() or "nb")


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(html_lang=html_lang, LANGUAGE_NAMES=LANGUAGE_NAMES)
