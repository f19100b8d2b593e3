"""The høre → gjøre stages of an input, and the moves allowed between them (DESIGN.md §2).

This is the one place the stage machine is defined; services and templates ask it.
"""

import enum

from flask_babel import lazy_gettext as _l


class Stage(enum.Enum):
    heard = "heard"  # hørt
    assessed = "assessed"  # vurdert
    decided = "decided"  # besluttet
    piloting = "piloting"  # utprøves
    done = "done"  # gjort
    scaled = "scaled"  # skalert
    declined = "declined"  # ikke videreført

    @property
    def label(self) -> str:
        return str(STAGE_LABELS[self])

    @property
    def explanation(self) -> str:
        return str(STAGE_EXPLANATIONS[self])

    @property
    def is_final(self) -> bool:
        return self in FINAL_STAGES

    @property
    def position(self) -> int:
        """Index on the main path (0 = hørt); declined sits outside it."""
        return MAIN_PATH.index(self) if self in MAIN_PATH else -1


MAIN_PATH = (
    Stage.heard,
    Stage.assessed,
    Stage.decided,
    Stage.piloting,
    Stage.done,
    Stage.scaled,
)
FINAL_STAGES = frozenset({Stage.scaled, Stage.declined})
# Stages after which an input counts as "acted on" ("Fra ord til handling").
ACTION_STAGES = (Stage.decided, Stage.piloting, Stage.done, Stage.scaled)


def allowed_moves(current: Stage) -> tuple[Stage, ...]:
    """Moves go forward only (any later stage on the main path), or to declined, never back."""
    if current in FINAL_STAGES:
        return ()
    later = MAIN_PATH[MAIN_PATH.index(current) + 1 :]
    return (*later, Stage.declined)


def can_move(current: Stage, target: Stage) -> bool:
    return target in allowed_moves(current)


STAGE_LABELS = {
    Stage.heard: _l("Hørt"),
    Stage.assessed: _l("Vurdert"),
    Stage.decided: _l("Besluttet"),
    Stage.piloting: _l("Utprøves"),
    Stage.done: _l("Gjort"),
    Stage.scaled: _l("Skalert"),
    Stage.declined: _l("Ikke videreført"),
}

STAGE_EXPLANATIONS = {
    Stage.heard: _l("Innspillet er mottatt og kan leses av alle."),
    Stage.assessed: _l("Kommunen har vurdert innspillet og svart offentlig."),
    Stage.decided: _l("Det er fattet et vedtak om innspillet."),
    Stage.piloting: _l("Innspillet prøves ut, eller arbeidet er i gang."),
    Stage.done: _l("Tiltaket er gjennomført."),
    Stage.scaled: _l("Løsningen er tatt i vanlig drift eller tatt i bruk andre steder."),
    Stage.declined: _l("Innspillet blir ikke videreført, og kommunen har forklart hvorfor."),
}
