"""Every form cleans every text field the same way: no NUL byte or other control character gets
past a form to a service or the database (on SQLite a NUL in a stage answer once gave a false
«database down» 503)."""

import importlib
import inspect
import pkgutil

import pytest
from flask_wtf import FlaskForm

import cocreate
from cocreate.extensions import db
from cocreate.forms import CleanText, Form
from cocreate.municipalities.models import Municipality
from cocreate.pipeline.models import StageChange
from tests.factories import PASSWORD

# Forms whose constructor needs more than form data, with how to make one.
CONSTRUCTOR_ARGS = {"ChallengeForm": lambda: {"municipality": Municipality(id=1, slug="x")}}


def all_form_classes() -> list[type]:
    for info in pkgutil.walk_packages(cocreate.__path__, "cocreate."):
        if not info.name.endswith("tests"):
            importlib.import_module(info.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("cocreate.") and sub not in found:
                found.add(sub)
            todo.append(sub)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


def test_every_form_derives_from_the_cleaning_base_form():
    forms = all_form_classes()
    assert len(forms) > 25
    loose = [f"{c.__module__}.{c.__name__}" for c in forms if not issubclass(c, Form)]
    assert not loose, "forms that skip cocreate.forms.Form: " + ", ".join(loose)


@pytest.mark.parametrize("form_class", all_form_classes(), ids=lambda c: c.__name__)
def test_every_field_of_every_form_is_cleaned(app, form_class):
    if form_class is Form:
        return
    needs = inspect.signature(form_class.__init__).parameters
    kwargs = CONSTRUCTOR_ARGS.get(form_class.__name__, lambda: {})()
    required = [
        name
        for name, p in needs.items()
        if name != "self" and p.default is p.empty and p.kind is p.POSITIONAL_OR_KEYWORD
    ]
    assert set(required) <= set(kwargs), f"teach CONSTRUCTOR_ARGS how to make {form_class}"
    with app.test_request_context():
        form = form_class(formdata=None, meta={"csrf": False}, **kwargs)
        uncleaned = [
            name
            for name, field in form._fields.items()
            if not any(isinstance(v, CleanText) for v in field.validators)
        ]
    assert not uncleaned, f"{form_class.__name__}: fields without CleanText: {uncleaned}"


@pytest.mark.parametrize("field", ["answer", "reference"])
def test_a_nul_byte_in_a_stage_answer_is_a_form_error(
    app, world, create_challenge_f, create_idea_f, field
):
    idea = create_idea_f(create_challenge_f(world.municipality), world.author)
    client = app.test_client()
    client.post("/logg-inn", data={"email": world.facilitator.email, "password": PASSWORD})
    data = {
        "to_stage": "assessed",
        "answer": "Vi har vurdert innspillet og tar det med i planen.",
        "reference": "2026/123",
    }
    data[field] = data[field][:5] + "\x00" + data[field][5:]
    response = client.post(f"/k/heimby/innspill/{idea.id}/flytt", data=data)
    assert response.status_code == 400
    assert "Teksten inneholder tegn som ikke er tillatt." in response.get_data(as_text=True)
    assert db.session.query(StageChange).filter_by(idea_id=idea.id).count() == 0  # not moved
