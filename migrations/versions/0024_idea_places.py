"""Ideas on a map (issue 22 §4): tables of their own, 1:1 with challenges, ideas, municipalities.

- challenge_place_settings: whether the idea form asks for a place (off/optional/required) and
  how many decimals public points keep.
- idea_places: an idea's point (WGS 84) and/or place name.
- municipality_bounds: the box points must lie in (defaults live in code, places/geo.py).

Revision ID: 0024
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "challenge_place_settings",
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column(
            "mode",
            sa.Enum(
                "off",
                "optional",
                "required",
                name="place_mode",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("decimals", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "decimals IS NULL OR decimals BETWEEN 2 AND 5",
            name=op.f("ck_challenge_place_settings_decimals_range"),
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_place_settings_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("challenge_id", name=op.f("pk_challenge_place_settings")),
    )
    op.create_table(
        "idea_places",
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("place_text", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "(lat IS NULL) = (lon IS NULL)", name=op.f("ck_idea_places_point_whole")
        ),
        sa.CheckConstraint(
            "lat IS NULL OR (lat BETWEEN -90 AND 90)", name=op.f("ck_idea_places_lat_range")
        ),
        sa.CheckConstraint(
            "lon IS NULL OR (lon BETWEEN -180 AND 180)", name=op.f("ck_idea_places_lon_range")
        ),
        sa.CheckConstraint(
            "length(place_text) BETWEEN 0 AND 200", name=op.f("ck_idea_places_place_text_length")
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_idea_places_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("idea_id", name=op.f("pk_idea_places")),
    )
    op.create_table(
        "municipality_bounds",
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("min_lat", sa.Float(), nullable=False),
        sa.Column("min_lon", sa.Float(), nullable=False),
        sa.Column("max_lat", sa.Float(), nullable=False),
        sa.Column("max_lon", sa.Float(), nullable=False),
        sa.CheckConstraint("min_lat < max_lat", name=op.f("ck_municipality_bounds_lat_order")),
        sa.CheckConstraint("min_lon < max_lon", name=op.f("ck_municipality_bounds_lon_order")),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_municipality_bounds_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("municipality_id", name=op.f("pk_municipality_bounds")),
    )


def downgrade():
    op.drop_table("municipality_bounds")
    op.drop_table("idea_places")
    op.drop_table("challenge_place_settings")
