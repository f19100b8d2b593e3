"""Norwegian error pages; JSON for the API."""

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from .extensions import db, login_manager


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


def render_error(code: int):
    title, message = _messages().get(code, _messages()[500])
    if _wants_json():
        return jsonify(error=title, message=message, status=code), code
    # 5xx pages must render without the database: no user lookup, no menus from the DB.
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
        if code == 429:
            return response, status, {"Retry-After": "60"}
        return response, status

    @app.errorhandler(OverflowError)
    @app.errorhandler(DataError)
    def _value_out_of_range(error: Exception):
        # A number or text the database cannot hold (e.g. ?page=99999999999999999999) is the
        # client's mistake: 400, not a 5xx and not "database down".
        db.session.rollback()
        app.logger.warning("value refused by the database: %s", type(error).__name__)
        return render_error(400)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def _database_down(error: Exception):
        # A lost database connection: answer 503 (never a stack trace) and let the pool reconnect.
        db.session.rollback()
        # The page must not reach the database again: the signed-in user (expired by the
        # rollback) would be reloaded for the language choice and fail inside this handler.
        g._login_user = login_manager.anonymous_user()
        app.logger.error("database error: %s", type(error).__name__)
        return render_error(503)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        if app.config.get("PROPAGATE_UNEXPECTED"):
            raise error
        db.session.rollback()
        app.logger.exception("unhandled error")
        return render_error(500)
