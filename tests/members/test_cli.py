"""`flask --app cocreate members add|list|remove`, as the platform operator runs them."""

from sqlalchemy import select

from cocreate.accounts.models import Membership, Role
from cocreate.extensions import db
from cocreate.members.models import Invitation, InvitationStatus
from tests.members.conftest import events, last_mail_to, mails_to


def _role(user, municipality) -> Role | None:
    db.session.expire_all()
    return db.session.scalar(
        select(Membership.role).where(
            Membership.user_id == user.id, Membership.municipality_id == municipality.id
        )
    )


def test_add_a_new_address_sends_an_invitation(runner, world):
    result = runner.invoke(
        args=[
            "members",
            "add",
            "--municipality",
            "heimby",
            "--email",
            "Ny@Heimby.no",
            "--role",
            "facilitator",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Invitasjon som facilitator i Heimby kommune er sendt til ny@heimby.no" in result.output
    invitation = db.session.scalar(select(Invitation).where(Invitation.email == "ny@heimby.no"))
    assert invitation.status is InvitationStatus.pending
    mail = last_mail_to("ny@heimby.no")
    assert "http://127.0.0.1:5000/k/heimby/invitasjon/" in mail.text  # BASE_URL, no request
    (event,) = events("member.invited")
    assert event.actor_id is None and event.municipality_id == world.municipality.id


def test_add_an_existing_account_sets_the_role_at_once(runner, world):
    result = runner.invoke(
        args=[
            "members",
            "add",
            "--municipality",
            "heimby",
            "--email",
            world.citizen.email,
            "--role",
            "admin",
        ]
    )
    assert result.exit_code == 0, result.output
    assert _role(world.citizen, world.municipality) is Role.admin
    assert db.session.scalars(select(Invitation)).all() == []
    assert "administrator" in last_mail_to(world.citizen.email).subject
    assert [e.data["new"] for e in events("member.role_given")] == ["admin"]
    # Adding staff again with another role changes it (a role change, audited and mailed).
    result = runner.invoke(
        args=[
            "members",
            "add",
            "--municipality",
            "heimby",
            "--email",
            world.facilitator.email,
            "--role",
            "admin",
        ]
    )
    assert result.exit_code == 0, result.output
    assert _role(world.facilitator, world.municipality) is Role.admin
    assert len(events("member.role_changed")) == 1


def test_add_refuses_an_unknown_municipality_and_a_bad_role(runner, world):
    result = runner.invoke(
        args=["members", "add", "--municipality", "nope", "--email", "a@b.no", "--role", "admin"]
    )
    assert result.exit_code != 0 and "Fant ingen kommune" in result.output
    result = runner.invoke(
        args=[
            "members",
            "add",
            "--municipality",
            "heimby",
            "--email",
            "a@b.no",
            "--role",
            "citizen",
        ]
    )
    assert result.exit_code != 0 and "citizen" in result.output
    assert mails_to("a@b.no") == []


def test_list_prints_staff_and_pending_invitations(runner, world):
    runner.invoke(
        args=[
            "members",
            "add",
            "--municipality",
            "heimby",
            "--email",
            "ny@heimby.no",
            "--role",
            "admin",
        ]
    )
    result = runner.invoke(args=["members", "list", "--municipality", "heimby"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    admin_line = next(line for line in lines if "admin@example.no" in line)
    assert admin_line.split("\t")[2] == "admin" and "sist aktiv aldri" in admin_line
    assert any("fasilitator@example.no" in line and "facilitator" in line for line in lines)
    assert not any("bortby" in line or "innbygger@" in line for line in lines)
    assert any(line.strip().startswith("ny@heimby.no\tadmin\tgyldig til") for line in lines)
    # Administrators come first.
    assert lines.index(admin_line) < next(
        i for i, line in enumerate(lines) if "fasilitator@example.no" in line
    )


def test_remove_takes_the_role_and_refuses_the_last_admin(runner, world):
    result = runner.invoke(
        args=["members", "remove", "--municipality", "heimby", "--email", world.admin.email]
    )
    assert result.exit_code == 1
    assert "eneste administrator" in result.output
    assert _role(world.admin, world.municipality) is Role.admin
    result = runner.invoke(
        args=["members", "remove", "--municipality", "heimby", "--email", world.facilitator.email]
    )
    assert result.exit_code == 0, result.output
    assert _role(world.facilitator, world.municipality) is Role.citizen
    assert len(events("member.removed")) == 1
    result = runner.invoke(
        args=["members", "remove", "--municipality", "heimby", "--email", "ukjent@example.no"]
    )
    assert result.exit_code == 1 and "har ingen rolle" in result.output
