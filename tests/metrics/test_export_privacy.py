"""A narrowed export keeps the dashboard's privacy rule: no group of 1–4 persons, in any scope.

The hand-built dataset (conftest.py) has groups of 1, 2 and 3 persons in every dimension, so a
scope of one challenge or one principle is where a small group would show if anything let it."""

import csv
import io
import json

import pytest

from cocreate.metrics.scope import K
from tests.factories import PASSWORD


def _login(client, user):
    client.post("/logg-inn", data={"email": user.email, "password": PASSWORD})


def _scopes(dataset) -> list[str]:
    ids = [c.id for c in dataset.challenges.values()]
    return (
        [""]
        + [f"utfordring={i}" for i in ids]
        + ["prinsipp=1", "prinsipp=2"]
        + ["fra=2026-01-01&til=2026-01-31", "fra=2026-06-01&til=2026-06-30"]
        + ["fra=2026-01-01&til=2026-12-31"]
    )


# Scopes that could be subtracted from the others to find a small group (docs/metrics.md
# «Scope»): the measures export refuses them as the dashboard does.
REFUSED = ["fra=2026-01-01&til=2026-03-31", "fra=2026-05-01", "utfordring={c3}&fra=2026-05-21"]


def _group_rows(client, query: str) -> list[dict]:
    text = client.get(f"/k/heimby/eksport/measures.csv?csv=excel&{query}").get_data().decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    return [
        {"measure": r[0], "value": r[1], "n": r[2], "of": r[3]}
        for r in rows[1:]
        if r[0].startswith("representativeness:")
    ]


def test_no_narrowed_export_shows_a_group_below_k(client, dataset, world):
    _login(client, world.admin)
    seen_hidden = seen_shown = 0
    for query in _scopes(dataset):
        rows = _group_rows(client, query)
        assert rows, query
        for row in rows:
            if row["n"] == "":
                assert row["value"] == "", (query, row)  # no share of a hidden group either
                seen_hidden += 1
            else:
                assert int(row["n"]) >= K, (query, row)
                seen_shown += 1
    # The rule was tested both ways: some groups were hidden, some shown.
    assert seen_hidden and seen_shown
    c3 = dataset.challenges["c3"].id
    for query in REFUSED:
        response = client.get(f"/k/heimby/eksport/measures.csv?{query.format(c3=c3)}")
        assert response.status_code == 400, query


@pytest.mark.parametrize("query", ["utfordring", "prinsipp=1"])
def test_export_gives_the_dashboards_figures_for_the_same_scope(client, dataset, world, query):
    """Same scope, same numbers: the export is the dashboard's table, not a second count."""
    _login(client, world.admin)
    if query == "utfordring":
        query = f"utfordring={dataset.challenges['c1'].id}"
    rows = json.loads(client.get(f"/k/heimby/eksport/measures.json?{query}").get_data())
    exported = {row["measure"]: row for row in rows}
    html = client.get(f"/k/heimby/effekt?{query}").get_data(as_text=True)
    participants = exported["participants"]["value"]
    # Hidden («–», as the num macro prints it) or rounded to 5.
    shown = '<span class="muted">–</span>' if participants is None else participants
    assert f'<span class="key-value">{shown}</span>' in html
    for row in rows:
        if row["measure"].startswith("representativeness:") and row["numerator"] is not None:
            assert row["numerator"] >= K
