"""What templates may call: every feature's permission functions and a few formatters."""

from importlib import import_module, util

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, format_percent

from .accounts.permissions import staff_municipalities
from .features import FEATURES
from .ideas.reasons import reason_label
from .sections import collect


def _permission_functions(app: Flask) -> dict:
    """can_*/is_* from each feature's permissions module, so templates never rebuild a rule."""
    found = {}
    for name in (*FEATURES, "accounts"):
        module_name = f"cocreate.{name}.permissions"
        if util.find_spec(module_name) is None:
            continue
        module = import_module(module_name)
        for attr in dir(module):
            if attr.startswith(("can_", "is_")) and callable(getattr(module, attr)):
                found[attr] = getattr(module, attr)
    return found


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(_permission_functions(app))
    app.jinja_env.globals.update(
        staff_municipalities=staff_municipalities,
        page_sections=collect,
        reason_label=reason_label,
        format_date=format_date,
        format_datetime=format_datetime,
        format_decimal=format_decimal,
        format_percent=format_percent,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
