"""Norwegian error pages; JSON for the API."""

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from .database import rollback
from .extensions import login_manager
from .refusals import NotAllowed


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: (
            _("Ugyldig forespørsel"),
            _("Noe i forespørselen var ikke som forventet. Prøv igjen."),
        ),
        403: (_("Ingen tilgang"), _("Du har ikke tilgang til denne siden.")),
        404: (_("Fant ikke siden"), _("Siden finnes ikke, eller den er flyttet.")),
        405: (_("Ikke tillatt"), _("Denne handlingen er ikke tillatt her.")),
        409: (
            _("Kunne ikke lagres"),
            _(
                "Endringen kolliderte med noe som ble lagret samtidig. "
                "Last inn siden på nytt og prøv igjen."
            ),
        ),
        413: (_("For stor forespørsel"), _("Det du sendte er for stort.")),
        429: (
            _("For mange forsøk"),
            _("Du har gjort dette for mange ganger på kort tid. Vent litt og prøv igjen."),
        ),
        500: (_("Noe gikk galt"), _("Det oppstod en feil hos oss. Prøv igjen om litt.")),
        503: (
            _("Tjenesten er midlertidig utilgjengelig"),
            _("Vi får ikke kontakt med databasen akkurat nå. Prøv igjen om litt."),
        ),
    }


def render_error(code: int, reason: str | None = None):
    """The error page; `reason` (a refusal's, in plain words) replaces the generic message."""
    title, message = _messages().get(code, _messages()[500])
    message = reason or message
    if _wants_json():
        return jsonify(error=title, message=message, status=code), code
    # 5xx pages must render without the database: their own layout (errors/layout.html), with
    # no user, no menus from the database, no "Logg inn" for someone who is signed in, and any
    # flashed message left for the next page.
    minimal = code >= 500
    html = render_template(
        "errors/error.html", code=code, title=title, message=message, minimal=minimal
    )
    return html, code


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        code = error.code or 500
        if code not in _messages():
            return error
        response, status = render_error(code)
        # Keep what the exception says beyond its page: a 405's Allow header, for one.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if code == 429:
            headers = [(k, v) for k, v in headers if k.lower() != "retry-after"]
            headers.append(("Retry-After", "60"))
        return response, status, headers

    @app.errorhandler(NotAllowed)
    def _not_allowed(refusal: NotAllowed):
        # A rule said no, here and now ("not at this stage", "the challenge is concluded"): the
        # page says why instead of a bare "no access".
        rollback()
        return render_error(403, refusal.reason)

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def _value_out_of_range(error: Exception):
        # A number or text the database cannot hold (e.g. ?page=99999999999999999999) is the
        # client's mistake: 400, not a 5xx and not "database down".
        rollback()
        app.logger.warning("value refused by the database: %s", type(error).__name__)
        return render_error(400)

    @app.errorhandler(OperationalError)
    def _operational(error: OperationalError):
        # SQLite calls nearly everything "operational": a missing table or bad SQL is a bug
        # (SQLITE_ERROR), while busy, locked, I/O and full mean the database cannot serve.
        if getattr(error.orig, "sqlite_errorname", None) == "SQLITE_ERROR":
            return _unexpected(error)
        return _database_down(error)

    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def _database_down(error: Exception):
        # The database is unreachable, gave no answer in time (cocreate/database.py) or is
        # overloaded: answer 503 (never a stack trace) and let the pool reconnect.
        rollback()
        # The page must not reach the database again: the signed-in user (expired by the
        # rollback) would be reloaded for the language choice and fail inside this handler.
        g._login_user = login_manager.anonymous_user()
        # Nor for the language: a municipality's målform (i18n defaults) is read from it.
        g.database_unavailable = True
        app.logger.error("database error: %s", type(error).__name__)
        return render_error(503)

    @app.errorhandler(IntegrityError)
    def _conflict(error: IntegrityError):
        # A constraint the code did not check first (a race the service missed, or a bug): a
        # 409 that says so, logged with its traceback. Never "database down".
        rollback()
        app.logger.error("write refused by a constraint", exc_info=error)
        return render_error(409)

    @app.errorhandler(DBAPIError)
    def _database_error(error: DBAPIError):
        if error.connection_invalidated:  # the connection was lost half-way
            return _database_down(error)
        return _unexpected(error)  # a bug (bad SQL, ...): a logged 500

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        if app.config.get("PROPAGATE_UNEXPECTED"):
            raise error
        rollback()
        app.logger.exception("unhandled error")
        return render_error(500)
