"""Files kept in the database (`stored_files`): a hearing's PDF attachments and a statement's
PDF. Only PDF is taken, known by its first bytes (%PDF-), not by its name or the browser's word,
and at most HEARING_FILE_MAX_BYTES."""

import hashlib
import re

from flask import current_app
from flask_babel import gettext as _

from ..extensions import db
from ..refusals import Refusal
from .models import FILE_NAME, StoredFile

PDF_MAGIC = b"%PDF-"
PDF_TYPE = "application/pdf"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"\\/]")


class FileError(Refusal):
    """The file was refused: not a PDF, empty or too large."""


def max_bytes() -> int:
    return int(current_app.config["HEARING_FILE_MAX_BYTES"])


def clean_filename(name: str | None) -> str:
    """The file's own name without its folders and control characters, ending in .pdf."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = " ".join(_UNSAFE.sub(" ", base).split()).strip(" .")
    stem = base[:-4] if base.lower().endswith(".pdf") else base
    stem = stem[: FILE_NAME.max - 4].strip(" .") or _("dokument")
    return f"{stem}.pdf"


def check_pdf(data: bytes) -> None:
    """Refuse what is not a PDF of an allowed size, with the reason in plain words."""
    limit = max_bytes()
    if not data:
        raise FileError(_("Filen er tom."))
    if len(data) > limit:
        raise FileError(
            _(
                "Filen er for stor (%(size)s MB). Største tillatte størrelse er %(max)s MB.",
                size=_megabytes(len(data)),
                max=_megabytes(limit),
            )
        )
    if not data.startswith(PDF_MAGIC):
        raise FileError(_("Filen er ikke en PDF. Bare PDF-filer kan lastes opp."))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def store_pdf(municipality_id: int, filename: str | None, data: bytes) -> StoredFile:
    """Keep a checked PDF in the database; the row is flushed."""
    check_pdf(data)
    stored = StoredFile(
        municipality_id=municipality_id,
        filename=clean_filename(filename),
        content_type=PDF_TYPE,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
    )
    db.session.add(stored)
    db.session.flush()
    return stored
