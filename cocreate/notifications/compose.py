"""The e-mail for one notification or a digest of several: a plain-text part a person reads as
it is (no Markdown marks) and the same message as sanitised HTML (multipart/alternative)."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from ..accounts.models import User
from ..markup import markdown_to_text, render_message
from .kinds import kind_label
from .links import absolute_url, path_for, unsubscribe_token

# A digest sends the same news to thousands of readers: each text is rendered once, not per reader
# (both functions are pure: Markdown in, sanitised HTML or plain text out).
_plain = lru_cache(maxsize=1024)(markdown_to_text)
_html = lru_cache(maxsize=1024)(render_message)


@dataclass(frozen=True)
class Entry:
    """One piece of news: a heading (digests only), Markdown text and a site path; a digest also
    names the section (a challenge: title and path) the news is listed under."""

    text: str
    path: str = ""
    heading: str = ""
    section: str = ""
    section_path: str = ""


@dataclass(frozen=True)
class Email:
    text: str
    html: str
    headers: dict[str, str]


# The language of e-mails to people who chose none, while a sender says whose they are (the
# municipality's målform, default_locale()); else the site's default.
_default_locale: ContextVar[str | None] = ContextVar("cocreate_mail_locale", default=None)


def locale_of(user: User) -> str:
    return user.locale or _default_locale.get() or current_app.config["BABEL_DEFAULT_LOCALE"]


def locale_of_default() -> str:
    """The language of e-mails to people who chose none, here."""
    return _default_locale.get() or current_app.config["BABEL_DEFAULT_LOCALE"]


def by_locale(people: Iterable[User]) -> dict[str, list[User]]:
    """The people by the language of their e-mails (locale_of), in their order."""
    default = locale_of_default()
    groups: dict[str, list[User]] = {}
    for person in people:
        groups.setdefault(person.locale or default, []).append(person)
    return groups


@contextmanager
def default_locale(code: str | None) -> Iterator[None]:
    """Inside, people who chose no language get e-mails in `code` (a municipality's målform)."""
    token = _default_locale.set(code)
    try:
        yield
    finally:
        _default_locale.reset(token)


def compose(user: User, *, kind: str, entries: list[Entry], intro: str = "") -> Email:
    """The e-mail to `user` in their language; entries with the same path share one link."""
    unsubscribe = absolute_url(
        path_for("notifications.unsubscribe", token=unsubscribe_token(user.id, kind))
    )
    preferences = absolute_url(path_for("notifications.preferences"))
    with force_locale(locale_of(user)):
        groups = _grouped(entries)
        footer = [
            _(
                "Du får denne e-posten fordi du har valgt å få varsler om: %(kind)s.",
                kind=kind_label(kind),
            ),
            _("Slutt å få slike e-poster: %(url)s", url=unsubscribe),
            _("Velg hvilke e-poster du får: %(url)s", url=preferences),
        ]
        lines = [_plain(intro), ""] if intro else []
        for (title, section_path), section in groups:
            if title:
                lines += [title.upper(), "=" * min(len(title), 70)]
                if section_path:
                    lines += [absolute_url(section_path)]
                lines += [""]
            for path, group in section:
                for entry in group:
                    if entry.heading:
                        rule = "-" if title else "="
                        lines += [entry.heading, rule * min(len(entry.heading), 70)]
                    lines += [_plain(entry.text), ""]
                if path:
                    lines += [_("Les mer: %(url)s", url=absolute_url(path)), ""]
        text = "\n".join([*lines, "-- ", *footer]) + "\n"
        template = current_app.jinja_env.get_template("notifications/email.html")
        html = template.render(
            lang=locale_of(user),
            intro=Markup(_html(intro)) if intro else "",  # noqa: S704 - bleach-cleaned
            sections=[
                (
                    title,
                    absolute_url(section_path) if section_path else "",
                    [
                        (
                            absolute_url(path) if path else "",
                            [(e.heading, Markup(_html(e.text))) for e in group],  # noqa: S704
                        )
                        for path, group in section
                    ],
                )
                for (title, section_path), section in groups
            ],
            reason=footer[0],
            unsubscribe=unsubscribe,
            preferences=preferences,
        )
    headers = {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    return Email(text=text, html=html, headers=headers)


def _grouped(
    entries: list[Entry],
) -> list[tuple[tuple[str, str], list[tuple[str, list[Entry]]]]]:
    """Entries by section, then by path, each in the order of its first entry."""
    sections: dict[tuple[str, str], dict[str, list[Entry]]] = {}
    for entry in entries:
        paths = sections.setdefault((entry.section, entry.section_path), {})
        paths.setdefault(entry.path, []).append(entry)
    return [(key, list(paths.items())) for key, paths in sections.items()]
