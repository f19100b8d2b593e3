"""What became of the demo's inputs, and the other events of its history, in days before the
seed runs (-1 is yesterday).

ANSWERS: by input title, its history in order: (day, what, public answer, reference or None)
where `what` is a stage (ideas.stages.Stage value: a move), "correction" or "progress".
WORKSHOPS, REGISTERED and SURVEYS belong to a challenge by its title.
"""

from typing import Any

SCHOOLS = "Skolegårdene etter skoletid: hvordan blir de gode møteplasser for nabolaget?"
TOWN_HALL = "Det gamle rådhuset i Fjellheim: hva skal bygget brukes til?"
SERVICE = "Hvordan kan servicetorget på rådhuset bli enklere å bruke?"
SEAFRONT = "Sjøfronten 2040: hvordan skal vi bruke strandsonen i sentrum?"
YOUTH = "Et sted å være for ungdom på Sørsida"
OPEN_DATA = "Hvilke data vil du at kommunen skal dele åpent?"
STORM = "Stormflo og ekstremvær: hvordan gjør vi Fjordvik mer robust?"
WEB = "https://fjordvik.kommune.example"

Event = tuple[int, str, str, str | None]

ANSWERS: dict[str, list[Event]] = {
    # The school yards: every stage, from hørt to skalert.
    "Åpne skolegårdene for alle hele sommeren": [
        (
            -540,
            "assessed",
            "Vi har vurdert forslaget sammen med rektorene. Det er mulig å "
            "holde portene åpne om sommeren hvis noen har ansvar for tilsyn.",
            None,
        ),
        (
            -505,
            "decided",
            "Hovedutvalget har vedtatt at skolegårdene på Nordbyen og Sørsida "
            "skal være åpne hele sommeren som en prøveordning.",
            "Hovedutvalg for oppvekst, PS 14",
        ),
        (
            -470,
            "piloting",
            "Portene står åpne fra 1. juni. Vaktmestrene låser toalettene kl. "
            "22, og natteravnene går runden på fredager.",
            None,
        ),
        (
            -440,
            "progress",
            "Første måned: vaktmestrene har talt over 300 besøk i uka, og vi "
            "har ikke hatt hærverk.",
            None,
        ),
        (
            -400,
            "done",
            "Prøveordningen er gjennomført. Skolegårdene ble brukt mye, og "
            "naboene og skolene vil fortsette.",
            None,
        ),
        (
            -120,
            "scaled",
            "Fra i år er alle fem skolegårdene åpne hele sommeren, som en fast "
            "del av driften. Nordvågen kommune har tatt i bruk samme ordning.",
            "Kommunestyret, PS 31: budsjett for skolebygg",
        ),
    ],
    "Lys i skolegården på Nordbyen om kvelden": [
        (
            -538,
            "assessed",
            "Vi har sett på skolegården med elevrådet. Lys ved ballbanen kan "
            "settes opp samtidig med vedlikeholdet i høst.",
            None,
        ),
        (
            -500,
            "decided",
            "Lyset er tatt med i vedlikeholdsplanen for skolebygg.",
            f"{WEB}/planer/vedlikehold-skolebygg",
        ),
        (
            -430,
            "done",
            "Ti nye lyktestolper er satt opp ved inngangen til Nordbyen skole. De "
            "lyser til kl. 22.",
            None,
        ),
        (
            -425,
            "correction",
            "Rettelse: de ti lyktestolpene står ved ballbanen, ikke ved "
            "inngangen. Inngangen får lys neste år.",
            None,
        ),
    ],
    "Sommerskole med aktiviteter i gymsalen": [
        (
            -537,
            "assessed",
            "Idrettslaget, kulturskolen og to lærere vil være med. Vi prøver en uke i august.",
            None,
        ),
        (
            -480,
            "piloting",
            "Sommerskolen prøves ut i uke 32 på Sørsida skole, gratis for alle mellom 8 og 14 år.",
            None,
        ),
        (
            -455,
            "progress",
            "85 barn var med den første uka. Vi samler erfaringer fra "
            "foreldrene før vi bestemmer oss.",
            None,
        ),
        (
            -300,
            "done",
            "Sommerskolen er evaluert. Foreldre og barn ga den 4,6 av 5, og den "
            "blir et fast tilbud.",
            None,
        ),
        (
            -60,
            "scaled",
            "Sommerskolen er nå en del av kulturskolens faste tilbud, på alle skolene i kommunen.",
            "Kulturskolens virksomhetsplan",
        ),
    ],
    "Benker og tak over sykkelstativet": [
        (
            -530,
            "decided",
            "Benker og sykkeltak er vedtatt i investeringsbudsjettet.",
            "Investeringsbudsjettet, tiltak 7",
        ),
        (
            -410,
            "piloting",
            "Det første sykkeltaket er satt opp ved Sentrum skole. Vi ser "
            "hvordan det tåler vinteren før de neste settes opp.",
            None,
        ),
        (-200, "progress", "Taket tålte vinterstormene. De neste tre er bestilt.", None),
        (
            -45,
            "progress",
            "To av tre nye sykkeltak er på plass. Det siste kommer når asfalten er lagt.",
            None,
        ),
    ],
    "Kunstgress på Fjellheim skole": [
        (-535, "assessed", "Vi har vurdert kunstgress opp mot en ny grusbane med drenering.", None),
        (
            -490,
            "declined",
            "Vi legger ikke kunstgress: granulatet gir mikroplast i fjorden. "
            "Grusbanen får ny drenering i stedet, så den kan brukes hele året.",
            None,
        ),
    ],
    "Parsellhage for naboer og elever": [
        (-534, "assessed", "Skolen og hagelaget vil gjerne. Vi ser etter et egnet hjørne.", None),
        (
            -470,
            "decided",
            "Parsellhagen er vedtatt, med plass til 20 kasser.",
            "Hovedutvalg for oppvekst, PS 22",
        ),
        (
            -30,
            "progress",
            "Jorda er lagt ut og kassene er snekret av elevene. Hagen åpner til våren.",
            None,
        ),
    ],
    "Ballbinge for de minste": [
        (-536, "assessed", "Ballbingen kan bygges av midlene til nærmiljøanlegg.", None),
        (-460, "done", "Ballbingen på Sørsida skole sto klar i juni.", None),
    ],
    "Naboer kan ta ansvar for en dugnad hver vår": [
        (
            -536,
            "assessed",
            "Velforeningene vil ta dugnaden, og kommunen stiller med containere og verktøy.",
            None,
        ),
        (-528, "correction", "Rettelse: dugnaden er lørdag etter påske, ikke søndag.", None),
    ],
    "Toaletter åpne på ettermiddagen": [
        (
            -533,
            "declined",
            "Toalettene kan ikke stå åpne uten tilsyn. Vi setter i stedet opp "
            "et toalett ved ballbanen som tømmes daglig om sommeren.",
            None,
        ),
    ],
    "Benker og skygge for besteforeldre": [
        (
            -545,
            "assessed",
            "Pensjonistforeningen har rett: det er få steder å sitte. Vi tar det med i planen.",
            None,
        ),
        (
            -498,
            "decided",
            "Seks benker med skyggetak er vedtatt.",
            "Hovedutvalg for oppvekst, PS 14",
        ),
        (-412, "done", "Benkene med skyggetak står nå i alle skolegårdene.", None),
    ],
    "Bedre belysning ved inngangen til Sentrum skole": [
        (
            -539,
            "assessed",
            "Vi tar det med sammen med innspillet om lys på Nordbyen, og svarer i samme sak.",
            None,
        ),
    ],
    # The old town hall: three answers out of nine, nothing decided.
    "Riv bygget og lag park": [
        (-375, "declined", "Bygget er verneverdig og kan ikke rives.", None),
    ],
    "Lokaler for lag og foreninger": [
        (
            -370,
            "assessed",
            "Vi har kartlagt hvilke lag som trenger lokaler, og tar det med i utredningen.",
            None,
        ),
    ],
    "Bevar fasaden – bygget er verneverdig": [
        (
            -372,
            "assessed",
            "Fasaden er regulert til bevaring, og den skal bevares uansett bruk.",
            None,
        ),
    ],
    # Open now: the first answers.
    "Åpent til kl. 19 på torsdager": [
        (
            -9,
            "assessed",
            "Vi har sett på bemanningen og kan holde åpent til kl. 19 én dag i "
            "uka. Vi prøver torsdager fra neste måned.",
            None,
        ),
    ],
    "Ring meg tilbake i stedet for kø på telefonen": [
        (-8, "assessed", "Telefonsystemet vårt kan ringe tilbake. Det koster lite å slå på.", None),
        (
            -2,
            "decided",
            "Tilbakeringing slås på fra 1. i neste måned.",
            "Budsjett for innbyggerservice, tiltak 3",
        ),
    ],
    "Sammenhengende kyststi fra ferjekaia til Mekken": [
        (
            -10,
            "assessed",
            "Kyststien blir en del av planprogrammet for sjøfronten. Den må "
            "ligge høyt nok til å tåle stormflo.",
            None,
        ),
    ],
    "Flytebrygge for kajakk og SUP": [
        (
            -5,
            "assessed",
            "En flytebrygge passer ved gamle kullkaia. Vi tar den med i planprogrammet.",
            None,
        ),
    ],
    "Trygg sykkelvei langs Fjellheimsveien": [
        (
            -4,
            "progress",
            "Foreløpig svar: Fjellheimsveien er fylkesvei. Vi har sendt "
            "forslaget til fylkeskommunen og svarer når vi har hørt fra dem.",
            None,
        ),
    ],
    "Bussen må passe med ferja": [
        (
            -6,
            "assessed",
            "Vi har bedt fylkeskommunen om å samkjøre rutene fra neste ruteendring.",
            None,
        ),
    ],
    "Åpen hall med musikkrom og gaming": [
        (
            -4,
            "decided",
            "Musikkrom og spillrom blir en del av den nye møteplassen.",
            "Kommunestyret, PS 41",
        ),
    ],
    "Leksehjelp og middag to dager i uka": [
        (-4, "assessed", "Frivilligsentralen og to pensjonerte lærere vil være med.", None),
        (
            -2,
            "piloting",
            "Leksehjelp med middag prøves ut tirsdag og torsdag på Sørsida skole fra neste uke.",
            None,
        ),
    ],
    "La ungdommene styre budsjettet selv": [
        (
            -3,
            "assessed",
            "Ungdomsrådet får ansvar for en fast pott i budsjettet for møteplassen.",
            None,
        ),
    ],
    "Sjømatmarked og spisested i første etasje": [
        (
            -2,
            "assessed",
            "Et sjømatmarked passer i første etasje. Vi snakker med fiskerlaget om leien.",
            None,
        ),
    ],
    "Badetemperatur og vannkvalitet i sanntid": [
        (-75, "assessed", "Vi har målere på fem badeplasser allerede. Dataene kan deles.", None),
        (
            -62,
            "decided",
            "Badetemperatur og vannkvalitet skal publiseres som åpne data.",
            "Formannskapet, PS 12",
        ),
        (
            -40,
            "piloting",
            "Dataene publiseres nå for Strandvika. De fire andre kommer etter testperioden.",
            None,
        ),
        (
            -15,
            "done",
            "Badetemperatur og vannkvalitet for alle fem badeplassene ligger nå åpent.",
            f"{WEB}/apne-data/badevann",
        ),
    ],
    "Alle byggesaker som åpne data": [
        (
            -70,
            "decided",
            "Byggesaksjournalen legges ut som åpne data.",
            f"{WEB}/apne-data/byggesaker",
        ),
        (-30, "piloting", "Byggesakene fra i år ligger ute. Eldre saker kommer etter hvert.", None),
        (-8, "progress", "Sakene fra de tre siste årene ligger nå ute, med kart.", None),
    ],
    "Ledige parkeringsplasser ved ferjekaia": [
        (-68, "assessed", "Parkeringsdata krever sensorer vi ikke har i dag.", None),
        (
            -61,
            "decided",
            "Sensorer ved ferjekaia er tatt med i budsjettforslaget.",
            "Budsjettforslaget, investering 2.14",
        ),
        (
            -50,
            "correction",
            "Rettelse: sensorene er med i budsjettforslaget for neste år, ikke for i år.",
            "Budsjettforslaget, investering 2.14",
        ),
    ],
    "Ungdom lærer bort – 'Digital fadder'": [
        (-2, "assessed", "Ungdomsskolen vil tilby dette som valgfag fra høsten.", None),
    ],
    "Varsling på SMS til alle i utsatte områder": [
        (-20, "assessed", "Vi har vurdert varsling på SMS sammen med beredskapsrådet.", None),
        (
            -2,
            "decided",
            "Alle i områder med fare for stormflo får varsel på SMS.",
            "Kommunestyret, PS 55: beredskapsplan",
        ),
    ],
    "Nabolagsberedskap med kontaktpersoner": [
        (
            -10,
            "assessed",
            "Velforeningene kan være kontaktpunkt. Vi lager et opplegg med dem.",
            None,
        ),
    ],
}

# (challenge, day, title, format, place, link, headcount, notes, notes published as inputs,
# check-in answers as (age band, gender, district), None for a question left out)
WORKSHOPS: list[dict[str, Any]] = [
    {
        "challenge": SCHOOLS,
        "day": -565,
        "title": "Folkemøte om skolegårdene i gymsalen på Nordbyen skole",
        "format": "physical",
        "place": "Gymsalen, Nordbyen skole",
        "link": "",
        "headcount": 31,
        "checkins": 26,
        "notes": [
            "Ballbinge for de minste",
            "Naboer kan ta ansvar for en dugnad hver vår",
            "Toaletter åpne på ettermiddagen",
            "Skolegården må være ryddig – søppel er et problem",
            "Hengekøyer og ly for regn",
        ],
        "published": 3,
    },
    {
        "challenge": SEAFRONT,
        "day": -14,
        "title": "Verksted om sjøfronten på biblioteket og på nett",
        "format": "hybrid",
        "place": "Fjordvik bibliotek",
        "link": "https://møte.fjordvik.kommune.example/sjofronten",
        "headcount": 27,
        "checkins": 22,
        "notes": [
            "Flytebrygge for kajakk og SUP",
            "Behold fiskebruket som levende havn",
            "Tak over ventearealet på ferjekaia",
            "Grønn lunge med trær mellom kaia og boligene",
        ],
        "published": 3,
    },
]

# Inputs staff took in by letter, e-mail, phone or at a meeting: (challenge, day received,
# way, case number, title, body, contact). Received after the deadline: marked late.
REGISTERED: list[tuple[str, int, str, str, str, str, str]] = [
    (
        SCHOOLS,
        -575,
        "letter",
        "2024/311-2",
        "Benker og skygge for besteforeldre",
        "Fjordvik pensjonistforening ber om benker med skygge, så besteforeldre kan sitte mens "
        "barnebarna leker.",
        "post@pensjonistforeningen.demo.samskap.no",
    ),
    (
        SCHOOLS,
        -550,
        "phone",
        "",
        "Bedre belysning ved inngangen til Sentrum skole",
        "En nabo ringte: inngangen er mørk og glatt om vinteren.",
        "",
    ),
    (
        TOWN_HALL,
        -420,
        "email",
        "2025/88-1",
        "Bevar fasaden – bygget er verneverdig",
        "Historielaget minner om at rådhuset fra 1911 er oppført i kulturminneplanen.",
        "",
    ),
    (
        TOWN_HALL,
        -400,
        "meeting",
        "",
        "Grendelaget vil drive bygget selv",
        "På grendemøtet tilbød grendelaget seg å drive bygget på dugnad, med leie til kommunen.",
        "",
    ),
    (
        SERVICE,
        -12,
        "phone",
        "",
        "Egen skranke for dem som ikke bruker nett",
        "En innbygger på 84 ringte: hun vil snakke med et menneske, ikke en skjerm.",
        "",
    ),
    (
        STORM,
        -40,
        "letter",
        "2026/877-4",
        "Sandsekker klare før stormen",
        "Velforeningen på Strandvika ber om et lager med sandsekker som naboene kan hente.",
        "",
    ),
    (
        YOUTH,
        -3,
        "letter",
        "2026/1042-1",
        "Skateanlegg ved siden av møteplassen",
        "Elevrådet på Sørsida skole sendte brev etter fristen: de ønsker et skateanlegg.",
        "",
    ),
]

# «Ble du hørt?» after a challenge concluded: (felt heard, understood, would return) per
# answer, given by the challenge's participants in order, from the day after it concluded.
SURVEYS: dict[str, list[tuple[int, int, int]]] = {
    SCHOOLS: [
        (5, 5, 5),
        (4, 5, 5),
        (5, 4, 5),
        (4, 4, 4),
        (5, 5, 4),
        (3, 4, 5),
        (4, 5, 5),
        (5, 4, 4),
        (4, 3, 5),
        (5, 5, 5),
        (4, 4, 5),
        (3, 4, 4),
    ],
    TOWN_HALL: [
        (2, 1, 3),
        (1, 2, 2),
        (3, 2, 3),
        (2, 2, 4),
        (1, 1, 2),
        (2, 3, 3),
        (3, 2, 2),
        (2, 1, 3),
    ],
    OPEN_DATA: [(4, 4, 5), (4, 3, 4), (5, 4, 4), (3, 4, 4), (4, 5, 5), (4, 4, 3)],
}
