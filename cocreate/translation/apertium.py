"""Apertium, run locally as a subprocess with a timeout: nothing leaves the machine.

APERTIUM_BIN names the program ("apertium" by default, found on PATH); empty, or a program that is
missing, or a missing nno-nob language pair, turns the feature off (no jobs, originals shown).
"""

import functools
import html as htmllib
import re
import shutil
import subprocess
from pathlib import Path

from flask import current_app

# Apertium's modes for (from, to): into nynorsk with e-infinitives and "vi" (nno_e), the forms
# most public bodies write.
MODES = {("nb", "nn"): "nob-nno_e", ("nn", "nb"): "nno-nob"}
INSTALL_HINT = "apt-get install apertium apertium-nno-nob"
# Texts are translated many to one run (starting Apertium takes seconds): as one HTML document
# whose parts are split by a tag Apertium keeps as it is.
_SPLIT = '<hr data-samskap-split="{}">'
_SPLIT_RE = re.compile(r'\s*<hr data-samskap-split="\d+">\s*')


class ApertiumError(RuntimeError):
    """Apertium failed or took too long."""


def program() -> str | None:
    """The Apertium program this app runs, or None when it is not there."""
    configured = current_app.config.get("APERTIUM_BIN", "apertium")
    if not configured:
        return None
    return shutil.which(configured)


@functools.cache
def _modes(path: str) -> frozenset[str]:
    try:
        done = subprocess.run(  # noqa: S603 - a configured local program, no shell
            [path, "-l"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in done.stdout.splitlines() if line.strip())


def enabled() -> bool:
    """Apertium and its nno-nob pair are installed."""
    path = program()
    if path is None or not Path(path).exists():
        return False
    modes = _modes(path)
    return all(mode in modes for mode in MODES.values())


def translate(text: str, source: str, target: str, *, html: bool = False) -> str:
    """`text` from bokmål to nynorsk or back. HTML keeps its tags and attributes as they are
    (Apertium's html format); unknown words are left unmarked (-u)."""
    path = program()
    if path is None:
        raise ApertiumError("Apertium is not installed")
    mode = MODES[(source, target)]
    try:
        done = subprocess.run(  # noqa: S603 - a configured local program, no shell
            [path, "-u", "-f", "html" if html else "txt", mode],
            input=text,
            capture_output=True,
            text=True,
            timeout=current_app.config.get("APERTIUM_TIMEOUT", 30),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ApertiumError(str(error)) from error
    if done.returncode != 0:
        raise ApertiumError(done.stderr.strip()[:500])
    return done.stdout.rstrip("\n") if not text.endswith("\n") else done.stdout


def translate_many(texts: list[tuple[str, bool]], source: str, target: str) -> list[str]:
    """Each (text, is_html) translated, in one run of Apertium. Plain texts are escaped into the
    document and unescaped out of it, so they come back as plain text."""
    if not texts:
        return []
    parts = [text if is_html else htmllib.escape(text, quote=False) for text, is_html in texts]
    document = "".join(
        (f"\n{_SPLIT.format(i)}\n" if i else "") + part for i, part in enumerate(parts)
    )
    pieces = _SPLIT_RE.split(translate(document, source, target, html=True))
    if len(pieces) != len(texts):  # a part that held the marker itself: one at a time
        return [translate(text, source, target, html=is_html) for text, is_html in texts]
    return [
        piece.strip() if is_html else htmllib.unescape(piece).strip()
        for piece, (_text, is_html) in zip(pieces, texts, strict=True)
    ]
