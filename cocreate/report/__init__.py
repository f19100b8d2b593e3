"""The medvirkningsrapport: a challenge's or a hearing's participation report for the council's
papers (kommuneloven § 13-1), as an accessible PDF and as .docx, in bokmål or nynorsk."""

from flask import Blueprint

bp = Blueprint("report", __name__)
