"""The live wall: notes, dot votes, hiding, merging duplicates and themes. Services flush only.

Dot rule: a participant puts at most one dot on a note (like one support per idea) and at most
`dots_per_person` dots in the workshop. Merging moves dots to the kept note; where someone had
dotted both notes, the extra dot is removed and goes back to that person to spend again. Hiding a
note gives its dots back the same way.
"""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..audit.services import record_event
from ..extensions import db
from ..ideas.reasons import REASONS
from .codes import new_receipt_code
from .models import NOTE_TEXT, THEME_TITLE, Workshop, WorkshopDot, WorkshopNote, WorkshopTheme
from .permissions import why_not_post_notes
from .services import WorkshopError


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise WorkshopError(_("Skriv noe på lappen."))
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise WorkshopError(_("Teksten inneholder tegn som ikke er tillatt."))
    return NOTE_TEXT.enforce(text, WorkshopError)


def _add_note(workshop: Workshop, **fields) -> WorkshopNote:
    for _attempt in range(10):
        note = WorkshopNote(workshop_id=workshop.id, receipt_code=new_receipt_code(), **fields)
        try:
            with db.session.begin_nested():
                db.session.add(note)
                db.session.flush()
        except IntegrityError:  # receipt code taken; draw another
            continue
        return note
    raise WorkshopError(_("Lappen kunne ikke lagres. Prøv igjen."))


def _check_session_open(workshop: Workshop) -> None:
    if reason := why_not_post_notes(workshop):
        raise WorkshopError(reason)


def post_note(workshop: Workshop, participant: str, text: str) -> WorkshopNote:
    """A participant's note (≤ 280 characters) while the session is live; it gets a receipt."""
    _check_session_open(workshop)
    return _add_note(workshop, participant_hash=participant, text=_clean_text(text))


def add_offline_note(
    workshop: Workshop, text: str, *, dots: int = 0, actor: User | None
) -> WorkshopNote:
    """A post-it typed in by the facilitator, with the dot stickers it got on the physical wall."""
    if dots < 0 or dots > 10_000:
        raise WorkshopError(_("Antall prikker må være 0 eller mer."))
    note = _add_note(workshop, participant_hash=None, text=_clean_text(text), offline_dots=dots)
    record_event(
        "workshop.note_typed_in",
        actor=actor,
        municipality=workshop.challenge.municipality,
        subject=note,
        workshop_id=workshop.id,
    )
    return note


def _dots_of(workshop: Workshop, participant: str) -> list[WorkshopDot]:
    return list(
        db.session.scalars(
            select(WorkshopDot).where(
                WorkshopDot.workshop_id == workshop.id,
                WorkshopDot.participant_hash == participant,
            )
        )
    )


def toggle_dot(note: WorkshopNote, participant: str) -> bool:
    """Put a dot on the note, or take it back; True when a dot was placed."""
    workshop = note.workshop
    _check_session_open(workshop)
    if not note.on_wall:
        raise WorkshopError(_("Denne lappen kan ikke få prikker lenger."))
    dots = _dots_of(workshop, participant)
    mine = next((d for d in dots if d.note_id == note.id), None)
    if mine is not None:
        db.session.delete(mine)
        db.session.flush()
        return False
    if len(dots) >= workshop.dots_per_person:
        raise WorkshopError(
            ngettext(
                "Du har brukt prikken din. Ta den tilbake for å flytte den.",
                "Du har brukt alle dine %(num)s prikker. Ta en tilbake for å flytte den.",
                workshop.dots_per_person,
            )
        )
    used = {d.slot for d in dots}
    slot = next(s for s in range(1, workshop.dots_per_person + 1) if s not in used)
    try:
        with db.session.begin_nested():
            db.session.add(
                WorkshopDot(
                    workshop_id=workshop.id,
                    note_id=note.id,
                    participant_hash=participant,
                    slot=slot,
                )
            )
            db.session.flush()
    except IntegrityError as error:  # a parallel click took the same note or slot
        raise WorkshopError(_("Prikken ble ikke lagret. Prøv igjen.")) from error
    return True


def _check_open(note: WorkshopNote) -> None:
    if note.idea_id is not None:
        raise WorkshopError(_("Lappen er allerede publisert som innspill."))
    if note.merged_into_id is not None:
        raise WorkshopError(_("Lappen er allerede slått sammen med en annen."))


def hide_note(note: WorkshopNote, reason: str, *, actor: User | None) -> WorkshopNote:
    """Take a note off the wall, naming a reason category; its dots go back to their owners."""
    _check_open(note)
    if reason not in REASONS:
        raise WorkshopError(_("Velg en grunn."))
    note.hidden = True
    note.hidden_reason = reason
    db.session.execute(delete(WorkshopDot).where(WorkshopDot.note_id == note.id))
    db.session.flush()
    record_event(
        "workshop.note_hidden",
        actor=actor,
        municipality=note.workshop.challenge.municipality,
        subject=note,
        reason=reason,
    )
    return note


def restore_note(note: WorkshopNote, *, actor: User | None) -> WorkshopNote:
    """Put a hidden note back on the wall (without the dots it had)."""
    _check_open(note)
    note.hidden = False
    note.hidden_reason = None
    db.session.flush()
    record_event(
        "workshop.note_restored",
        actor=actor,
        municipality=note.workshop.challenge.municipality,
        subject=note,
    )
    return note


def merge_notes(
    duplicate: WorkshopNote, target: WorkshopNote, *, actor: User | None
) -> WorkshopNote:
    """Fold a duplicate into the kept note: dots move over, nobody is counted twice."""
    if duplicate.id == target.id:
        raise WorkshopError(_("Velg to forskjellige lapper."))
    if duplicate.workshop_id != target.workshop_id:
        raise WorkshopError(_("Lappene hører til forskjellige verksteder."))
    _check_open(duplicate)
    _check_open(target)
    if target.hidden:
        raise WorkshopError(_("Lappen du slår sammen inn i, er skjult."))
    already_on_target = select(WorkshopDot.participant_hash).where(WorkshopDot.note_id == target.id)
    db.session.execute(
        delete(WorkshopDot).where(
            WorkshopDot.note_id == duplicate.id,
            WorkshopDot.participant_hash.in_(already_on_target),
        )
    )
    db.session.execute(
        update(WorkshopDot).where(WorkshopDot.note_id == duplicate.id).values(note_id=target.id)
    )
    # Notes merged into the duplicate earlier now point straight at the kept note.
    db.session.execute(
        update(WorkshopNote)
        .where(WorkshopNote.merged_into_id == duplicate.id)
        .values(merged_into_id=target.id)
    )
    target.offline_dots += duplicate.offline_dots
    duplicate.offline_dots = 0
    duplicate.merged_into_id = target.id
    if target.theme_id is None:
        target.theme_id = duplicate.theme_id
    db.session.flush()
    db.session.expire_all()
    record_event(
        "workshop.notes_merged",
        actor=actor,
        municipality=target.workshop.challenge.municipality,
        subject=duplicate,
        target_id=target.id,
    )
    return target


def create_theme(workshop: Workshop, title: str, *, actor: User | None) -> WorkshopTheme:
    """A named group of notes on the wall."""
    title = THEME_TITLE.enforce((title or "").strip(), WorkshopError)
    theme = WorkshopTheme(workshop_id=workshop.id, title=title)
    db.session.add(theme)
    db.session.flush()
    record_event(
        "workshop.theme_created",
        actor=actor,
        municipality=workshop.challenge.municipality,
        subject=theme,
    )
    return theme


def set_note_theme(note: WorkshopNote, theme: WorkshopTheme | None) -> WorkshopNote:
    """Put a note in a theme, or take it out (theme None)."""
    _check_open(note)
    if theme is not None:
        if theme.workshop_id != note.workshop_id:
            raise WorkshopError(_("Temaet hører til et annet verksted."))
        if theme.idea_id is not None:
            raise WorkshopError(_("Temaet er allerede publisert."))
    note.theme_id = theme.id if theme else None
    db.session.flush()
    return note


def delete_theme(theme: WorkshopTheme, *, actor: User | None) -> None:
    """Remove an unpublished theme; its notes stay on the wall without a theme."""
    if theme.idea_id is not None:
        raise WorkshopError(_("Et publisert tema kan ikke slettes."))
    db.session.execute(
        update(WorkshopNote).where(WorkshopNote.theme_id == theme.id).values(theme_id=None)
    )
    record_event(
        "workshop.theme_deleted",
        actor=actor,
        municipality=db.session.get_one(Workshop, theme.workshop_id).challenge.municipality,
        subject=theme,
        title=theme.title,
    )
    db.session.delete(theme)
    db.session.flush()
