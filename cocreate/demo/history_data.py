"""Two challenges from the demo's past, in challenge_data.py's format, plus "concluded_on".

- The school yards (19 months ago, involvere): every input answered, several decided, piloted,
  done and one scaled to every school. It keeps its IAP2 promise.
- The old town hall in Fjellheim (14 months ago, involvere): concluded with most inputs never
  answered and nothing decided. It breaks its promise, and the measures say so.

Authors and supporters index the demo's citizens: 0–5 are the named ones, 6 and up the crowd.
"""

from typing import Any

HISTORY_CHALLENGES: list[dict[str, Any]] = [
    {
        "principle": 4,
        "phase": "concluded",
        "title": "Skolegårdene etter skoletid: hvordan blir de gode møteplasser for nabolaget?",
        "description": (
            "Fjordvik har fem skolegårder som står tomme etter klokka fire og hele sommeren. "
            "Samtidig mangler mange nabolag et sted å møtes.\n\n"
            "Hva skal til for at skolegårdene blir brukt av flere – barn, unge, foreldre og "
            "besteforeldre? Vi vil lage løsningene sammen med dere, og vi svarer på hvert "
            "innspill."
        ),
        "target_images": [2, 6],
        "goals": [3, 11],
        "districts": [],
        "level": "involvere",
        "days": (-590, -545),
        "concluded_on": -515,
        "summary": (
            "**Hva vi hørte:** Dere vil ha skolegårder som er åpne, opplyste og trygge, med "
            "noe å gjøre for både små og store.\n\n"
            "**Hva vi gjør:** Skolegårdene på Nordbyen og Sørsida prøves ut som åpne "
            "møteplasser i sommer, med lys, benker og sommerskole. Vi melder fra her om "
            "hvordan det går.\n\n"
            "**Hvorfor:** Tiltakene var de mest etterspurte, og de kan gjøres innenfor "
            "budsjettet for vedlikehold av skolebygg."
        ),
        "ideas": [
            (
                0,
                "Åpne skolegårdene for alle hele sommeren",
                "Porten er låst hele juli. Åpne skolegårdene, så har ungene et sted å være når "
                "barnehagen og SFO er stengt.",
                None,
                [1, 2, 3, 4],
                [(4, "Ja, og gjerne med en voksen til stede noen kvelder i uka.", [])],
            ),
            (
                3,
                "Lys i skolegården på Nordbyen om kvelden",
                "Det er bekmørkt fra oktober. Litt lys ved ballbanen og inngangen ville gjort "
                "at flere tør å bruke den.",
                "Nordbyen",
                [0, 4, 5],
                [],
            ),
            (
                4,
                "Sommerskole med aktiviteter i gymsalen",
                "En uke med gratis aktiviteter i august: ballspill, kunst, koding. Lærere og "
                "lag kan dele på ansvaret.",
                "Sørsida",
                [0, 2],
                [
                    (
                        2,
                        "Husk at den må være gratis, ellers kommer ikke de som trenger det mest.",
                        [],
                    )
                ],
            ),
            (
                7,
                "Benker og tak over sykkelstativet",
                "Foreldre som venter står i regnet. Noen benker og et tak over sykkelstativet "
                "ville gjort skolegården til et sted man blir.",
                None,
                [3, 5],
                [],
            ),
            (
                12,
                "Kunstgress på Fjellheim skole",
                "Grusbanen er en gjørmepøl halve året. Kunstgress ville gitt ungene en bane "
                "som kan brukes hele året.",
                "Fjellheim",
                [1],
                [(5, "Kunstgress gir mye mikroplast i fjorden – finnes det andre løsninger?", [])],
            ),
            (
                20,
                "Parsellhage for naboer og elever",
                "Et hjørne av skolegården kan bli hage, der elevene lærer og naboene dyrker. "
                "Da er det noen der om sommeren også.",
                "Sentrum",
                [0, 2, 4],
                [],
            ),
        ],
    },
    {
        "principle": 2,
        "phase": "concluded",
        "title": "Det gamle rådhuset i Fjellheim: hva skal bygget brukes til?",
        "description": (
            "Etter at kommunen flyttet tjenestene til sentrum, står det gamle rådhuset i "
            "Fjellheim tomt. Bygget trenger nytt tak og ny ventilasjon før det kan tas i "
            "bruk igjen.\n\n"
            "Hva trenger Fjellheim? Vi vil involvere dere i valget, og vi svarer på hvert "
            "innspill før saken legges fram for kommunestyret."
        ),
        "target_images": [1, 3],
        "goals": [11],
        "districts": ["Fjellheim"],
        "level": "involvere",
        "days": (-430, -385),
        "concluded_on": -360,
        "summary": (
            "**Hva vi hørte:** Mange vil ha et møtested i Fjellheim, og flere vil bevare "
            "bygget.\n\n"
            "**Hva vi gjør:** Vi utreder kostnadene for et nytt tak og kommer tilbake til "
            "saken.\n\n"
            "**Hvorfor:** Bygget må sikres før vi kan velge hva det skal brukes til."
        ),
        "ideas": [
            (
                1,
                "Bibliotekfilial og kafé",
                "Et lite bibliotek med kafé ville gitt Fjellheim et sted å møtes, også for dem "
                "som ikke kjører til sentrum.",
                "Fjellheim",
                [0, 3, 4],
                [(0, "Gjerne med åpent på lørdager.", [])],
            ),
            (
                5,
                "Lokaler for lag og foreninger",
                "Korpset, sanitetsforeningen og sjakklubben leter alle etter øvingslokaler. "
                "Del bygget mellom dem.",
                "Fjellheim",
                [1, 2],
                [],
            ),
            (
                9,
                "Boliger for eldre",
                "Bygg om til små leiligheter for eldre som vil bli boende i grenda.",
                "Fjellheim",
                [3],
                [],
            ),
            (
                14,
                "Riv bygget og lag park",
                "Bygget er i for dårlig stand. Riv det og lag en park med lekeplass.",
                None,
                [],
                [(1, "Synd å rive et så fint gammelt bygg.", [])],
            ),
            (
                25,
                "Ungdomsklubb i kjelleren",
                "Ungdommen i Fjellheim har ingenting å gjøre på kveldstid. Kjelleren kan bli "
                "klubb.",
                "Fjellheim",
                [5],
                [],
            ),
            (
                2,
                "Legekontor i første etasje",
                "Eldre i Fjellheim må ta buss i en time for å komme til legen. Et kontor med "
                "fast dag i uka ville hjulpet.",
                "Fjellheim",
                [0, 4],
                [],
            ),
        ],
    },
]
