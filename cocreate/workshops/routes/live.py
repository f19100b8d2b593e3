"""Participants without accounts: join with a code, post notes, dot-vote, check in, and follow a
note later with its receipt code.

Guessing codes does not work: codes are long and random, a wrong code always gets the same 404
page, and wrong guesses are counted per address (correct codes are never counted).
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from ...database import attempt, flash_outcome
from ...extensions import db, limiter
from .. import bp
from ..access import challenge_url, device_key, idea_url, participant_of
from ..codes import format_receipt, normalize_code
from ..forms import CheckinForm, JoinForm, NoteForm
from ..models import Workshop, WorkshopNote, WorkshopStatus
from ..permissions import can_join_workshop
from ..queries import load_wall, my_dots, my_notes, receipt_by_code, workshop_by_code
from ..services import check_in, checkin_choices, has_checked_in
from ..wall import post_note, toggle_dot

# Only misses count, so a room full of people on one Wi-Fi joining with the right code is fine.
CODE_GUESSES = "15/minute;100/hour"
NOTE_POSTS = "6/minute;60/hour"
DOT_CLICKS = "40/minute;400/hour"
PER_ADDRESS = "600/minute"  # a whole venue behind one address


def _missed(response) -> bool:
    return response.status_code == 404


guarded_code = limiter.shared_limit(
    CODE_GUESSES, scope="workshop-code", key_func=get_remote_address, deduct_when=_missed
)


def _joinable(code: str) -> Workshop | None:
    """The workshop with this code, if this person may join it: a workshop of a challenge that
    is still a draft looks like a wrong code to everyone but the municipality's staff."""
    workshop = workshop_by_code(code)
    if workshop is None or not can_join_workshop(current_user, workshop):
        return None
    return workshop


def _wrong_code():
    """The same answer for every wrong code: nothing tells a guesser how close they came."""
    form = JoinForm(formdata=None)
    return render_template("workshops/join.html", form=form, wrong_code=True), 404


def _live_page(workshop: Workshop, note_form: NoteForm | None = None, status: int = 200):
    participant = participant_of(workshop)
    wall = load_wall(workshop)
    dots = my_dots(workshop.id, participant)
    return render_template(
        "workshops/live.html",
        workshop=workshop,
        notes=wall.open_notes,
        my_dots=dots,
        dots_left=max(workshop.dots_per_person - len(dots), 0),
        my_notes=my_notes(workshop.id, participant),
        checked_in=has_checked_in(workshop, participant),
        note_form=note_form or NoteForm(formdata=None),
        challenge_url=challenge_url(workshop.challenge),
        format_receipt=format_receipt,
    ), status


@bp.route("/w", strict_slashes=False)
def join():
    form = JoinForm(request.args)
    if form.kode.data:
        code = normalize_code(form.kode.data)
        if code:
            return redirect(url_for("workshops.live", code=code))
    return render_template("workshops/join.html", form=form, wrong_code=False)


@bp.route("/w/<code>")
@guarded_code
def live(code: str):
    workshop = _joinable(code)
    if workshop is None:
        return _wrong_code()
    if code != workshop.join_code:
        return redirect(url_for("workshops.live", code=workshop.join_code))
    return _live_page(workshop)


@bp.route("/w/<code>/lapper", methods=["POST"])
@guarded_code
@limiter.limit(NOTE_POSTS, key_func=device_key)
@limiter.limit(PER_ADDRESS, key_func=get_remote_address)
def post(code: str):
    workshop = _joinable(code)
    if workshop is None:
        return _wrong_code()
    form = NoteForm()
    if not form.validate_on_submit():
        return _live_page(workshop, form, 400)
    participant = participant_of(workshop)
    done = attempt(lambda: post_note(workshop, participant, form.text.data or ""))
    if done.refusal:
        form.text.errors = [done.refusal.reason]
    elif (note := done.value) is not None:
        flash(
            _(
                "Takk! Lappen er på veggen. Kvitteringskoden din er %(code)s – ta vare på den "
                "for å se hva som skjer med lappen.",
                code=format_receipt(note.receipt_code),
            ),
            "success",
        )
        return redirect(url_for("workshops.live", code=workshop.join_code) + "#mine")
    return _live_page(workshop, form, 400)


@bp.route("/w/<code>/lapper/<int:note_id>/prikk", methods=["POST"])
@guarded_code
@limiter.limit(DOT_CLICKS, key_func=device_key)
@limiter.limit(PER_ADDRESS, key_func=get_remote_address)
def dot(code: str, note_id: int):
    workshop = _joinable(code)
    if workshop is None:
        return _wrong_code()
    note = db.session.get(WorkshopNote, note_id)
    if note is None or note.workshop_id != workshop.id:
        abort(404)
    participant = participant_of(workshop)
    done = attempt(lambda: toggle_dot(note, participant))
    if done.refusal:
        flash(done.refusal.reason, "error")
    else:
        flash(_("Prikken er satt.") if done.value else _("Prikken er tatt bort."), "success")
    return redirect(url_for("workshops.live", code=workshop.join_code) + f"#lapp-{note.id}")


@bp.route("/w/<code>/innsjekk", methods=["GET", "POST"])
@guarded_code
@limiter.limit(NOTE_POSTS, key_func=device_key, methods=["POST"])
def checkin(code: str):
    workshop = _joinable(code)
    if workshop is None:
        return _wrong_code()
    participant = participant_of(workshop)
    choices = checkin_choices(workshop)
    form = CheckinForm()
    form.district.choices = [("", _("Vil ikke svare"))] + [(d, d) for d in choices["district"]]
    if workshop.status is WorkshopStatus.closed or has_checked_in(workshop, participant):
        return redirect(url_for("workshops.live", code=workshop.join_code))
    if form.validate_on_submit():
        answers = {
            "age_band": form.age_band.data,
            "gender": form.gender.data,
            "district": form.district.data,
        }
        done = attempt(lambda: check_in(workshop, participant, answers))
        if flash_outcome(done, _("Takk for at du sjekket inn!")):
            return redirect(url_for("workshops.live", code=workshop.join_code))
    status = 400 if form.errors else 200
    return render_template("workshops/checkin.html", workshop=workshop, form=form), status


@bp.route("/kvittering", strict_slashes=False)
def receipt_lookup():
    raw = request.args.get("kode", "")
    if normalize_code(raw):
        return redirect(url_for("workshops.receipt", code=normalize_code(raw)))
    return render_template("workshops/receipt.html", receipt=None, wrong_code=False)


@bp.route("/kvittering/<code>")
@limiter.limit(CODE_GUESSES, key_func=get_remote_address, deduct_when=_missed)
def receipt(code: str):
    found = receipt_by_code(code)
    if found is None:
        return render_template("workshops/receipt.html", receipt=None, wrong_code=True), 404
    return render_template(
        "workshops/receipt.html",
        receipt=found,
        workshop=found.note.workshop,
        challenge_url=challenge_url(found.note.workshop.challenge),
        idea_url=idea_url(found.idea) if found.idea else None,
        code=format_receipt(found.note.receipt_code),
    )
