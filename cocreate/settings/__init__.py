"""A municipality's own settings, kept by its administrators: description, logo, contact address
and districts (bydeler and grender: create, rename, merge)."""

from flask import Blueprint

bp = Blueprint("settings", __name__)
