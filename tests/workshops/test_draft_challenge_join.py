"""A workshop of a challenge that is still a draft can be tried out by staff; to everyone else
its code is a wrong code, so neither the workshop nor the draft challenge is shown."""

from cocreate.challenges.models import Phase
from tests.factories import PASSWORD


def test_a_draft_challenges_workshop_answers_as_a_wrong_code(
    app, world, create_challenge_f, create_workshop_f
):
    draft = create_challenge_f(world.municipality, phase=Phase.draft, title="Utkast om parken")
    workshop = create_workshop_f(draft, title="Prøveverksted", actor=world.facilitator)
    url = f"/w/{workshop.join_code}"
    visitor = app.test_client().get(url)
    assert visitor.status_code == 404
    assert "Prøveverksted" not in visitor.get_data(as_text=True)
    staff = app.test_client()
    staff.post("/logg-inn", data={"email": world.facilitator.email, "password": PASSWORD})
    page = staff.get(url)
    assert page.status_code == 200 and "Prøveverksted" in page.get_data(as_text=True)
