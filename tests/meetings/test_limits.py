"""The sign-up form and the cancel link are rate-limited, with the Norwegian 429 page."""

from cocreate.extensions import db
from tests.security.test_feature_limits import _limited_after, limits_on  # noqa: F401


def test_sign_ups_are_limited(limits_on, client, meetings):  # noqa: F811
    db.session.commit()
    url = f"/k/heimby/moter/{meetings.meeting.id}/pamelding"
    _limited_after(client, "POST", url, 10, {"name": ""})


def test_guessing_cancel_links_is_limited(limits_on, client, meetings):  # noqa: F811
    _limited_after(client, "GET", "/moter/avmelding/gjettet", 20)
