"""Every route of the app, for every role, against an expectations table.

The test walks app.url_map, so a route added by any feature without an entry in EXPECTATIONS
fails `test_every_route_has_an_expectation`. Each (endpoint, method) is requested once per role
with real objects from tests/security/scene.py (POSTs carry no form data: the point is who gets
in, not what the form accepts). Outcomes:

  OK     allowed: 2xx, a redirect that is not to the log-in page, or 400/409/422 for the empty form
  LOGIN  302 to /logg-inn
  DENY   403
  HIDDEN 404 (the route does not reveal that the thing exists to this person)

A case officer (the scene's, whose department has the scene's idea) gets what a citizen gets,
except where CASE_OFFICER says otherwise: they are not staff (issue 23).
"""

import pytest
from flask import url_for

from tests.security.isolation import rolled_back
from tests.security.scene import MissingArgument, build_scene, route_args

OK, LOGIN, DENY, HIDDEN = "ok", "login", "deny", "hidden"
ROLES = ("anonymous", "citizen", "other_facilitator", "facilitator", "admin")
MATRIX_ROLES = (*ROLES, "case_officer")
SKIP_METHODS = {"HEAD", "OPTIONS"}


def expect(anonymous, citizen, other_facilitator, facilitator, admin):
    return dict(
        zip(ROLES, (anonymous, citizen, other_facilitator, facilitator, admin), strict=True)
    )


PUBLIC = expect(OK, OK, OK, OK, OK)
SIGNED_IN = expect(LOGIN, OK, OK, OK, OK)
STAFF = expect(LOGIN, DENY, DENY, OK, OK)
ADMIN = expect(LOGIN, DENY, DENY, DENY, OK)
# Pages only for someone who is not logged in (log-in, registration): others are sent onwards.
GUEST = PUBLIC
NOBODY = expect(HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN)
# The notification belongs to the citizen; nobody else learns it exists.
OWNER_ONLY = expect(LOGIN, OK, HIDDEN, HIDDEN, HIDDEN)

EXPECTATIONS: dict[tuple[str, str], dict[str, str]] = {
    # site
    ("site.index", "GET"): PUBLIC,
    ("site.about_roadmap", "GET"): PUBLIC,
    ("site.accessibility", "GET"): PUBLIC,
    ("site.municipality_accessibility", "GET"): PUBLIC,
    ("site.accessibility_settings", "GET"): ADMIN,
    ("site.accessibility_settings", "POST"): ADMIN,
    ("site.healthz", "GET"): PUBLIC,
    ("site.set_language", "GET"): PUBLIC,
    ("site.set_language", "POST"): PUBLIC,
    ("static", "GET"): PUBLIC,
    # accounts
    ("accounts.login", "GET"): GUEST,
    ("accounts.login", "POST"): GUEST,
    ("accounts.register", "GET"): GUEST,
    ("accounts.register", "POST"): GUEST,
    ("accounts.logout", "POST"): PUBLIC,
    ("accounts.logout_everywhere", "POST"): SIGNED_IN,
    # An invalid link sends everyone to the log-in page with a message.
    ("accounts.verify", "GET"): expect(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    ("accounts.resend_verification", "POST"): SIGNED_IN,
    ("accounts.forgot_password", "GET"): PUBLIC,
    ("accounts.forgot_password", "POST"): PUBLIC,
    ("accounts.reset_password", "GET"): PUBLIC,
    ("accounts.reset_password", "POST"): PUBLIC,
    ("accounts.change_password", "GET"): SIGNED_IN,
    ("accounts.change_password", "POST"): SIGNED_IN,
    ("accounts.settings", "GET"): SIGNED_IN,
    ("accounts.settings", "POST"): SIGNED_IN,
    # oidc: no OpenID provider is configured in the test app, so its routes are not there (404);
    # with one (tests/oidc) anyone may start a log-in, a signed-in person to verify their account.
    ("oidc.start", "GET"): NOBODY,
    ("oidc.callback", "GET"): NOBODY,
    # challenges
    ("challenges.municipality", "GET"): PUBLIC,
    ("challenges.principle", "GET"): PUBLIC,
    ("challenges.detail", "GET"): PUBLIC,
    ("challenges.create", "GET"): STAFF,
    ("challenges.create", "POST"): STAFF,
    ("challenges.edit", "GET"): STAFF,
    ("challenges.edit", "POST"): STAFF,
    ("challenges.change_phase", "GET"): STAFF,
    ("challenges.change_phase", "POST"): STAFF,
    # following a whole challenge, a district or a principle: anyone signed in
    ("challenges.follow_challenge", "POST"): SIGNED_IN,
    ("challenges.unfollow_challenge", "POST"): SIGNED_IN,
    ("challenges.follow_district", "POST"): SIGNED_IN,
    ("challenges.unfollow_district", "POST"): SIGNED_IN,
    ("challenges.follow_principle", "POST"): SIGNED_IN,
    ("challenges.unfollow_principle", "POST"): SIGNED_IN,
    # ideas
    ("ideas.index", "GET"): PUBLIC,
    ("ideas.detail", "GET"): PUBLIC,
    ("ideas.new", "GET"): SIGNED_IN,
    ("ideas.new", "POST"): SIGNED_IN,
    ("ideas.edit", "GET"): expect(LOGIN, DENY, DENY, DENY, DENY),  # only the author
    ("ideas.edit", "POST"): expect(LOGIN, DENY, DENY, DENY, DENY),
    ("ideas.support", "POST"): SIGNED_IN,
    ("ideas.withdraw", "POST"): SIGNED_IN,
    ("ideas.comment", "POST"): SIGNED_IN,
    ("ideas.edit_comment_view", "GET"): expect(LOGIN, DENY, DENY, DENY, DENY),
    ("ideas.edit_comment_view", "POST"): expect(LOGIN, DENY, DENY, DENY, DENY),
    # pipeline
    ("pipeline.answer_inbox", "GET"): STAFF,
    ("pipeline.board", "GET"): STAFF,
    ("pipeline.move", "GET"): STAFF,
    ("pipeline.move", "POST"): STAFF,
    # The scene's idea has no answer yet: there is nothing to correct, and staff are told so
    # (403 with the reason). tests/pipeline/test_correction_routes.py covers an answered one.
    ("pipeline.correct", "GET"): expect(LOGIN, DENY, DENY, DENY, DENY),
    ("pipeline.correct", "POST"): expect(LOGIN, DENY, DENY, DENY, DENY),
    ("pipeline.progress", "GET"): STAFF,
    ("pipeline.progress", "POST"): STAFF,
    ("pipeline.follow", "POST"): SIGNED_IN,
    ("pipeline.unfollow", "POST"): SIGNED_IN,
    ("pipeline.from_words_to_action", "GET"): PUBLIC,
    ("pipeline.my_ideas_page", "GET"): SIGNED_IN,
    # answers: internal notes, answer templates, one answer to many inputs
    ("answers.notes", "GET"): STAFF,
    ("answers.notes", "POST"): STAFF,
    # The scene's note is the facilitator's: only its author may change it.
    ("answers.note", "GET"): expect(LOGIN, DENY, DENY, OK, DENY),
    ("answers.note", "POST"): expect(LOGIN, DENY, DENY, OK, DENY),
    ("answers.templates", "GET"): ADMIN,
    ("answers.templates", "POST"): ADMIN,
    ("answers.template", "GET"): ADMIN,
    ("answers.template", "POST"): ADMIN,
    ("answers.delete", "POST"): ADMIN,
    ("answers.bulk", "GET"): STAFF,
    ("answers.bulk", "POST"): STAFF,
    # moderation
    ("moderation.queue", "GET"): STAFF,
    ("moderation.log", "GET"): ADMIN,
    ("moderation.subject", "GET"): STAFF,
    ("moderation.act", "POST"): STAFF,
    ("moderation.person", "GET"): STAFF,
    ("moderation.person_act", "POST"): STAFF,
    # Staff act on content themselves instead of reporting it in their own municipality.
    ("moderation.report", "GET"): expect(LOGIN, OK, OK, DENY, DENY),
    ("moderation.report", "POST"): expect(LOGIN, OK, OK, DENY, DENY),
    # notifications
    ("notifications.index", "GET"): SIGNED_IN,
    ("notifications.read_all", "POST"): SIGNED_IN,
    ("notifications.open_notification", "POST"): OWNER_ONLY,
    ("notifications.preferences", "GET"): SIGNED_IN,
    ("notifications.preferences", "POST"): SIGNED_IN,
    # An invalid token: the same 404 for everyone.
    ("notifications.unsubscribe", "GET"): NOBODY,
    ("notifications.unsubscribe", "POST"): NOBODY,
    # workshops (staff side)
    ("workshops.create", "GET"): STAFF,
    ("workshops.create", "POST"): STAFF,
    ("workshops.edit", "GET"): STAFF,
    ("workshops.edit", "POST"): STAFF,
    ("workshops.manage", "GET"): STAFF,
    ("workshops.change_status", "POST"): STAFF,
    ("workshops.headcount", "POST"): STAFF,
    ("workshops.qr_code", "GET"): STAFF,
    ("workshops.wall", "GET"): STAFF,
    ("workshops.wall_json", "GET"): STAFF,
    ("workshops.add_theme", "POST"): STAFF,
    ("workshops.remove_theme", "POST"): STAFF,
    ("workshops.note_theme", "POST"): STAFF,
    ("workshops.hide", "POST"): STAFF,
    ("workshops.restore", "POST"): STAFF,
    ("workshops.merge", "POST"): STAFF,
    ("workshops.postit", "POST"): STAFF,
    ("workshops.publish", "GET"): STAFF,
    ("workshops.publish", "POST"): STAFF,
    ("workshops.offline_input", "GET"): STAFF,
    ("workshops.offline_input", "POST"): STAFF,
    # workshops (participants without accounts)
    ("workshops.join", "GET"): PUBLIC,
    ("workshops.live", "GET"): PUBLIC,
    ("workshops.post", "POST"): PUBLIC,
    ("workshops.dot", "POST"): PUBLIC,
    ("workshops.checkin", "GET"): PUBLIC,
    ("workshops.checkin", "POST"): PUBLIC,
    ("workshops.receipt", "GET"): PUBLIC,
    ("workshops.receipt_lookup", "GET"): PUBLIC,
    # metrics
    ("metrics.dashboard", "GET"): ADMIN,
    ("metrics.chart", "GET"): ADMIN,
    ("metrics.print_view", "GET"): ADMIN,
    ("metrics.figures", "GET"): ADMIN,
    ("metrics.population", "GET"): ADMIN,
    ("metrics.population", "POST"): ADMIN,
    ("metrics.publish", "GET"): ADMIN,
    ("metrics.publish", "POST"): ADMIN,
    ("metrics.public", "GET"): PUBLIC,
    # Not published in the scene: nobody sees it, staff included.
    ("metrics.public_chart", "GET"): NOBODY,
    # "Ble du hørt?" opens when the challenge is concluded; the scene's challenge is open.
    ("metrics.survey", "GET"): expect(LOGIN, DENY, DENY, DENY, DENY),
    ("metrics.survey", "POST"): expect(LOGIN, DENY, DENY, DENY, DENY),
    # Only those the follow-up run invited (nobody in the scene).
    ("metrics.followup", "GET"): expect(LOGIN, DENY, DENY, DENY, DENY),
    ("metrics.followup", "POST"): expect(LOGIN, DENY, DENY, DENY, DENY),
    # exports
    ("exports.index", "GET"): ADMIN,
    ("exports.download", "GET"): ADMIN,
    ("exports.datapackage", "GET"): PUBLIC,
    # archive: staff record numbers, admins take out the package
    ("archive.case_number", "POST"): STAFF,
    ("archive.input_number", "POST"): STAFF,
    # The scene has no answer: staff are let through to a 404, everyone else is stopped before.
    ("archive.answer_number", "POST"): expect(LOGIN, DENY, DENY, HIDDEN, HIDDEN),
    ("archive.index", "GET"): ADMIN,
    ("archive.download", "POST"): ADMIN,
    # api (read-only, public)
    ("api.openapi", "GET"): PUBLIC,
    ("api.search_items", "GET"): PUBLIC,  # 400 without q
    ("api.principles", "GET"): PUBLIC,
    ("api.municipalities", "GET"): PUBLIC,
    ("api.municipality", "GET"): PUBLIC,
    ("api.municipality_challenges", "GET"): PUBLIC,
    ("api.challenge", "GET"): PUBLIC,
    ("api.challenge_ideas", "GET"): PUBLIC,
    ("api.idea", "GET"): PUBLIC,
    ("api.municipality_metrics", "GET"): PUBLIC,
    # A public scope only from 10 participants; the scene's challenge has fewer (issue 15).
    ("api.challenge_metrics", "GET"): NOBODY,
    # privacy
    ("privacy.platform_statement", "GET"): PUBLIC,
    ("privacy.municipality_statement", "GET"): PUBLIC,
    ("privacy.edit_statement", "GET"): ADMIN,
    ("privacy.edit_statement", "POST"): ADMIN,
    ("privacy.overview", "GET"): SIGNED_IN,
    ("privacy.export", "POST"): SIGNED_IN,
    ("privacy.delete_account", "GET"): SIGNED_IN,
    ("privacy.delete_account", "POST"): SIGNED_IN,
    ("privacy.profile", "GET"): SIGNED_IN,
    ("privacy.profile", "POST"): SIGNED_IN,
    ("privacy.withdraw", "POST"): SIGNED_IN,
    ("privacy.erase_sender", "POST"): STAFF,
    # members: the staff page and its actions are the administrators'
    ("members.index", "GET"): ADMIN,
    ("members.invite", "POST"): ADMIN,
    ("members.resend", "POST"): ADMIN,
    ("members.withdraw", "POST"): ADMIN,
    ("members.change", "POST"): ADMIN,
    ("members.remove", "POST"): ADMIN,
    # An invalid invitation link: the same 404 for everyone.
    ("members.accept", "GET"): NOBODY,
    ("members.accept", "POST"): NOBODY,
    # settings (a municipality's description, logo, contact address and districts)
    ("settings.edit", "GET"): ADMIN,
    ("settings.edit", "POST"): ADMIN,
    ("settings.upload_logo", "POST"): ADMIN,
    ("settings.delete_logo", "POST"): ADMIN,
    ("settings.sharing", "POST"): ADMIN,
    ("settings.add_district", "POST"): ADMIN,
    ("settings.rename", "POST"): ADMIN,
    ("settings.merge", "POST"): ADMIN,
    # The scene's municipality has no logo: no fingerprint is found, for anyone.
    ("settings.logo", "GET"): NOBODY,
    # paper: a challenge's poster and paper form (PDF)
    ("paper.download", "GET"): STAFF,
    # cases: departments are the administrators', a case and assignment are staff's (and the
    # case officer's, below)
    ("cases.departments_page", "GET"): ADMIN,
    ("cases.create", "POST"): ADMIN,
    ("cases.update", "POST"): ADMIN,
    ("cases.delete", "POST"): ADMIN,
    ("cases.add_member", "POST"): ADMIN,
    ("cases.remove_member", "POST"): ADMIN,
    ("cases.case", "GET"): STAFF,
    ("cases.case", "POST"): STAFF,
    ("cases.assign_many", "GET"): STAFF,
    ("cases.assign_many", "POST"): STAFF,
    ("cases.default_department", "POST"): STAFF,
    ("cases.queue", "GET"): STAFF,
    # report: the medvirkningsrapport of a challenge or a hearing, for the council's papers
    ("report.challenge", "GET"): STAFF,
    ("report.challenge", "POST"): STAFF,
    ("report.hearing", "GET"): STAFF,
    ("report.hearing", "POST"): STAFF,
    # hearings (issue 24 §1): public pages and files of an opened hearing; statements by anyone
    # signed in; everything else for the municipality's staff
    ("hearings.index", "GET"): PUBLIC,
    ("hearings.detail", "GET"): PUBLIC,
    ("hearings.download", "GET"): PUBLIC,
    ("hearings.statement", "GET"): SIGNED_IN,
    ("hearings.statement", "POST"): SIGNED_IN,
    ("hearings.hide", "POST"): STAFF,
    ("hearings.publish", "POST"): STAFF,
    ("hearings.new", "GET"): STAFF,
    ("hearings.new", "POST"): STAFF,
    ("hearings.edit", "GET"): STAFF,
    ("hearings.edit", "POST"): STAFF,
    ("hearings.add_attachment_view", "POST"): STAFF,
    ("hearings.remove_attachment_view", "POST"): STAFF,
    ("hearings.choose_consultees", "POST"): STAFF,
    ("hearings.open_view", "POST"): STAFF,
    ("hearings.register", "GET"): STAFF,
    ("hearings.register", "POST"): STAFF,
    ("hearings.consultees", "GET"): STAFF,
    ("hearings.consultees", "POST"): STAFF,
    ("hearings.remove_consultee_view", "POST"): STAFF,
    # hearings: the merknadsbehandling (issue 24 §2) is staff's and case officers'; the next
    # version is staff's; every published version is public
    ("hearings.merknader", "GET"): STAFF,
    ("hearings.assess", "POST"): STAFF,
    ("hearings.compile_view", "POST"): STAFF,
    ("hearings.merknad_download", "GET"): STAFF,
    ("hearings.new_version", "GET"): STAFF,
    ("hearings.new_version", "POST"): STAFF,
    ("hearings.version_page", "GET"): PUBLIC,
    # results (tiltak): public pages; staff keep them; the department's case officer (below)
    # reports progress and marks milestones reached
    # search
    ("search.everywhere", "GET"): PUBLIC,
    ("search.municipality", "GET"): PUBLIC,
    ("search.suggestions", "GET"): PUBLIC,
    ("results.municipality_results", "GET"): PUBLIC,
    ("results.challenge_results", "GET"): PUBLIC,
    ("results.detail", "GET"): PUBLIC,
    ("results.decision", "GET"): PUBLIC,
    ("results.create", "GET"): STAFF,
    ("results.create", "POST"): STAFF,
    ("results.edit", "GET"): STAFF,
    ("results.edit", "POST"): STAFF,
    ("results.manage", "GET"): STAFF,
    ("results.progress", "POST"): STAFF,
    ("results.link_inputs_route", "POST"): STAFF,
    ("results.unlink_input_route", "POST"): STAFF,
    ("results.link_statements_route", "POST"): STAFF,
    ("results.unlink_statement_route", "POST"): STAFF,
    ("results.add_milestone_route", "POST"): STAFF,
    ("results.complete_milestone_route", "POST"): STAFF,
    ("results.remove_milestone_route", "POST"): STAFF,
    ("results.inputs_done", "POST"): STAFF,
    # translation (issue 25 §5): staff check translations; only an administrator sets the målform
    ("translation.index", "GET"): STAFF,
    ("translation.check", "GET"): STAFF,
    ("translation.check", "POST"): STAFF,
    ("translation.malform", "POST"): ADMIN,
    # budgeting (the scene's challenge has an open budget without projects)
    ("budgeting.show", "GET"): PUBLIC,
    ("budgeting.vote", "POST"): SIGNED_IN,
    ("budgeting.paper_vote", "GET"): PUBLIC,
    ("budgeting.paper_vote", "POST"): PUBLIC,
    ("budgeting.manage", "GET"): STAFF,
    ("budgeting.manage", "POST"): STAFF,
    ("budgeting.add_project_route", "POST"): STAFF,
    # The project does not exist; only staff get as far as learning that.
    ("budgeting.remove_project_route", "POST"): expect(LOGIN, DENY, DENY, HIDDEN, HIDDEN),
    ("budgeting.open_route", "POST"): STAFF,
    ("budgeting.close_route", "POST"): STAFF,
    ("budgeting.codes_route", "POST"): STAFF,
    ("budgeting.rule_route", "POST"): STAFF,
    ("budgeting.decide_route", "POST"): STAFF,
    ("api.municipality_results", "GET"): PUBLIC,
    ("api.result", "GET"): PUBLIC,
    ("api.decision", "GET"): PUBLIC,
    # places (issue 22 §4)
    ("places.settings", "POST"): STAFF,
    ("places.bounds", "GET"): ADMIN,
    ("places.bounds", "POST"): ADMIN,
    ("places.challenge_geojson", "GET"): PUBLIC,
    ("places.challenge_list", "GET"): PUBLIC,
    ("api.challenge_places", "GET"): PUBLIC,
    ("api.municipality_places", "GET"): PUBLIC,
    # innbyggerforslag: public pages; staff register and treat them; anyone signed in follows
    ("proposals.municipality_proposals", "GET"): PUBLIC,
    ("proposals.detail", "GET"): PUBLIC,
    ("proposals.follow", "POST"): SIGNED_IN,
    ("proposals.unfollow", "POST"): SIGNED_IN,
    ("proposals.create", "GET"): STAFF,
    ("proposals.create", "POST"): STAFF,
    ("proposals.edit", "GET"): STAFF,
    ("proposals.edit", "POST"): STAFF,
    ("proposals.manage", "GET"): STAFF,
    ("proposals.move", "POST"): STAFF,
    ("proposals.same_content", "POST"): STAFF,
    ("api.municipality_proposals", "GET"): PUBLIC,
    # Gjort i kommunene (issue 25): public; staff of another municipality take a solution in,
    # the origin's staff move it to skalert.
    ("gallery.index", "GET"): PUBLIC,
    ("gallery.entry", "GET"): PUBLIC,
    ("gallery.adopt", "GET"): expect(LOGIN, DENY, OK, DENY, DENY),
    ("gallery.adopt", "POST"): expect(LOGIN, DENY, OK, DENY, DENY),
    ("gallery.scale", "GET"): STAFF,
    ("gallery.scale", "POST"): STAFF,
    ("api.gallery", "GET"): PUBLIC,
    ("api.proposal", "GET"): PUBLIC,
    # templates (issue 25 §3): public pages; an administrator of the challenge's municipality
    # shares it (the scene's challenge is open: the admin is shown why not) and withdraws it;
    # staff of the municipality in the address start a challenge from one.
    ("challenge_templates.index", "GET"): PUBLIC,
    ("challenge_templates.detail", "GET"): PUBLIC,
    ("challenge_templates.publish", "GET"): ADMIN,
    ("challenge_templates.publish", "POST"): ADMIN,
    ("challenge_templates.unpublish", "POST"): ADMIN,
    ("challenge_templates.use", "GET"): STAFF,
    ("challenge_templates.use", "POST"): STAFF,
    # The comparison between municipalities (issue 25 §4): public, like the figures it shows.
    ("comparison.page", "GET"): PUBLIC,
    ("api.comparison_figures", "GET"): PUBLIC,
    # embeds (issue 25 §6): public iframe pages; staff copy the codes, administrators keep the
    # list of sites that may frame them
    ("embeds.challenge_inputs_embed", "GET"): PUBLIC,
    ("embeds.action_embed", "GET"): PUBLIC,
    ("embeds.results_embed", "GET"): PUBLIC,
    ("embeds.gallery_embed", "GET"): PUBLIC,
    ("embeds.manage", "GET"): STAFF,
    ("embeds.add_origin", "POST"): ADMIN,
    ("embeds.remove_origin", "POST"): ADMIN,
    # meetings (issue 25 §7): anyone signs up without an account (the empty form: 400); the
    # cancel link with a token nobody was given finds nothing
    ("meetings.detail", "GET"): PUBLIC,
    ("meetings.signup", "POST"): PUBLIC,
    ("meetings.cancel", "GET"): NOBODY,
    ("meetings.cancel", "POST"): NOBODY,
    ("meetings.create", "GET"): STAFF,
    ("meetings.create", "POST"): STAFF,
    ("meetings.edit", "GET"): STAFF,
    ("meetings.edit", "POST"): STAFF,
    ("meetings.signup_list", "GET"): STAFF,
    ("meetings.minutes_to_inputs", "GET"): STAFF,
    ("meetings.minutes_to_inputs", "POST"): STAFF,
}

# Where the case officer gets more than a citizen: the input of their department is theirs to
# answer, update and assign. Everything staff-only (moderation, workshops, challenges, exports,
# the board and the inbox) refuses them as it refuses a citizen.
CASE_OFFICER: dict[tuple[str, str], str] = {
    ("pipeline.move", "GET"): OK,
    ("pipeline.move", "POST"): OK,
    ("pipeline.progress", "GET"): OK,
    ("pipeline.progress", "POST"): OK,
    ("cases.case", "GET"): OK,
    ("cases.case", "POST"): OK,
    ("cases.assign_many", "GET"): OK,
    ("cases.assign_many", "POST"): OK,
    ("cases.queue", "GET"): OK,
    # Internal notes on the inputs they handle, and one answer to many of them (each input's own
    # rule still applies).
    ("answers.notes", "GET"): OK,
    ("answers.notes", "POST"): OK,
    ("answers.bulk", "GET"): OK,
    ("answers.bulk", "POST"): OK,
    # The notification is the citizen's.
    ("notifications.open_notification", "POST"): HIDDEN,
    # The merknadsbehandling: a case officer of the municipality assesses statements too.
    ("hearings.merknader", "GET"): OK,
    ("hearings.assess", "POST"): OK,
    ("hearings.compile_view", "POST"): OK,
    ("hearings.merknad_download", "GET"): OK,
    # The scene's result is their department's.
    ("results.manage", "GET"): OK,
    ("results.progress", "POST"): OK,
    ("results.complete_milestone_route", "POST"): OK,
}


def routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - SKIP_METHODS):
            yield rule, method


def test_every_route_has_an_expectation(app):
    missing = sorted(
        f"{rule.endpoint} {method} {rule.rule}"
        for rule, method in routes(app)
        if (rule.endpoint, method) not in EXPECTATIONS
    )
    assert not missing, "routes without an expectation in EXPECTATIONS:\n" + "\n".join(missing)


def test_no_expectation_for_a_route_that_is_gone(app):
    present = {(rule.endpoint, method) for rule, method in routes(app)}
    stale = sorted(f"{e} {m}" for e, m in EXPECTATIONS if (e, m) not in present)
    assert not stale, "expectations for routes that no longer exist:\n" + "\n".join(stale)


def outcome(response) -> str:
    status = response.status_code
    location = response.headers.get("Location", "")
    if status in (301, 302, 303, 307, 308) and "/logg-inn" in location:
        return LOGIN
    if status == 403:
        return DENY
    if status == 404:
        return HIDDEN
    if status >= 500:
        return f"error {status}"
    if status < 400 or status in (400, 409, 422):
        return OK
    return f"status {status}"


def _request(app, user_id: str | None, method: str, url: str):
    """One request on a fresh client, its database changes rolled back afterwards."""
    client = app.test_client()
    if user_id is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
    with rolled_back(app):
        response = client.open(url, method=method)
        response.close()
    return response


def expected_for(key: tuple[str, str], role: str) -> str:
    if role == "case_officer":
        return CASE_OFFICER.get(key, EXPECTATIONS[key]["citizen"])
    return EXPECTATIONS[key][role]


def test_case_officer_exceptions_name_existing_routes():
    assert set(CASE_OFFICER) <= set(EXPECTATIONS)


@pytest.mark.parametrize("role", MATRIX_ROLES)
def test_authorization_matrix(app, world, create_challenge_f, create_idea_f, role):
    scene = build_scene(world, create_challenge_f, create_idea_f)
    user = {
        "anonymous": None,
        "citizen": world.citizen,
        "other_facilitator": world.other_facilitator,
        "facilitator": world.facilitator,
        "admin": world.admin,
        "case_officer": scene.case_officer,
    }[role]
    user_id = user.get_id() if user is not None else None
    wrong = []
    for rule, method in sorted(routes(app), key=lambda r: (r[0].endpoint, r[1])):
        expected = EXPECTATIONS.get((rule.endpoint, method))
        if expected is None:
            continue  # reported by test_every_route_has_an_expectation
        try:
            args = route_args(rule, scene)
        except MissingArgument as error:
            wrong.append(str(error))
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **args)
        got = outcome(_request(app, user_id, method, url))
        want = expected_for((rule.endpoint, method), role)
        if got != want:
            wrong.append(f"{method} {url} ({rule.endpoint}): expected {want}, got {got}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


SETTINGS_ROUTES = {
    (e, m) for (e, m) in EXPECTATIONS if e.startswith("settings.") and e != "settings.logo"
}


def test_settings_routes_refuse_another_municipalitys_admin(
    app, world, create_challenge_f, create_idea_f
):
    """An administrator of Bortby: Heimby's settings routes refuse them (403); under Bortby's own
    address, Heimby's districts do not exist (404)."""
    scene = build_scene(world, create_challenge_f, create_idea_f)
    user_id = world.other_admin.get_id()
    wrong = []
    for rule, method in routes(app):
        if (rule.endpoint, method) not in SETTINGS_ROUTES:
            continue
        args = route_args(rule, scene)
        with app.test_request_context():
            here = url_for(rule.endpoint, **args)
            there = url_for(rule.endpoint, **{**args, "slug": world.other.slug})
        got = outcome(_request(app, user_id, method, here))
        if got != DENY:
            wrong.append(f"{method} {here}: expected {DENY}, got {got}")
        if "district_id" in rule.arguments:
            got = outcome(_request(app, user_id, method, there))
            if got != HIDDEN:
                wrong.append(f"{method} {there}: expected {HIDDEN}, got {got}")
    assert len(SETTINGS_ROUTES) == 8
    assert not wrong, "\n".join(wrong)


# Staff of another municipality, under their own municipality's address, naming a person who took
# part only here: the person pages answer as if no such person existed.
PERSON_PAGES = {
    (endpoint, method)
    for (endpoint, method) in EXPECTATIONS
    if endpoint.startswith("moderation.person")
}


@pytest.mark.parametrize("role", ["other_facilitator", "other_admin"])
def test_person_pages_of_strangers_are_hidden_from_other_municipalities(
    app, world, create_challenge_f, create_idea_f, role
):
    scene = build_scene(world, create_challenge_f, create_idea_f)
    user = getattr(world, role)
    wrong = []
    for rule, method in routes(app):
        if (rule.endpoint, method) not in PERSON_PAGES:
            continue
        args = {**route_args(rule, scene), "slug": world.other.slug}
        with app.test_request_context():
            url = url_for(rule.endpoint, **args)
        got = outcome(_request(app, user.get_id(), method, url))
        if got != HIDDEN:
            wrong.append(f"{method} {url}: expected {HIDDEN}, got {got}")
    assert len(PERSON_PAGES) == 2
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


STAFF_PAGES = {
    (endpoint, method)
    for (endpoint, method) in EXPECTATIONS
    if endpoint.startswith("members.") and endpoint != "members.accept"
}


def test_staff_pages_refuse_another_municipalitys_admin(
    app, world, create_challenge_f, create_idea_f
):
    """An administrator of Bortby: Heimby's staff pages refuse them (403); under Bortby's own
    address, Heimby's members and invitations do not exist (404)."""
    scene = build_scene(world, create_challenge_f, create_idea_f)
    user_id = world.other_admin.get_id()
    wrong = []
    for rule, method in routes(app):
        if (rule.endpoint, method) not in STAFF_PAGES:
            continue
        args = route_args(rule, scene)
        ids = {"user_id", "invitation_id"} & set(rule.arguments)
        with app.test_request_context():
            here = url_for(rule.endpoint, **args)
            there = url_for(rule.endpoint, **{**args, "slug": world.other.slug})
        got = outcome(_request(app, user_id, method, here))
        if got != DENY:
            wrong.append(f"{method} {here}: expected {DENY}, got {got}")
        if ids:
            got = outcome(_request(app, user_id, method, there))
            if got != HIDDEN:
                wrong.append(f"{method} {there}: expected {HIDDEN}, got {got}")
    assert len(STAFF_PAGES) == 6
    assert not wrong, "\n".join(wrong)
