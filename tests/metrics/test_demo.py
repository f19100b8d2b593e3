"""The demo municipality gets a reference population clearly labelled as demo data."""

from sqlalchemy import func, select

from cocreate.extensions import db
from cocreate.metrics.models import Dimension, PopulationReference
from cocreate.metrics.population import eligible_population
from cocreate.municipalities.services import get_by_slug


def test_demo_seed_adds_labelled_reference_and_a_public_page(demo_seeded, runner, client, app_ctx):
    fjordvik = get_by_slug("fjordvik")
    rows = db.session.scalars(
        select(PopulationReference).where(PopulationReference.municipality_id == fjordvik.id)
    ).all()
    assert {r.dimension for r in rows} == set(Dimension)
    assert all(r.is_demo and "oppdiktede" in r.source for r in rows)
    assert eligible_population(fjordvik.id) == 13200
    # Running the seed again adds nothing.
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    assert db.session.scalar(select(func.count(PopulationReference.id))) == len(rows)

    public = client.get("/k/fjordvik/effekt/offentlig").get_data(as_text=True)
    assert "Fra hørt til gjort" in public
    client.post(
        "/logg-inn", data={"email": "admin@demo.samskap.no", "password": "fjordvik-demo-2026"}
    )
    page = client.get("/k/fjordvik/effekt/befolkning").get_data(as_text=True)
    assert "Demodata, ikke ekte tall" in page
    assert client.get("/k/fjordvik/effekt").status_code == 200
