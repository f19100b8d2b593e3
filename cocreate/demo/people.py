"""The demo's invented residents: six named citizens who appear in the challenge texts, and a
crowd made from lists of common Norwegian names, so that the measures have groups of k = 5 and
more to show. Nobody here is a real person; every address is @demo.samskap.no.

The crowd is the same on every run: the names, the order and (in metrics/demo.py) the profiles
follow from the lists alone.
"""

import unicodedata

DOMAIN = "demo.samskap.no"
# Indexed 0–5 in challenge_data.py; their profiles are metrics/demo.py's NAMED_PROFILES.
NAMED = [
    ("kari", "Kari Nordmann"),
    ("ola", "Ola Hansen"),
    ("amina", "Amina Yusuf"),
    ("per", "Per Johansen"),
    ("ingrid", "Ingrid Berg"),
    ("jonas", "Jonas Lie"),
]
CROWD_SIZE = 108
# fmt: off
WOMEN = [
    "Anne", "Inger", "Kari", "Marit", "Ingrid", "Liv", "Eva", "Berit", "Astrid", "Bjørg", "Hilde",
    "Nina", "Ragnhild", "Solveig", "Silje", "Ida", "Nora", "Emma", "Sara", "Maja", "Ingeborg",
    "Thea", "Tuva", "Hanne", "Randi", "Mona", "Elin",
]
MEN = [
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Hans", "Geir", "Tor",
    "Morten", "Terje", "Odd", "Rune", "Trond", "Jonas", "Emil", "Henrik", "Magnus", "Sander",
    "Tobias", "Elias", "Sigurd", "Ivar", "Eirik",
]
SURNAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
    "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund",
    "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen",
    "Eide", "Knutsen", "Martinsen", "Paulsen",
]
# fmt: on


def _ascii(name: str) -> str:
    folded = name.lower().replace("ø", "o").replace("æ", "ae").replace("å", "a")
    return unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()


def named_citizens() -> list[tuple[str, str]]:
    """(e-mail, display name) of the six citizens the challenge texts refer to."""
    return [(f"{local}@{DOMAIN}", name) for local, name in NAMED]


def crowd() -> list[tuple[str, str, str]]:
    """(e-mail, display name, "kvinne"/"mann") of the crowd: women and men taking turns, each
    name pair used once."""
    people = []
    for n in range(CROWD_SIZE):
        woman = n % 2 == 0
        firsts = WOMEN if woman else MEN
        k = n // 2
        first = firsts[k % len(firsts)]
        last = SURNAMES[(k * 7 + (0 if woman else 3)) % len(SURNAMES)]
        email = f"{_ascii(first)}.{_ascii(last)}@{DOMAIN}"
        people.append((email, f"{first} {last}", "kvinne" if woman else "mann"))
    emails = [email for email, _, _ in people]
    assert len(set(emails)) == len(emails), "the crowd's name pairs must be unique"
    return people
