"""Register, verify, log in and out, reset and change password, settings."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..database import attempt, commit, rollback
from ..extensions import limiter, login_manager
from ..redirects import same_site_path
from . import bp, readers  # noqa: F401 - readers: who may share a kept page (shells.py)
from .forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    SettingsForm,
)
from .models import User
from .services import (
    authenticate,
    change_password,
    register_user,
    request_password_reset,
    reset_password,
    send_verification_email,
    update_settings,
    user_for_reset_token,
    verify_email,
)
from .sessions import end_session, log_out_everywhere, start_session, user_for_session

login_manager.login_message = "Logg inn for å fortsette."


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    return user_for_session(session_id)


def log_in(user: User, *, remember: bool = False) -> None:
    """Start a new session for the person in this browser (after the commit)."""
    start_session(user, remember=remember)
    login_user(user, remember=remember)


def safe_next(default: str) -> str:
    """Only same-site paths are followed after log-in (no open redirect)."""
    target = request.args.get("next") or request.form.get("next")
    return same_site_path(target) or default


@bp.route("/registrer", methods=["GET", "POST"])
@limiter.limit("5/minute;30/hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("site.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        # The same answer whether or not the address has an account: the e-mail tells the rest.
        register_user(
            form.email.data or "",
            form.display_name.data or "",
            form.password.data or "",
            locale=str(get_locale()),
        )
        commit()
        flash(
            _(
                "Sjekk e-posten din: vi har sendt en e-post til adressen du oppga. "
                "Følg lenken i den for å komme videre."
            ),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form)


@bp.route("/bekreft/<token>")
def verify(token: str):
    result = verify_email(token)
    if result is None:
        rollback()
        flash(_("Lenken er ugyldig eller utløpt. Logg inn og be om en ny."), "error")
        return redirect(url_for("accounts.login"))
    user, first_time = result
    commit()
    if current_user.is_authenticated:
        flash(_("Takk! E-postadressen din er bekreftet."), "success")
    elif first_time:
        # The link finishes the registration; later clicks no longer log in.
        log_in(user)
        flash(_("Takk! E-postadressen din er bekreftet, og du er logget inn."), "success")
    else:
        flash(_("E-postadressen din er allerede bekreftet. Logg inn for å fortsette."), "info")
        return redirect(url_for("accounts.login"))
    return redirect(url_for("site.index"))


@bp.route("/bekreft-pa-nytt", methods=["POST"])
@login_required
@limiter.limit("3/minute;10/hour")
def resend_verification():
    if not current_user.is_verified:
        send_verification_email(current_user)
        flash(_("Vi har sendt en ny bekreftelseslenke."), "success")
    return redirect(url_for("accounts.settings"))


@bp.route("/logg-inn", methods=["GET", "POST"])
@limiter.limit("10/minute;50/hour", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("site.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            commit()  # keeps the audit row of the failed attempt
            form.password.errors = [
                *form.password.errors,
                _(
                    "Feil e-postadresse eller passord. Har du nettopp registrert deg, følg først "
                    "lenken i e-posten vi sendte deg, eller be om nytt passord."
                ),
            ]
        else:
            commit()
            log_in(user, remember=form.remember.data)
            flash(_("Du er logget inn."), "success")
            return redirect(safe_next(url_for("site.index")))
    return render_template("accounts/login.html", form=form)


@bp.route("/logg-ut", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        end_session(current_user)
        commit()
    logout_user()
    flash(_("Du er logget ut."), "success")
    return redirect(url_for("site.index"))


@bp.route("/konto/logg-ut-overalt", methods=["POST"])
@login_required
def logout_everywhere():
    log_out_everywhere(current_user)
    commit()
    logout_user()
    flash(_("Du er logget ut på alle enheter."), "success")
    return redirect(url_for("site.index"))


@bp.route("/glemt-passord", methods=["GET", "POST"])
@limiter.limit("5/minute;20/hour", methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data or "")
        commit()
        flash(
            _("Hvis adressen har en konto hos oss, får du snart en e-post med en lenke."), "success"
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/nytt-passord/<token>", methods=["GET", "POST"], endpoint="reset_password")
@limiter.limit("10/minute", methods=["POST"])
def reset_password_view(token: str):
    if user_for_reset_token(token) is None:
        flash(_("Lenken for nytt passord er ugyldig, utløpt eller allerede brukt."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user = reset_password(token, form.password.data or "")
        if user is None:
            abort(400)
        commit()
        logout_user()
        flash(_("Passordet er endret. Logg inn med det nye passordet."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/konto/passord", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_view():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        remember = user.login_session is not None and user.login_session.remember
        done = attempt(
            lambda: change_password(user, form.current.data or "", form.password.data or "")
        )
        if done.refusal:
            form.current.errors = [*form.current.errors, done.refusal.reason]
        else:
            # Every session has ended; this browser carries on in a new one.
            log_in(user, remember=remember)
            flash(_("Passordet er endret. Andre innlogginger er logget ut."), "success")
            return redirect(url_for("accounts.settings"))
    return render_template("accounts/change_password.html", form=form)


@bp.route("/konto", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(obj=current_user)
    if request.method == "GET":
        form.locale.data = current_user.locale or ""
    if form.validate_on_submit():
        update_settings(
            current_user,
            display_name=form.display_name.data or "",
            show_name=form.show_name.data,
            locale=form.locale.data,
        )
        commit()
        flash(_("Innstillingene er lagret."), "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form)
