"""Reference population: SSB 07459 and district files, upload and CLI; bad files change nothing."""

import io

import pytest
from sqlalchemy import select

from cocreate.audit.models import AuditEvent
from cocreate.extensions import db
from cocreate.metrics.models import Dimension, PopulationReference
from cocreate.metrics.population import PopulationImportError, eligible_population, parse_file
from cocreate.municipalities.services import create_municipality
from tests.factories import PASSWORD

# Menn / Kvinner by one-year age; 12 is below the eligible ages and is left out.
AGES = [
    ("012 år", 5, 6),
    ("013 år", 10, 11),
    ("017 år", 20, 21),
    ("018 år", 30, 31),
    ("045 år", 40, 41),
    ("080 år", 50, 51),
    ("105 år eller eldre", 1, 2),
]


def ssb_file(number: str, name: str = "Heimby", region_prefix: str = "") -> str:
    """SSB's semicolon export: a title line, a blank line, the header, one line per sex × age."""
    lines = [
        '"07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år"',
        "",
        '"region";"kjønn";"alder";"statistikkvariabel";"2024"',
    ]
    for sex, column in (("Menn", 1), ("Kvinner", 2)):
        for row in AGES:
            lines.append(
                f'"{region_prefix}{number} {name}";"{sex}";"{row[0]}";"Personer";{row[column]}'
            )
    return "\n".join(lines) + "\n"


def _groups(municipality_id, dimension):
    rows = db.session.scalars(
        select(PopulationReference).where(
            PopulationReference.municipality_id == municipality_id,
            PopulationReference.dimension == dimension,
        )
    )
    return {r.group: r.population for r in rows}


def _login(client, user):
    client.post("/logg-inn", data={"email": user.email, "password": PASSWORD})


def test_ssb_file_sums_one_year_ages_into_bands_and_sexes(world):
    """13-17: 10+20+11+21 = 62; 18-29: 30+31 = 61; 45-66: 40+41 = 81; 80+: 50+1+51+2 = 104;
    30-44 and 67-79: 0. Men 10+20+30+40+50+1 = 151, women 11+21+31+41+51+2 = 157 (age 12 left
    out). Eligible population 308."""
    m = world.municipality
    parsed = parse_file(ssb_file(m.number).encode(), "ssb07459", m, "07459.csv")
    assert parsed.year == 2024
    assert parsed.groups[Dimension.age_band] == {
        "13-17": 62,
        "18-29": 61,
        "30-44": 0,
        "45-66": 81,
        "67-79": 0,
        "80+": 104,
    }
    assert parsed.groups[Dimension.gender] == {"mann": 151, "kvinne": 157}


def test_ssb_file_in_windows_1252_with_k_prefix_and_long_year_column(world):
    m = world.municipality
    lines = ['"region";"kjønn";"alder";"statistikkvariabel";"år";"07459: Befolkning"']
    for year, value in (("2023", 7), ("2024", 9)):
        lines.append(f'"K-{m.number} Heimby";"Kvinner";"030 år";"Personer";"{year}";{value}')
        lines.append(f'"K-{m.number} Heimby";"Menn";"030 år";"Personer";"{year}";{value + 1}')
    parsed = parse_file("\n".join(lines).encode("cp1252"), "ssb07459", m, "x.csv")
    assert parsed.year == 2024
    assert parsed.groups[Dimension.age_band]["30-44"] == 19
    assert parsed.groups[Dimension.gender] == {"kvinne": 9, "mann": 10}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.replace('"Menn";"013 år";"Personer";10', '"Menn";"013 år";"Personer";1,5'),
            "Linje 5: antallet «1,5» er ikke et helt tall.",
        ),
        (
            lambda t: t.replace('"Kvinner";"017 år"', '"Ukjent";"017 år"'),
            "Linje 13: ukjent kjønn «Ukjent»",
        ),
        (
            lambda t: t.replace('"Menn";"045 år"', '"Menn";"alle aldre"'),
            "Linje 8: alderen «alle aldre» er ikke ettårig alder",
        ),
        (lambda t: t.replace('"region";', '"område";'), "Fant ikke overskriftslinjen"),
        (
            lambda t: t + t.splitlines()[4] + "\n",
            "Linje 18: alder 13 for samme kjønn og år står også på linje 5.",
        ),
        (lambda t: "", "Fila er tom."),
    ],
)
def test_bad_ssb_files_get_line_numbered_errors(world, change, message):
    m = world.municipality
    with pytest.raises(PopulationImportError) as caught:
        parse_file(change(ssb_file(m.number)).encode(), "ssb07459", m, "x.csv")
    assert any(message in e for e in caught.value.errors), caught.value.errors


def test_ssb_file_for_another_municipality_is_refused(world):
    m = world.municipality
    with pytest.raises(PopulationImportError) as caught:
        parse_file(ssb_file("1804", "Bodø").encode(), "ssb07459", m, "x.csv")
    assert caught.value.errors[0] == (
        f"Linje 4: regionen «1804 Bodø» er ikke Heimby kommune ({m.number})."
    )
    assert len(caught.value.errors) == 14  # every line is named (up to 20)


DISTRICTS = """kommunenummer,district,population,population_year
4601,Arna,13802,2022
4601,Bergenhus,42505,2022
1103,Hundvåg,13197,2022
4601,Fana,44148,2022
"""


@pytest.fixture
def bergen(app_ctx):
    municipality = create_municipality(
        name="Bergen kommune", slug="bergen", number="4601", kind="kommune"
    )
    db.session.commit()
    return municipality


def test_district_file_keeps_this_municipality_lines(bergen):
    """The shared districts.csv layout holds several municipalities: only 4601's lines count."""
    parsed = parse_file(DISTRICTS.encode(), "district", bergen, "districts.csv")
    assert parsed.year == 2022
    assert parsed.groups == {Dimension.district: {"Arna": 13802, "Bergenhus": 42505, "Fana": 44148}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (DISTRICTS.replace("42505", "mange"), "Linje 3: antallet «mange» er ikke et helt tall."),
        (
            DISTRICTS.replace("4601,Fana,44148,2022", "4601,Fana,44148,22"),
            "Linje 5: året «22» er ikke et årstall.",
        ),
        (DISTRICTS.replace("4601,Fana", "4601,Arna"), "Linje 5: bydelen «Arna» står to ganger."),
        ("district,population\nArna,1\n", "Linje 1: overskriften må ha kolonnene"),
        (DISTRICTS.replace("4601", "9999"), "Fila har ingen linjer for kommunenummer 4601."),
    ],
)
def test_bad_district_files(bergen, text, message):
    with pytest.raises(PopulationImportError) as caught:
        parse_file(text.encode(), "district", bergen, "d.csv")
    assert any(message in e for e in caught.value.errors), caught.value.errors


def test_admin_uploads_ssb_file_then_a_bad_file_changes_nothing(client, world, app_ctx):
    m = world.municipality
    _login(client, world.admin)
    response = client.post(
        "/k/heimby/effekt/befolkning",
        data={
            "kind": "ssb07459",
            "file": (io.BytesIO(ssb_file(m.number).encode()), "07459.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert eligible_population(m.id) == 308
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.event == "metrics.population_imported")
    )
    assert event.actor_id == world.admin.id and event.municipality_id == m.id
    page = client.get("/k/heimby/effekt/befolkning").get_data(as_text=True)
    assert "SSB tabell 07459 (07459.csv)" in page

    bad = ssb_file(m.number).replace(";10\n", ";ti\n").replace(";41\n", ";-5\n")
    response = client.post(
        "/k/heimby/effekt/befolkning",
        data={
            "kind": "ssb07459",
            "file": (io.BytesIO(bad.encode()), "feil.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Fila ble ikke lastet inn. Ingenting er endret." in html
    assert "Linje 5: antallet «ti» er ikke et helt tall." in html
    assert "Linje 15: antallet «-5» er ikke et helt tall." in html
    db.session.expire_all()
    assert eligible_population(m.id) == 308  # the first file's numbers stand


def test_upload_needs_a_file_and_an_admin(client, world, app_ctx):
    _login(client, world.admin)
    response = client.post(
        "/k/heimby/effekt/befolkning", data={"kind": "ssb07459"}, content_type="multipart/form-data"
    )
    assert response.status_code == 200 and "Velg en fil å laste opp." in response.get_data(
        as_text=True
    )
    client.post("/logg-ut")
    _login(client, world.facilitator)
    response = client.post(
        "/k/heimby/effekt/befolkning",
        data={"kind": "ssb07459", "file": (io.BytesIO(b"x"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 403


def test_cli_imports_district_file(runner, bergen, tmp_path):
    path = tmp_path / "districts.csv"
    path.write_text(DISTRICTS, encoding="utf-8")
    result = runner.invoke(
        args=["population", "import", "--municipality", "bergen", "--kind", "district", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert "Lastet inn 3 grupper for Bergen kommune (2022)." in result.output
    assert _groups(bergen.id, Dimension.district)["Fana"] == 44148


def test_cli_refuses_bad_file_and_changes_nothing(runner, world, tmp_path):
    m = world.municipality
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(ssb_file(m.number), encoding="utf-8")
    bad.write_text(
        ssb_file(m.number).replace('"Kvinner";"080 år"', '"Kvinner";"x år"'), encoding="utf-8"
    )
    assert (
        runner.invoke(
            args=["population", "import", "--municipality", "heimby", str(good)]
        ).exit_code
        == 0
    )
    result = runner.invoke(args=["population", "import", "--municipality", "heimby", str(bad)])
    assert result.exit_code != 0
    assert "Linje 16: alderen «x år» er ikke ettårig alder" in result.output
    assert "Ingenting er endret" in result.output
    db.session.expire_all()
    assert _groups(m.id, Dimension.age_band)["80+"] == 104
    result = runner.invoke(
        args=["population", "import", "--municipality", "finnes-ikke", str(good)]
    )
    assert result.exit_code != 0 and "Fant ingen kommune" in result.output
