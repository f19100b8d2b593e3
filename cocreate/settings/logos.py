"""Logo files: an upload is trusted for nothing. Its type is read from its content (never from
the file name), its size and pixel dimensions are checked before it is decoded, and what is
stored is a new PNG that Pillow draws from the decoded pixels: no metadata (EXIF, GPS, comments,
colour profiles) and no bytes of the original survive, and it is at most LOGO_SIDE pixels on its
longest side.

The file is named by its content's hash, which is also the fingerprint in its URL, so it can be
cached for a year: a new logo is a new file and a new URL. Files live in UPLOAD_FOLDER/logos
(instance/uploads by default); several app hosts need a folder they share.
"""

import hashlib
import io
import os
import re
import tempfile
import warnings
from pathlib import Path

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from ..refusals import Refusal

ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")
FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
SUFFIX = ".png"


class LogoError(Refusal):
    """The uploaded file cannot be a logo; the reason says why in plain words."""


def upload_folder() -> Path:
    configured = current_app.config.get("UPLOAD_FOLDER") or ""
    return Path(configured) if configured else Path(current_app.instance_path) / "uploads"


def logo_folder() -> Path:
    return upload_folder() / "logos"


def megabytes(size: int) -> str:
    """A file size for people: "1,5 MB"."""
    return _("%(n)s MB", n=format_decimal(size / (1024 * 1024), format="#,##0.#"))


def prepare_logo(data: bytes) -> bytes:
    """The uploaded bytes → a clean PNG, or LogoError with the reason in Norwegian."""
    config = current_app.config
    max_bytes, max_side = int(config["LOGO_MAX_BYTES"]), int(config["LOGO_MAX_DIMENSION"])
    if not data:
        raise LogoError(_("Fila er tom. Velg en bildefil."))
    if len(data) > max_bytes:
        raise LogoError(
            _(
                "Fila er for stor (%(size)s). Logoen kan være på høyst %(max)s.",
                size=megabytes(len(data)),
                max=megabytes(max_bytes),
            )
        )
    unreadable = _(
        "Fila er ikke et bilde vi kan bruke. Last opp en PNG-, JPEG-, WebP- eller GIF-fil."
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; any such image is far beyond ours.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as image:
                width, height = image.size  # read from the header, nothing decoded yet
                if width > max_side or height > max_side:
                    raise LogoError(
                        _(
                            "Bildet er %(width)s × %(height)s piksler. Logoen kan være på høyst "
                            "%(max)s piksler på hver side.",
                            width=width,
                            height=height,
                            max=max_side,
                        )
                    )
                image.seek(0)  # the first frame of an animation
                image.load()
                return _redraw(image, int(config["LOGO_SIDE"]))
    except LogoError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own guard, met while reading the header: far beyond our limit too.
        raise LogoError(_too_many_pixels(max_side)) from error
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as error:
        raise LogoError(unreadable) from error


def _too_many_pixels(max_side: int) -> str:
    return _(
        "Bildet har altfor mange piksler. Logoen kan være på høyst %(max)s piksler på hver side.",
        max=max_side,
    )


def _redraw(image: Image.Image, side: int) -> bytes:
    """New pixels in a new image: upright (EXIF orientation applied), RGB or RGBA, bounded."""
    upright = ImageOps.exif_transpose(image) or image
    transparent = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    mode = "RGBA" if transparent else "RGB"
    converted = upright.convert(mode)
    converted.thumbnail((side, side), Image.Resampling.LANCZOS)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def store_logo(png: bytes) -> str:
    """Write the PNG under its content's hash (atomically); returns the file's name."""
    name = hashlib.sha256(png).hexdigest()[:16] + SUFFIX
    folder = logo_folder()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(png)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return name


def delete_logo_file(name: str) -> None:
    """Remove a logo file nobody uses any more (called after the commit that let it go)."""
    if FINGERPRINT.match(name.removesuffix(SUFFIX)):
        (logo_folder() / name).unlink(missing_ok=True)


def fingerprint_of(name: str) -> str:
    return name.removesuffix(SUFFIX)
