"""Embeds for the municipality's own website (issue 25 §6): light iframe pages of a challenge's
inputs, "Fra ord til handling" and the results, framed only by the sites on the municipality's
allowlist; and the Open Graph and Twitter card metadata of the public pages."""

from flask import Blueprint

bp = Blueprint("embeds", __name__)
