"""`flask --app cocreate …` commands."""

from sqlalchemy import func, select

from cocreate.accounts.models import Membership, Role, User
from cocreate.extensions import db
from cocreate.municipalities.models import Municipality


def test_municipality_create(runner, app_ctx):
    result = runner.invoke(
        args=[
            "municipality",
            "create",
            "--name",
            "Bodø kommune",
            "--slug",
            "bodo",
            "--number",
            "1804",
            "--kind",
            "kommune",
        ]
    )
    assert result.exit_code == 0, result.output
    municipality = db.session.scalar(select(Municipality).where(Municipality.slug == "bodo"))
    assert municipality.number == "1804"


def test_municipality_create_rejects_bad_number(runner, app_ctx):
    result = runner.invoke(
        args=[
            "municipality",
            "create",
            "--name",
            "X",
            "--slug",
            "x",
            "--number",
            "18",
            "--kind",
            "kommune",
        ]
    )
    assert result.exit_code != 0 and "4 sifre" in result.output
    assert db.session.scalar(select(func.count(Municipality.id))) == 0


def test_create_admin_from_env_password(runner, app_ctx, create_municipality_f, monkeypatch):
    create_municipality_f("Bodø kommune", "bodo")
    monkeypatch.setenv("COCREATE_ADMIN_PASSWORD", "sterkt-admin-passord")
    result = runner.invoke(
        args=["users", "create-admin", "sjef@bodo.kommune.no", "--municipality", "bodo"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "sjef@bodo.kommune.no"))
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id))
    assert membership.role is Role.admin and user.is_verified


def test_create_admin_prompts_for_password(runner, app_ctx, create_municipality_f, monkeypatch):
    create_municipality_f("Bodø kommune", "bodo")
    monkeypatch.delenv("COCREATE_ADMIN_PASSWORD", raising=False)
    result = runner.invoke(
        args=["users", "create-admin", "a@b.no", "--municipality", "bodo"],
        input="sterkt-admin-passord\nsterkt-admin-passord\n",
    )
    assert result.exit_code == 0, result.output


def test_create_admin_unknown_municipality(runner, app_ctx):
    result = runner.invoke(args=["users", "create-admin", "a@b.no", "--municipality", "nope"])
    assert result.exit_code != 0 and "Fant ingen kommune" in result.output


def test_seed_demo_is_idempotent(runner, app_ctx):
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    counts = _row_counts()
    second = runner.invoke(args=["seed", "demo"])
    assert second.exit_code == 0, second.output
    assert _row_counts() == counts
    assert counts["users"] >= 8 and counts["municipalities"] == 1


def _row_counts() -> dict[str, int]:
    db.session.expire_all()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }
