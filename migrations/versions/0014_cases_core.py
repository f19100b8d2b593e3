"""Cases: departments (enheter) and their members, the case officer role, and an input's
department and assignee.

Upgrade:
- departments and department_members;
- the role value case_officer in every CHECK on a role (memberships.role, invitations.role,
  stage_changes.actor_role): dropped and made again with the new value. On SQLite the three
  tables are copied (batch mode); none is referenced by a foreign key, so the copy deletes
  nothing. On PostgreSQL this is DDL, so the append-only trigger of 0008 does not fire;
- ideas.department_id, ideas.assignee_id, ideas.assigned_at; challenges.default_department_id;
  stage_changes.department_id (the department that gave the answer), all SET NULL. SQLite
  cannot add a foreign key to a table, and reflects neither the name nor the ON DELETE of one
  added with ADD COLUMN ... REFERENCES, so the three tables are copied (batch mode) with foreign
  keys OFF: with them on, dropping the old `ideas` would cascade into every table that refers
  to it. The copy drops the full-text triggers of `ideas`; they are made again (0003's DDL).

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from cocreate.ideas.models import SQLITE_FTS_DDL

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

OLD_ROLES = ("citizen", "facilitator", "admin")
NEW_ROLES = (*OLD_ROLES, "case_officer")
# (table, column, the Enum's constraint name as the models name it)
ROLE_COLUMNS = (
    ("memberships", "role", "role"),
    ("invitations", "role", "role"),
    ("stage_changes", "actor_role", "actor_role"),
)
# (table, column, referred table, ondelete)
NEW_REFERENCES = (
    ("ideas", "department_id", "departments"),
    ("ideas", "assignee_id", "users"),
    ("challenges", "default_department_id", "departments"),
    ("stage_changes", "department_id", "departments"),
)
INDEXED = {("ideas", "department_id"), ("ideas", "assignee_id")}


def _roles_check(column: str, roles: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(r) for r in roles)})"


def _set_roles(roles: tuple[str, ...]) -> None:
    for table, column, name in ROLE_COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
            batch_op.create_check_constraint(
                op.f(f"ck_{table}_{name}"), _roles_check(column, roles)
            )


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # before any copy: a copy's INSERT opens the transaction
        _foreign_keys_off()
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(name) BETWEEN 2 AND 120", name=op.f("ck_departments_name_length")
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_departments_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint(
            "municipality_id", "name", name=op.f("uq_departments_municipality_id_name")
        ),
    )
    op.create_index(
        op.f("ix_departments_municipality_id"), "departments", ["municipality_id"], unique=False
    )
    op.create_table(
        "department_members",
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_department_members_department_id_departments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_department_members_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("department_id", "user_id", name=op.f("pk_department_members")),
    )
    op.create_index(
        op.f("ix_department_members_user_id"), "department_members", ["user_id"], unique=False
    )

    _set_roles(NEW_ROLES)

    op.add_column("ideas", sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
    for table in ("ideas", "challenges", "stage_changes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, referred in _references(table):
                batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
                batch_op.create_foreign_key(
                    op.f(f"fk_{table}_{column}_{referred}"),
                    referred,
                    [column],
                    ["id"],
                    ondelete="SET NULL",
                )
                if (table, column) in INDEXED:
                    batch_op.create_index(op.f(f"ix_{table}_{column}"), [column], unique=False)
    if sqlite:
        _after_copy()


def _references(table: str) -> list[tuple[str, str]]:
    return [(c, r) for t, c, r in NEW_REFERENCES if t == table]


def _foreign_keys_off() -> None:
    """Only outside a transaction does SQLite take the pragma: make sure it did."""
    op.execute("PRAGMA foreign_keys=OFF")
    if op.get_bind().exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0014 copies tables on SQLite and needs foreign keys off")


def _after_copy() -> None:
    for statement in SQLITE_FTS_DDL:
        op.execute(statement)
    broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"0014: rows point nowhere after the copy: {broken[:5]}")
    op.execute("PRAGMA foreign_keys=ON")


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # before any copy: a copy's INSERT opens the transaction
        _foreign_keys_off()
    for table in ("ideas", "challenges", "stage_changes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, referred in _references(table):
                if (table, column) in INDEXED:
                    batch_op.drop_index(op.f(f"ix_{table}_{column}"))
                batch_op.drop_constraint(
                    op.f(f"fk_{table}_{column}_{referred}"), type_="foreignkey"
                )
                batch_op.drop_column(column)
    if sqlite:
        _after_copy()
    op.drop_column("ideas", "assigned_at")
    op.execute("UPDATE memberships SET role = 'citizen' WHERE role = 'case_officer'")
    op.execute("DELETE FROM invitations WHERE role = 'case_officer'")
    _set_roles(OLD_ROLES)
    op.drop_index(op.f("ix_department_members_user_id"), table_name="department_members")
    op.drop_table("department_members")
    op.drop_index(op.f("ix_departments_municipality_id"), table_name="departments")
    op.drop_table("departments")
