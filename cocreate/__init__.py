"""Samskap: the co-creation platform. create_app() wires extensions, blueprints and the CLI."""

import sys
from importlib import import_module
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

from .config import DEV_SECRET_KEY, Config
from .extensions import csrf, db, limiter, login_manager, migrate
from .features import FEATURES

ROOT = Path(__file__).resolve().parent.parent


class BoundedIntConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(config: Any = None) -> Flask:
    """Build the app; `config` is a Config object or a mapping that overrides the defaults."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    # Ids beyond a 32-bit integer are simply not found (PostgreSQL would refuse the query).
    app.url_map.converters["int"] = BoundedIntConverter
    _load_config(app, config)
    _check_secret_key(app)
    _init_extensions(app)
    from . import security

    security.init_app(app)  # logs, security headers (CSP nonce), Redis health
    from . import assets

    assets.init_app(app)  # fingerprinted static URLs with long cache headers
    from . import pagecache

    pagecache.init_app(app)  # after security: sees a page's own CSP nonce before the header's
    from . import shells

    shells.init_app(app)  # after the page cache: pages are filled before it stores them
    for name in FEATURES:
        import_module(f"cocreate.{name}.routes")
        app.register_blueprint(import_module(f"cocreate.{name}").bp)
    from . import cli, errors, i18n, templating

    i18n.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    return app


def _load_config(app: Flask, config: Any) -> None:
    app.config.from_object(Config())
    if config is None:
        app.config.from_pyfile("config.py", silent=True)
    elif isinstance(config, dict):
        app.config.update(config)
    else:
        app.config.from_object(config)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        db_file = Path(app.instance_path) / "cocreate.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_file}"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # No pre-ping for a file; the wait for a writer and WAL: database.engine_options().
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    if not app.config.get("MAIL_BACKEND"):
        app.config["MAIL_BACKEND"] = "file" if _is_development(app) else "smtp"
    if app.config.get("REDIS_URL") and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.config["RATELIMIT_STORAGE_URI"] = app.config["REDIS_URL"]
    if not _is_development(app) and not app.testing:
        app.config.setdefault("SESSION_COOKIE_SECURE", True)
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True


def _is_development(app: Flask) -> bool:
    return app.config.get("ENV_NAME") == "development" or app.debug


def _check_secret_key(app: Flask) -> None:
    key = app.config.get("SECRET_KEY") or ""
    if _is_development(app) or app.testing:
        if not key:
            app.config["SECRET_KEY"] = DEV_SECRET_KEY
        return
    if not key or key == DEV_SECRET_KEY or len(key) < 16:
        print(
            "Samskap: set SECRET_KEY to a long random value (e.g. python -c "
            "'import secrets; print(secrets.token_hex(32))'), or COCREATE_ENV=development.",
            file=sys.stderr,
        )
        raise SystemExit(2)


def _init_extensions(app: Flask) -> None:
    from . import database

    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = database.engine_options(app.config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    limiter.init_app(app)
    from . import models  # noqa: F401 - registers every table on db.metadata

    with app.app_context():
        database.configure_engine(db.engine)
