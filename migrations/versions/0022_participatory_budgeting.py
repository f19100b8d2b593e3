"""Participatory budgeting in kroner (issue 22 §2): budgets (one per challenge), their projects
(assessed inputs with a cost), one-time paper codes (stored as HMAC-SHA256 only), and ballots
with their items (an account's ballot is kept without the person when the account is deleted).

Revision ID: 0022
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column(
            "ballot_kind",
            sa.Enum(
                "approval",
                "cumulative",
                name="ballot_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column(
            "rule",
            sa.Enum(
                "greedy",
                "equal_shares",
                name="result_rule",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "preparing",
                "open",
                "closed",
                "decided",
                name="budget_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reference", sa.String(length=300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status <> 'decided' OR decision_reference IS NOT NULL",
            name=op.f("ck_budgets_decided_has_reference"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_budgets_amount_positive")),
        sa.CheckConstraint("points BETWEEN 1 AND 100", name=op.f("ck_budgets_points_range")),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_budgets_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budgets")),
        sa.UniqueConstraint("challenge_id", name=op.f("uq_budgets_challenge_id")),
    )
    op.create_table(
        "budget_paper_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("batch", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["budgets.id"],
            name=op.f("fk_budget_paper_codes_budget_id_budgets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_paper_codes")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_budget_paper_codes_code_hash")),
    )
    with op.batch_alter_table("budget_paper_codes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_paper_codes_budget_id"), ["budget_id"], unique=False
        )

    op.create_table(
        "budget_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("won_greedy", sa.Boolean(), nullable=False),
        sa.Column("won_equal_shares", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("cost > 0", name=op.f("ck_budget_projects_cost_positive")),
        sa.CheckConstraint(
            "length(title) BETWEEN 3 AND 200", name=op.f("ck_budget_projects_title_length")
        ),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["budgets.id"],
            name=op.f("fk_budget_projects_budget_id_budgets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_budget_projects_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_projects")),
        sa.UniqueConstraint(
            "budget_id", "idea_id", name=op.f("uq_budget_projects_budget_id_idea_id")
        ),
    )
    with op.batch_alter_table("budget_projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_projects_idea_id"), ["idea_id"], unique=False)

    op.create_table(
        "budget_ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("paper_code_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_id"],
            ["budgets.id"],
            name=op.f("fk_budget_ballots_budget_id_budgets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["paper_code_id"],
            ["budget_paper_codes.id"],
            name=op.f("fk_budget_ballots_paper_code_id_budget_paper_codes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_budget_ballots_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_ballots")),
        sa.UniqueConstraint(
            "budget_id", "user_id", name=op.f("uq_budget_ballots_budget_id_user_id")
        ),
        sa.UniqueConstraint("paper_code_id", name=op.f("uq_budget_ballots_paper_code_id")),
    )
    with op.batch_alter_table("budget_ballots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_ballots_budget_id"), ["budget_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_budget_ballots_user_id"), ["user_id"], unique=False)

    op.create_table(
        "budget_ballot_items",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.CheckConstraint("points > 0", name=op.f("ck_budget_ballot_items_points_positive")),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["budget_ballots.id"],
            name=op.f("fk_budget_ballot_items_ballot_id_budget_ballots"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["budget_projects.id"],
            name=op.f("fk_budget_ballot_items_project_id_budget_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ballot_id", "project_id", name=op.f("pk_budget_ballot_items")),
    )
    with op.batch_alter_table("budget_ballot_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_budget_ballot_items_project_id"), ["project_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("budget_ballot_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_ballot_items_project_id"))

    op.drop_table("budget_ballot_items")
    with op.batch_alter_table("budget_ballots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_ballots_user_id"))
        batch_op.drop_index(batch_op.f("ix_budget_ballots_budget_id"))

    op.drop_table("budget_ballots")
    with op.batch_alter_table("budget_projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_projects_idea_id"))

    op.drop_table("budget_projects")
    with op.batch_alter_table("budget_paper_codes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_paper_codes_budget_id"))

    op.drop_table("budget_paper_codes")
    op.drop_table("budgets")
