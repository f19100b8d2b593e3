"""Plain-language findings that lead the public page («8 av 10 innspill har fått svar»).

Each finding is built from the very figures of a panel the municipality publishes, so it says
nothing the panel does not; a figure that is missing or held back gives no finding.
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import ngettext

from .numbers import decimal, number


@dataclass(frozen=True)
class Finding:
    panel: str  # the panel whose figures it uses (and where the formula is)
    text: str


def _known(*values: Any) -> bool:
    return all(value is not None for value in values)


def findings(data: dict[str, Any], panels: list[str]) -> list[Finding]:
    """The findings for the published `panels`, in the dashboard's order."""
    found: list[Finding] = []
    closure = data["closure"]
    if (
        "key_figures" in panels
        and _known(closure["answered"], closure["inputs_older"])
        and closure["inputs_older"]
    ):
        found.append(
            Finding(
                "key_figures",
                ngettext(
                    "%(a)s av %(n)s innspill eldre enn 30 dager har fått offentlig svar.",
                    "%(a)s av %(n)s innspill eldre enn 30 dager har fått offentlig svar.",
                    closure["inputs_older"],
                    a=number(closure["answered"]),
                    n=number(closure["inputs_older"]),
                ),
            )
        )
    people = data["participants"]["participants"]
    if "key_figures" in panels and _known(people) and people:
        found.append(
            Finding(
                "key_figures",
                ngettext(
                    "%(n)s person har sendt inn, støttet eller kommentert innspill.",
                    "%(n)s personer har sendt inn, støttet eller kommentert innspill.",
                    people,
                    n=number(people),
                ),
            )
        )
    steps = data["funnel"]["steps"]
    heard, done = steps[0]["reached"], steps[4]["reached"]
    if "funnel" in panels and _known(heard, done) and heard:
        found.append(
            Finding(
                "funnel",
                ngettext(
                    "%(a)s av %(n)s innspill er gjort eller tatt i vanlig drift.",
                    "%(a)s av %(n)s innspill er gjort eller tatt i vanlig drift.",
                    heard,
                    a=number(done),
                    n=number(heard),
                ),
            )
        )
    first = data["time_to_answer"][0]
    if "time_to_answer" in panels and _known(first["median_days"]):
        found.append(
            Finding(
                "time_to_answer",
                ngettext(
                    "Halvparten av svarene kom innen %(days)s dag.",
                    "Halvparten av svarene kom innen %(days)s dager.",
                    round(first["median_days"]),
                    days=decimal(first["median_days"], 0),
                ),
            )
        )
    promise = data["promise_kept"]
    if (
        "promise_kept" in panels
        and _known(promise["kept"], promise["concluded"])
        and promise["concluded"]
    ):
        found.append(
            Finding(
                "promise_kept",
                ngettext(
                    "%(a)s av %(n)s avsluttet utfordring holdt det kommunen lovet.",
                    "%(a)s av %(n)s avsluttede utfordringer holdt det kommunen lovet.",
                    promise["concluded"],
                    a=number(promise["kept"]),
                    n=number(promise["concluded"]),
                ),
            )
        )
    return found
