"""The document's next version and what changed, section by section.

After the hearing staff publish version n+1: the sections edited from version n, with a note of
what changed. The diff pairs the two versions' sections by their headings (difflib over the
list of headings, so a section removed in the middle does not mark every later one changed) and
compares the text of each pair word by word. Pure reads apart from publish_next_version().
"""

import difflib
import enum
import re
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..accounts.models import User
from ..accounts.permissions import is_staff
from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..markup import render_markdown
from ..page_generations import changed
from ..refusals import Refusal, require
from .assess import deadline_passed
from .models import (
    SECTION_BODY,
    SECTION_HEADING,
    VERSION_NOTE,
    Hearing,
    HearingSection,
    HearingVersion,
)

# A version with more sections than this is refused (the form shows one field pair a section).
MAX_SECTIONS = 200


class VersionError(Refusal):
    """A heading, text or note missing or too long, or nothing in the version."""


class Change(enum.Enum):
    same = "same"
    changed = "changed"
    added = "added"
    removed = "removed"

    @property
    def label(self) -> str:
        return str(CHANGE_LABELS[self])


CHANGE_LABELS = {
    Change.same: _l("Uendret"),
    Change.changed: _l("Endret"),
    Change.added: _l("Nytt avsnitt"),
    Change.removed: _l("Fjernet avsnitt"),
}


@dataclass
class SectionDiff:
    """One section in the comparison: before (None when added), after (None when removed), and
    the words of its text: (op, text) with op "=", "+" or "-"."""

    change: Change
    before: HearingSection | None
    after: HearingSection | None
    words: list[tuple[str, str]] = field(default_factory=list)
    heading_changed: bool = False

    @property
    def number(self) -> int:
        shown = self.after or self.before
        assert shown is not None
        return shown.number

    @property
    def heading(self) -> str:
        shown = self.after or self.before
        assert shown is not None
        return shown.heading


# --- Rules ---------------------------------------------------------------------------------------


def why_not_publish_version(user: Any, hearing: Hearing) -> str | None:
    """Facilitators and administrators publish a next version, after the deadline."""
    if not is_staff(user, hearing.municipality_id):
        return _("Bare kommunens fasilitatorer og administratorer kan publisere en ny versjon.")
    if not deadline_passed(hearing):
        return _("En ny versjon av dokumentet kan publiseres når høringsfristen er ute.")
    return None


def can_publish_version(user: Any, hearing: Hearing) -> bool:
    return why_not_publish_version(user, hearing) is None


def can_see_version(user: Any, version: HearingVersion) -> bool:
    """A published version of an opened hearing is public; staff see every version."""
    hearing = version.hearing
    if is_staff(user, hearing.municipality_id):
        return True
    published = version.published_at is not None or version.number == 1
    return hearing.opened_at is not None and published


# --- Reads ---------------------------------------------------------------------------------------


def versions_of(hearing_id: int) -> list[HearingVersion]:
    return list(
        db.session.scalars(
            select(HearingVersion)
            .where(HearingVersion.hearing_id == hearing_id)
            .order_by(HearingVersion.number)
        )
    )


def version(hearing_id: int, number: int) -> HearingVersion | None:
    return db.session.scalar(
        select(HearingVersion).where(
            HearingVersion.hearing_id == hearing_id, HearingVersion.number == number
        )
    )


def latest_version(hearing_id: int) -> HearingVersion | None:
    return db.session.scalar(
        select(HearingVersion)
        .where(HearingVersion.hearing_id == hearing_id)
        .order_by(HearingVersion.number.desc())
        .limit(1)
    )


def sections_of(version_id: int) -> list[HearingSection]:
    return list(
        db.session.scalars(
            select(HearingSection)
            .where(HearingSection.version_id == version_id)
            .order_by(HearingSection.number)
        )
    )


def _words(text: str) -> list[str]:
    # Words with the space after them, so joining the pieces gives the text back.
    return re.findall(r"\S+\s*|\s+", text)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The text's words as kept ("="), added ("+") and removed ("-"), in reading order."""
    old, new = _words(before), _words(after)
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("=", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("-", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("+", "".join(new[j1:j2])))
    return pieces


def _pair(before: HearingSection, after: HearingSection) -> SectionDiff:
    same = before.heading == after.heading and before.body == after.body
    return SectionDiff(
        Change.same if same else Change.changed,
        before,
        after,
        word_diff(before.body, after.body),
        heading_changed=before.heading != after.heading,
    )


def _alike(before: str, after: str) -> bool:
    """Two texts share at least half their words."""
    matcher = difflib.SequenceMatcher(a=_words(before), b=_words(after), autojunk=False)
    return matcher.ratio() >= 0.5


def compare(old: list[HearingSection], new: list[HearingSection]) -> list[SectionDiff]:
    """The sections of two versions paired up, in the new version's order (removed ones where
    they stood)."""
    matcher = difflib.SequenceMatcher(
        a=[s.heading for s in old], b=[s.heading for s in new], autojunk=False
    )
    result: list[SectionDiff] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old[i1:i2], new[j1:j2]
        if op == "equal":
            result += [_pair(a, b) for a, b in zip(olds, news, strict=True)]
            continue
        # A replaced run: a pair by position whose text is still much the same is an edit (a
        # renamed section); the rest are removed and added.
        paired = 0
        if op == "replace":
            for a, b in zip(olds, news, strict=False):
                if not _alike(a.body, b.body):
                    break
                paired += 1
        result += [_pair(a, b) for a, b in zip(olds[:paired], news[:paired], strict=True)]
        result += [SectionDiff(Change.removed, a, None, [("-", a.body)]) for a in olds[paired:]]
        result += [SectionDiff(Change.added, None, b, [("+", b.body)]) for b in news[paired:]]
    return result


def diff_versions(hearing_id: int, number: int) -> list[SectionDiff] | None:
    """Version `number` against the one before it; None for the first version."""
    if number <= 1:
        return None
    previous, current = version(hearing_id, number - 1), version(hearing_id, number)
    if previous is None or current is None:
        return None
    return compare(sections_of(previous.id), sections_of(current.id))


def change_lines(diffs: list[SectionDiff]) -> list[str]:
    """One line per changed section, for the merknadsbehandling's list of changes."""
    return [
        _(
            "%(label)s: avsnitt %(number)s, %(heading)s",
            label=d.change.label,
            number=d.number,
            heading=d.heading,
        )
        for d in diffs
        if d.change is not Change.same
    ]


# --- State changes -------------------------------------------------------------------------------


def publish_next_version(
    hearing: Hearing, *, note: str, sections: list[tuple[str, str]], actor: User
) -> HearingVersion:
    """Publish version n+1 with these sections (heading, Markdown), numbered in order, and a
    note of what changed."""
    require(why_not_publish_version(actor, hearing))
    note = VERSION_NOTE.enforce((note or "").strip(), VersionError)
    if not note:
        raise VersionError(_("Skriv kort hva som er endret i den nye versjonen."))
    cleaned = [((h or "").strip(), (b or "").strip()) for h, b in sections]
    cleaned = [(h, b) for h, b in cleaned if h or b]
    if not cleaned:
        raise VersionError(_("Den nye versjonen må ha minst ett avsnitt."))
    if len(cleaned) > MAX_SECTIONS:
        raise VersionError(_("Et dokument kan ha høyst %(max)s avsnitt.", max=MAX_SECTIONS))
    for heading, body in cleaned:
        SECTION_HEADING.enforce(heading, VersionError)
        SECTION_BODY.enforce(body, VersionError)
    highest = db.session.scalar(
        select(func.max(HearingVersion.number)).where(HearingVersion.hearing_id == hearing.id)
    )
    new = HearingVersion(
        hearing_id=hearing.id, number=(highest or 0) + 1, note=note, published_at=utcnow()
    )
    db.session.add(new)
    db.session.flush()
    for number, (heading, body) in enumerate(cleaned, start=1):
        db.session.add(
            HearingSection(
                version_id=new.id,
                number=number,
                heading=heading,
                body=body,
                body_html=render_markdown(body),
            )
        )
    db.session.flush()
    record_event(
        "hearing.version_published",
        actor=actor,
        municipality=hearing.municipality,
        subject=hearing,
        number=new.number,
        sections=len(cleaned),
    )
    changed(hearing.municipality_id)
    return new
