"""The demo's challenges for the fictional coastal town Fjordvik: one per roadmap principle.

Citizens are named by their index in seed.CITIZENS (0 Kari, 1 Ola, 2 Amina, 3 Per, 4 Ingrid,
5 Jonas). Each idea: (author, title, body, district or None, supporters, comments); each comment:
(author, body, replies) with replies as (author, body).
"""

from typing import Any

DEMO_CHALLENGES: list[dict[str, Any]] = [
    {
        "principle": 1,
        "phase": "open",
        "title": "Hvordan kan servicetorget på rådhuset bli enklere å bruke?",
        "description": (
            "Servicetorget er døra inn til kommunen for mange av oss: byggesøknader, "
            "barnehageplass, kommunale avgifter og spørsmål om helsetjenester. Likevel forteller "
            "mange at de ikke vet hvor de skal henvende seg, at åpningstidene passer dårlig, og "
            "at nettsidene er vanskelige å finne fram i.\n\n"
            "Vi vil høre fra deg:\n\n"
            "- Når har du sist vært i kontakt med kommunen, og hva var vanskelig?\n"
            "- Hva ville gjort det enklere for deg, for foreldrene dine eller for naboen som "
            "ikke bruker nett?\n"
            "- Bør servicetorget være åpent på kveldstid en dag i uka?\n\n"
            "Innspillene tas med i arbeidet med ny innbyggerservice, som legges fram for "
            "formannskapet i vår."
        ),
        "target_images": [2, 3],
        "goals": [10, 16],
        "districts": [],
        "level": "konsultere",
        "days": (-20, 25),
        "ideas": [
            (
                3,
                "Åpent til kl. 19 på torsdager",
                "Jeg jobber turnus på fiskeforedlingen og rekker aldri servicetorget før det "
                "stenger. Én kveld i uka ville hjulpet mange av oss som jobber skift.",
                None,
                [0, 1, 4, 5],
                [
                    (4, "Enig! Det samme gjelder for oss som pendler til byen.", []),
                    (
                        2,
                        "Kunne man heller hatt timebestilling på kveldstid, så det ikke blir kø?",
                        [(3, "Timebestilling hadde vært perfekt, gjerne via SMS.")],
                    ),
                ],
            ),
            (
                4,
                "Ring meg tilbake i stedet for kø på telefonen",
                "Å sitte 40 minutter i telefonkø er håpløst. La oss legge igjen nummeret og bli "
                "ringt opp når det er vår tur.",
                None,
                [0, 3],
                [(1, "Dette har banken min, og det fungerer veldig bra.", [])],
            ),
            (
                2,
                "Informasjon på flere språk",
                "Mange nye innbyggere forstår ikke brevene fra kommunen. Viktige skjemaer og "
                "informasjon bør finnes på engelsk, arabisk, somali, polsk og ukrainsk.",
                "Sørsida",
                [0, 4, 5],
                [(5, "Og på klarspråk på norsk også – jeg skjønner ikke alltid brevene selv.", [])],
            ),
            (
                0,
                "Digital veiledning for eldre på biblioteket",
                "Far (82) får ikke logget inn med BankID. En fast 'digital-hjelp'-time på "
                "biblioteket hver uke hadde gjort det mye lettere.",
                "Sentrum",
                [1, 2, 3, 4],
                [],
            ),
        ],
    },
    {
        "principle": 2,
        "phase": "open",
        "title": "Sjøfronten 2040: hvordan skal vi bruke strandsonen i sentrum?",
        "description": (
            "Kommunen starter arbeidet med en ny områdeplan for sjøfronten fra ferjekaia til "
            "gamle Fjordvik mek. Her skal det være plass til boliger, næring, friluftsliv og "
            "havn – og området må tåle høyere havnivå og kraftigere stormflo.\n\n"
            "Vi ser på sjøfronten som én helhet, på tvers av plan, næring, kultur og teknisk "
            "drift. Hva er viktigst for deg? Hvilke steder bruker du i dag, og hva mangler?\n\n"
            "Innspillene blir en del av grunnlaget for planprogrammet som sendes på høring "
            "til høsten."
        ),
        "target_images": [1, 5],
        "goals": [11, 14],
        "districts": ["Sentrum"],
        "level": "involvere",
        "days": (-30, 40),
        "ideas": [
            (
                1,
                "Sammenhengende kyststi fra ferjekaia til Mekken",
                "I dag stopper turveien ved fiskebruket. En sammenhengende sti langs sjøen ville "
                "blitt brukt av alle – barnefamilier, turgåere og turister.",
                "Sentrum",
                [0, 2, 3, 4, 5],
                [
                    (4, "Husk benker og belysning, så den kan brukes i mørketida.", []),
                    (
                        3,
                        "Stien må tåle stormflo – kan den bygges litt høyere enn dagens kai?",
                        [(1, "God poeng, kanskje den kan fungere som flomvoll samtidig?")],
                    ),
                ],
            ),
            (
                5,
                "Badstu og badeplass ved gamle kullkaia",
                "Flytende badstu og en trygg badeplass midt i sentrum ville gjort sjøfronten "
                "levende hele året.",
                "Sentrum",
                [1, 2, 4],
                [(0, "Ja! Badstuen i Nordvågen er fullbooket hver helg.", [])],
            ),
            (
                3,
                "Ikke bygg ned hele sjøfronten med leiligheter",
                "Vi trenger boliger, men sjøfronten må være for alle. Sett av minst halve "
                "området til allmenningen og aktiviteter.",
                None,
                [0, 2],
                [(2, "Kanskje boliger lenger opp og næring og parker nede ved sjøen?", [])],
            ),
        ],
    },
    {
        "principle": 3,
        "phase": "open",
        "title": "Færre bilturer i hverdagen: hva skal til for at du lar bilen stå?",
        "description": (
            "Veitrafikk står for nesten halvparten av klimagassutslippene i Fjordvik. Kommunen "
            "har som mål å kutte utslippene med 55 prosent innen 2030, og da må flere av de "
            "korte turene gjøres til fots, på sykkel eller med buss.\n\n"
            "Hva hindrer deg i å la bilen stå i dag? Er det bussrutene, mangel på trygge "
            "sykkelveier, bakkene, eller noe helt annet? Kom gjerne med konkrete steder.\n\n"
            "**Du har tre stemmer** i denne utfordringen – bruk dem på forslagene du mener er "
            "viktigst."
        ),
        "target_images": [4, 6],
        "goals": [11, 13],
        "districts": [],
        "level": "involvere",
        "vote_budget": 3,
        "days": (-14, 30),
        "ideas": [
            (
                0,
                "Trygg sykkelvei langs Fjellheimsveien",
                "Fjellheimsveien er smal og uten fortau. Mange barn sykler der til skolen. En "
                "skikkelig sykkelvei ville gjort at vi kunne droppe kjøringen.",
                "Fjellheim",
                [1, 2, 4, 5],
                [(5, "Dette er den farligste strekningen i kommunen, synes jeg.", [])],
            ),
            (
                2,
                "Bysykler med el-motor – det er bratt her!",
                "Bakkene opp til Nordbyen er tunge. El-bysykler ved ferjekaia, rådhuset og "
                "skolen ville gjort sykkel til et reelt alternativ.",
                "Nordbyen",
                [0, 3],
                [(1, "Kan kombineres med lading fra solceller på kaia?", [])],
            ),
            (
                4,
                "Bussen må passe med ferja",
                "Bussen går fem minutter før ferja kommer. Samkjør rutene, så slipper vi å bli "
                "hentet med bil.",
                None,
                [0, 1, 3, 5],
                [
                    (
                        3,
                        "Helt enig, og gjerne sanntidsinfo på kaia.",
                        [(4, "Ja, skjermen på ferjekaia har vært svart i to år.")],
                    )
                ],
            ),
            (
                1,
                "Gratis buss for ungdom i helgene",
                "Ungdom blir kjørt overalt av foreldre i helgene. Gratis buss fredag og lørdag "
                "ville spart mange bilturer.",
                None,
                [2, 5],
                [],
            ),
        ],
    },
    {
        "principle": 4,
        "phase": "assessing",
        "title": "Et sted å være for ungdom på Sørsida",
        "description": (
            "Etter at fritidsklubben på Sørsida ble lagt ned, sier mange unge at de ikke har "
            "noe sted å være etter skoletid. Kommunen har satt av midler til en ny møteplass, "
            "og vi vil at den skal lages **sammen med** de som skal bruke den.\n\n"
            "Hva slags sted trenger dere? Hvem bør drive det, og når bør det være åpent?\n\n"
            "Innspillsperioden er over. Ungdomsrådet og fritidsavdelingen går nå gjennom "
            "forslagene, og vi svarer på hvert av dem."
        ),
        "target_images": [2, 6],
        "goals": [3, 10],
        "districts": ["Sørsida"],
        "level": "samarbeide",
        "days": (-60, -5),
        "ideas": [
            (
                5,
                "Åpen hall med musikkrom og gaming",
                "Et sted der man kan øve med band, spille og bare henge, uten at det må koste "
                "penger.",
                "Sørsida",
                [0, 1, 2, 3, 4],
                [
                    (
                        2,
                        "Datteren min ville elsket et musikkrom. Kan det være åpent i "
                        "feriene også?",
                        [(5, "Ja, feriene er når det trengs mest.")],
                    )
                ],
            ),
            (
                2,
                "Leksehjelp og middag to dager i uka",
                "Mange unge får ikke hjelp med leksene hjemme. Leksehjelp med et enkelt "
                "måltid ville nådd de som trenger det mest.",
                "Sørsida",
                [0, 4],
                [(4, "Frivilligsentralen har pensjonerte lærere som kan bidra.", [])],
            ),
            (
                3,
                "La ungdommene styre budsjettet selv",
                "Gi et ungdomsstyre en fast pott hvert år. Da blir stedet deres.",
                None,
                [1, 5],
                [],
            ),
        ],
    },
    {
        "principle": 5,
        "phase": "open",
        "title": "Nytt liv i det gamle fiskemottaket: hvilke bedrifter vil vi ha på havna?",
        "description": (
            "Det gamle fiskemottaket på Nordkaia har stått tomt siden 2019. Kommunen eier "
            "bygget og vil gjøre det om til et næringsbygg for nye arbeidsplasser – for "
            "eksempel innen havbruksteknologi, sjømat, reiseliv eller kreative næringer.\n\n"
            "Hva slags virksomheter trenger Fjordvik? Hva skal til for at gründere og unge "
            "med utdanning vil flytte hjem og starte noe her?"
        ),
        "target_images": [1, 3],
        "goals": [8, 9, 14],
        "districts": ["Nordbyen"],
        "level": "konsultere",
        "days": (-10, 45),
        "ideas": [
            (
                1,
                "Kontorfellesskap for gründere og fjernarbeidere",
                "Mange av oss jobber for selskaper i Oslo og Bergen hjemmefra. Et "
                "kontorfellesskap med god nettforbindelse ville gitt et faglig miljø.",
                "Nordbyen",
                [2, 3, 5],
                [(5, "Kunne leid plass der med en gang, sitter alene på kjøkkenet i dag.", [])],
            ),
            (
                4,
                "Sjømatmarked og spisested i første etasje",
                "Lokale fiskere og skalldyrprodusenter kan selge direkte. Det trekker både "
                "fastboende og turister til havna.",
                "Nordbyen",
                [0, 1, 3],
                [(3, "Pass på at det ikke blir for dyrt for fiskerne å leie plass.", [])],
            ),
            (
                0,
                "Testsenter for havbruksteknologi",
                "Vi har fjorden, oppdrettsnæringen og fagskolen. Et testsenter for utstyr og "
                "miljøteknologi kunne gitt arbeidsplasser som krever høy kompetanse.",
                None,
                [1, 4],
                [],
            ),
        ],
    },
    {
        "principle": 6,
        "phase": "concluded",
        "title": "Hvilke data vil du at kommunen skal dele åpent?",
        "description": (
            "Kommunen sitter på mye data som kan være nyttig for innbyggere, næringsliv og "
            "forskere: alt fra badetemperaturer og ledige parkeringsplasser til "
            "byggesaker og vannkvalitet. Vi vil begynne å dele data åpent og maskinlesbart.\n\n"
            "Hvilke data er mest nyttige for deg? Hva ville du laget hvis du hadde tilgang?"
        ),
        "target_images": [3],
        "goals": [9, 16, 17],
        "districts": [],
        "level": "konsultere",
        "days": (-120, -60),
        "summary": (
            "**Hva vi hørte:** Flest ønsket sanntidsdata for badevann og parkering, og "
            "innsyn i byggesaker.\n\n"
            "**Hva vi gjør:** Fra 1. mars publiseres badetemperatur og vannkvalitet for fem "
            "badeplasser, og byggesaksjournalen legges ut som åpne data. Parkeringsdata kommer "
            "når nye sensorer er på plass i 2027.\n\n"
            "**Hvorfor:** Badevann og byggesaker kunne vi dele raskt med systemene vi har. "
            "Parkering krever investering, og er tatt med i budsjettforslaget for 2027."
        ),
        "ideas": [
            (
                5,
                "Badetemperatur og vannkvalitet i sanntid",
                "Det hadde vært fint å vite om det er bading i Strandvika før man pakker bilen.",
                None,
                [0, 1, 2, 4],
                [(0, "Og om det er algeoppblomstring!", [])],
            ),
            (
                3,
                "Alle byggesaker som åpne data",
                "Da kan naboer følge med på hva som skjer i nabolaget, og journalister og "
                "utbyggere få bedre oversikt.",
                None,
                [1, 5],
                [(1, "Gjerne med kart.", [])],
            ),
            (
                2,
                "Ledige parkeringsplasser ved ferjekaia",
                "Spar oss for rundkjøring på jakt etter plass.",
                "Sentrum",
                [3, 4],
                [],
            ),
        ],
    },
    {
        "principle": 7,
        "phase": "open",
        "title": "Trygg i en digital hverdag: hva trenger seniorer for å henge med?",
        "description": (
            "Stadig flere tjenester – fra legetimer til bank og NAV – finnes bare digitalt. "
            "Mange seniorer i Fjordvik sier at de føler seg utenfor. Kommunen vil sammen med "
            "biblioteket, frivilligsentralen og pensjonistforeningen lage et bedre tilbud.\n\n"
            "Hva trenger du, eller foreldrene dine, for å føle seg trygge på nett? Hvilke "
            "kurs, hjelpemidler eller møteplasser ville gjort en forskjell?"
        ),
        "target_images": [2, 6],
        "goals": [4, 10],
        "districts": [],
        "level": "involvere",
        "days": (-7, 35),
        # Switched on after the first ideas came in; the last one waits for a facilitator.
        "premoderation": True,
        "pending_ideas": [
            (
                3,
                "Nettbrett til utlån på biblioteket",
                "Ikke alle har råd til eget nettbrett. Biblioteket kunne lånt ut nettbrett med "
                "ferdig oppsett, slik at man kan øve hjemme før man kjøper selv.",
                None,
            )
        ],
        "ideas": [
            (
                4,
                "Ungdom lærer bort – 'Digital fadder'",
                "Elever på ungdomsskolen kunne få valgfag der de hjelper eldre med mobil og "
                "nettbrett. Begge parter lærer noe.",
                None,
                [0, 1, 2, 3, 5],
                [
                    (1, "Vi hadde dette på skolen min i Tromsø, og det var veldig populært.", []),
                    (0, "Mamma ville elsket det – hun liker ikke å spørre oss hele tida.", []),
                ],
            ),
            (
                0,
                "Kurs i å avsløre svindel på nett og telefon",
                "Mange eldre blir lurt av falske SMS-er og telefoner fra 'banken'. Et kort kurs "
                "med politiet og banken ville gjort folk tryggere.",
                None,
                [2, 3, 4],
                [(3, "Fikk selv en falsk SMS fra 'Posten' i går.", [])],
            ),
            (
                1,
                "Hjemmebesøk for de som ikke kommer seg ut",
                "Ikke alle kan komme til biblioteket. Frivillige kunne komme hjem og hjelpe med "
                "oppsett av BankID og Helsenorge.",
                "Fjellheim",
                [0, 4],
                [],
            ),
        ],
    },
    {
        "principle": 8,
        "phase": "assessing",
        "title": "Stormflo og ekstremvær: hvordan gjør vi Fjordvik mer robust?",
        "description": (
            "Stormen i januar fylte kjellere i sentrum med sjøvann og stengte Fjellheimsveien "
            "i to døgn. Klimaendringene gir høyere havnivå og mer ekstremvær, og det merker "
            "vi lokalt.\n\n"
            "Kommunen lager en ny plan for klimatilpasning og beredskap, med erfaringer fra "
            "andre kystkommuner i Norden. Hva opplevde du under stormen? Hva bør kommunen "
            "prioritere – og hva kan vi gjøre selv i nabolaget?"
        ),
        "target_images": [5],
        "goals": [11, 13, 17],
        "districts": ["Sentrum", "Fjellheim"],
        "level": "konsultere",
        "days": (-45, -3),
        "ideas": [
            (
                3,
                "Varsling på SMS til alle i utsatte områder",
                "Vi fikk ingen varsel før sjøen stod i kjelleren. SMS-varsel ved stormflofare "
                "ville gitt oss tid til å flytte ting.",
                "Sentrum",
                [0, 1, 2, 4, 5],
                [
                    (2, "Varselet bør også komme på engelsk.", []),
                    (5, "Og til hytteeiere som ikke er folkeregistrert her.", []),
                ],
            ),
            (
                0,
                "Nabolagsberedskap med kontaktpersoner",
                "Hvert nabolag kunne hatt en kontaktperson som vet hvem som bor alene og trenger "
                "hjelp når strømmen går.",
                "Fjellheim",
                [3, 4],
                [(4, "Velforeningen vår vil gjerne være med på dette.", [])],
            ),
            (
                5,
                "Grønne tak og regnbed i sentrum",
                "Mer vegetasjon tar opp overvann. Start med de kommunale byggene.",
                "Sentrum",
                [1, 2],
                [],
            ),
        ],
    },
]
