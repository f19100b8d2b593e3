"""Notifications page, e-mail preferences, one-click unsubscribe, and the header's unread count."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from .. import sections
from ..accounts.models import User
from ..database import commit
from ..extensions import csrf, db
from ..markup import render_message
from . import bp
from .forms import chosen_delivery, chosen_kinds, preferences_form
from .kinds import kind_label
from .links import read_unsubscribe_token, site_path
from .models import Notification
from .queries import notifications_for
from .services import (
    delivery_of,
    email_opt_outs,
    mark_all_read,
    mark_read,
    set_delivery,
    set_email_preferences,
    unread_count,
)
from .services import (
    unsubscribe as unsubscribe_kind,
)
from .worker import start_for_requests


def _header_nav(user=None, **_context):
    if user is None or not user.is_authenticated:
        return None
    return {"unread": unread_count(user)}


def _account_page(user=None, **_context):
    return {} if user is not None and user.is_authenticated else None


# The first request a process serves starts its outbox sender (without Redis; worker.py).
bp.before_app_request(start_for_requests)

sections.register("header_nav", "notifications/_header_nav.html", _header_nav, order=20)
sections.register("account_page", "notifications/_account_section.html", _account_page)


@bp.route("/varsler")
@login_required
def index():
    page = db.paginate(notifications_for(current_user), per_page=30, error_out=False)
    return render_template(
        "notifications/index.html", page=page, kind_label=kind_label, message_html=message_html
    )


def message_html(text: str) -> Markup:
    """A notification's Markdown as sanitised HTML (bleach, cocreate/markup.py)."""
    return Markup(render_message(text))  # noqa: S704 - cleaned by bleach


@bp.route("/varsler/<int:notification_id>/apne", methods=["POST"])
@login_required
def open_notification(notification_id: int):
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    mark_read(notification)
    commit()
    return redirect(site_path(notification.link) or url_for("notifications.index"))


@bp.route("/varsler/les-alle", methods=["POST"])
@login_required
def read_all():
    count = mark_all_read(current_user)
    commit()
    if count:
        flash(_("Alle varsler er merket som lest."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/konto/varsler", methods=["GET", "POST"])
@login_required
def preferences():
    form = preferences_form(email_opt_outs(current_user), delivery_of(current_user))
    if form.validate_on_submit():
        set_email_preferences(current_user, chosen_kinds(form))
        set_delivery(current_user, chosen_delivery(form))
        commit()
        flash(_("Valgene for e-postvarsler er lagret."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form)


# No CSRF token: the signed token is the proof, and mail clients POST here for one-click
# unsubscribe (RFC 8058) without a session.
@bp.route("/varsler/avmeld/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    data = read_unsubscribe_token(token)
    user = db.session.get(User, data[0]) if data else None
    if data is None or user is None or not user.is_active:
        return render_template("notifications/unsubscribe.html", invalid=True), 404
    kind = data[1]
    if request.method == "POST":
        unsubscribe_kind(user, kind)
        commit()
        return render_template("notifications/unsubscribe.html", done=True, label=kind_label(kind))
    return render_template(
        "notifications/unsubscribe.html", token=token, label=kind_label(kind), done=False
    )
