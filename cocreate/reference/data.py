"""Reference data: DOGA 2019 smart-city roadmap principles, target images and UN SDGs."""

from typing import Final

PRINCIPLES: Final = [
    {
        "number": 1,
        "slug": "innbyggerne-i-sentrum",
        "name_nb": "Sett innbyggerne i sentrum",
        "name_nn": "Set innbyggjarane i sentrum",
        "name_en": "Put residents at the centre",
        "description_nb": (
            "Lytt til innbyggernes synspunkter og bruk ny teknologi til bedre tjenester for "
            "alle samfunnslag, med hensyn til alder, kjønn og kulturell og sosioøkonomisk bakgrunn."
        ),
        "description_nn": (
            "Lytt til synspunkta til innbyggjarane og bruk ny teknologi til betre tenester for "
            "alle samfunnslag, med omsyn til alder, kjønn og kulturell og sosioøkonomisk bakgrunn."
        ),
        "description_en": (
            "Listen to residents' views and use new technology to improve services for all "
            "groups in society, taking account of age, gender and cultural and socio-economic "
            "background."
        ),
        "colour": "#1f5f8b",
        "icon": "people",
    },
    {
        "number": 2,
        "slug": "tenk-helhetlig",
        "name_nb": "Tenk helhetlig",
        "name_nn": "Tenk heilskapleg",
        "name_en": "Think holistically",
        "description_nb": (
            "Lag en langsiktig smartby-strategi med politisk og administrativ forankring, "
            "integrert i alle tjenesteområder og basert på konkrete behov og erfaring på tvers "
            "av sektorer."
        ),
        "description_nn": (
            "Lag ein langsiktig smartby-strategi med politisk og administrativ forankring, "
            "integrert i alle tenesteområde og basert på konkrete behov og erfaring på tvers "
            "av sektorar."
        ),
        "description_en": (
            "Create a long-term smart city strategy with political and administrative backing, "
            "integrated across all service areas and grounded in concrete needs and "
            "cross-sector experience."
        ),
        "colour": "#5b3a8c",
        "icon": "compass",
    },
    {
        "number": 3,
        "slug": "klima-og-miljo",
        "name_nb": "Prioriter klima og miljø",
        "name_nn": "Prioriter klima og miljø",
        "name_en": "Prioritise climate and the environment",
        "description_nb": (
            "Knytt arbeidet til FNs bærekraftsmål og bruk ny teknologi og samskaping til å "
            "redusere ressursbruk og klimautslipp og gjøre miljøvennlige valg enklere for "
            "innbyggerne."
        ),
        "description_nn": (
            "Knyt arbeidet til berekraftsmåla til FN og bruk ny teknologi og samskaping til å "
            "redusere ressursbruk og klimautslepp og gjere miljøvenlege val enklare for "
            "innbyggjarane."
        ),
        "description_en": (
            "Link the work to the UN Sustainable Development Goals and use new technology and "
            "co-creation to cut resource use and emissions and make green choices easier for "
            "residents."
        ),
        "colour": "#2e6b30",
        "icon": "leaf",
    },
    {
        "number": 4,
        "slug": "inkludering-og-samskaping",
        "name_nb": "Vektlegg inkludering og samskaping",
        "name_nn": "Vektlegg inkludering og samskaping",
        "name_en": "Emphasise inclusion and co-creation",
        "description_nb": (
            "Etabler fysiske og virtuelle plattformer der innbyggere, næringsliv, "
            "kunnskapsmiljøer og frivillig sektor er med på å finne både utfordringer og "
            "løsninger, i en løpende dialog."
        ),
        "description_nn": (
            "Etabler fysiske og virtuelle plattformer der innbyggjarar, næringsliv, "
            "kunnskapsmiljø og frivillig sektor er med på å finne både utfordringar og "
            "løysingar, i ein løpande dialog."
        ),
        "description_en": (
            "Set up physical and virtual platforms where residents, businesses, knowledge "
            "institutions and the voluntary sector help identify both challenges and solutions "
            "in an ongoing dialogue."
        ),
        "colour": "#b03060",
        "icon": "handshake",
    },
    {
        "number": 5,
        "slug": "neste-generasjons-naeringsliv",
        "name_nb": "Sats på neste generasjons næringsliv",
        "name_nn": "Sats på næringslivet til neste generasjon",
        "name_en": "Invest in next-generation business",
        "description_nb": (
            "Legg til rette for bærekraftig næringsutvikling i samarbeid med næringsliv og "
            "forskning, prøv ut grønne forretningsmodeller og bruk innovative offentlige "
            "anskaffelser."
        ),
        "description_nn": (
            "Legg til rette for berekraftig næringsutvikling i samarbeid med næringsliv og "
            "forsking, prøv ut grøne forretningsmodellar og bruk innovative offentlege "
            "anskaffingar."
        ),
        "description_en": (
            "Foster sustainable business development together with industry and research, "
            "try out green business models and use innovative public procurement."
        ),
        "colour": "#8a4b08",
        "icon": "rocket",
    },
    {
        "number": 6,
        "slug": "apne-data",
        "name_nb": "Del og ta i bruk åpne data",
        "name_nn": "Del og ta i bruk opne data",
        "name_en": "Share and use open data",
        "description_nb": (
            "Gjør data tilgjengelig for innovasjon og bedre tjenester, med tydelige "
            "retningslinjer for etikk og personvern, og gi innbyggerne innsyn i grunnlaget for "
            "beslutninger."
        ),
        "description_nn": (
            "Gjer data tilgjengelege for innovasjon og betre tenester, med tydelege "
            "retningsliner for etikk og personvern, og gi innbyggjarane innsyn i grunnlaget for "
            "avgjerder."
        ),
        "description_en": (
            "Make data available for innovation and better services, with clear guidelines on "
            "ethics and privacy, and give residents insight into the basis for decisions."
        ),
        "colour": "#0f6e6e",
        "icon": "database",
    },
    {
        "number": 7,
        "slug": "kompetanse-og-innovasjon",
        "name_nb": "Sats på kompetanseutvikling, omstilling og innovasjon",
        "name_nn": "Sats på kompetanseutvikling, omstilling og innovasjon",
        "name_en": "Invest in skills development, transformation and innovation",
        "description_nb": (
            "Bygg digital kompetanse og samarbeid med forskning og næringsliv for å fremme "
            "omstilling, bruk de ansatte som en ressurs og vis de positive effektene av "
            "smartby-arbeidet."
        ),
        "description_nn": (
            "Bygg digital kompetanse og samarbeid med forsking og næringsliv for å fremje "
            "omstilling, bruk dei tilsette som ein ressurs og vis dei positive verknadene av "
            "smartby-arbeidet."
        ),
        "description_en": (
            "Build digital skills and work with researchers and businesses to drive "
            "transformation, draw on employees as a resource and show the positive effects of "
            "smart city work."
        ),
        "colour": "#a23b17",
        "icon": "lightbulb",
    },
    {
        "number": 8,
        "slug": "lokalt-og-globalt",
        "name_nb": "Begynn lokalt, men tenk globalt",
        "name_nn": "Byrj lokalt, men tenk globalt",
        "name_en": "Start locally, but think globally",
        "description_nb": (
            "Ta utgangspunkt i egen stedsidentitet og lokale behov, lær av andre, og planlegg "
            "for nasjonal og internasjonal skalering med hensyn til globale rammer og standarder."
        ),
        "description_nn": (
            "Ta utgangspunkt i eigen stadidentitet og lokale behov, lær av andre, og planlegg "
            "for nasjonal og internasjonal skalering med omsyn til globale rammer og standardar."
        ),
        "description_en": (
            "Start from local identity and local needs, learn from others, and plan for "
            "national and international scaling with regard to global frameworks and standards."
        ),
        "colour": "#3d4f66",
        "icon": "globe",
    },
]

TARGET_IMAGES: Final = [
    {
        "number": 1,
        "slug": "attraktive",
        "name_nb": "Attraktive",
        "name_nn": "Attraktive",
        "name_en": "Attractive",
        "description_nb": (
            "Byer og lokalsamfunn med variert tilbud av kultur, handel og gode tjenester, "
            "kompakt bystruktur og gode møteplasser, som tar vare på eget særpreg og kulturarv."
        ),
        "description_nn": (
            "Byar og lokalsamfunn med variert tilbod av kultur, handel og gode tenester, "
            "kompakt bystruktur og gode møteplassar, som tek vare på eige særpreg og kulturarv."
        ),
        "description_en": (
            "Cities and communities with varied culture, shopping and good services, a compact "
            "urban structure and good meeting places, preserving their own character and "
            "heritage."
        ),
    },
    {
        "number": 2,
        "slug": "inkluderende",
        "name_nb": "Inkluderende",
        "name_nn": "Inkluderande",
        "name_en": "Inclusive",
        "description_nb": (
            "Involverer innbyggerne, anerkjenner mangfold og bruker fysiske og digitale "
            "plattformer som styrker lokaldemokratiet og samarbeidet mellom akademia, "
            "næringsliv og kommune."
        ),
        "description_nn": (
            "Involverer innbyggjarane, anerkjenner mangfald og bruker fysiske og digitale "
            "plattformer som styrkjer lokaldemokratiet og samarbeidet mellom akademia, "
            "næringsliv og kommune."
        ),
        "description_en": (
            "Involve residents, value diversity and use physical and digital platforms that "
            "strengthen local democracy and collaboration between academia, business and the "
            "municipality."
        ),
    },
    {
        "number": 3,
        "slug": "effektive",
        "name_nb": "Effektive",
        "name_nn": "Effektive",
        "name_en": "Efficient",
        "description_nb": (
            "Tilbyr sømløse tjenester av høy kvalitet, gjør hverdagen enklere og utnytter "
            "ressurser som areal, energi og transport effektivt."
        ),
        "description_nn": (
            "Tilbyr saumlause tenester av høg kvalitet, gjer kvardagen enklare og utnyttar "
            "ressursar som areal, energi og transport effektivt."
        ),
        "description_en": (
            "Offer seamless, high-quality services, make everyday life simpler and use "
            "resources such as land, energy and transport efficiently."
        ),
    },
    {
        "number": 4,
        "slug": "klimavennlige",
        "name_nb": "Klimavennlige",
        "name_nn": "Klimavenlege",
        "name_en": "Climate-friendly",
        "description_nb": (
            "Reduserer klimagassutslipp og ressursbruk målrettet, fremmer sirkulær økonomi og "
            "gjenbruk av bygg, og gjør det enkelt for innbyggerne å velge klimavennlig."
        ),
        "description_nn": (
            "Reduserer klimagassutslepp og ressursbruk målretta, fremjar sirkulær økonomi og "
            "gjenbruk av bygg, og gjer det enkelt for innbyggjarane å velje klimavenleg."
        ),
        "description_en": (
            "Cut greenhouse gas emissions and resource use in a targeted way, promote a "
            "circular economy and reuse of buildings, and make climate-friendly choices easy."
        ),
    },
    {
        "number": 5,
        "slug": "tilpasningsdyktige",
        "name_nb": "Tilpasningsdyktige",
        "name_nn": "Tilpassingsdyktige",
        "name_en": "Adaptable",
        "description_nb": (
            "Har høy innovasjonsevne, lærer av erfaring for å forebygge nye utfordringer og "
            "styrker fellesskapet for trygghet, robusthet og motstandsdyktighet."
        ),
        "description_nn": (
            "Har høg innovasjonsevne, lærer av erfaring for å førebyggje nye utfordringar og "
            "styrkjer fellesskapet for tryggleik, robustheit og motstandsdyktigheit."
        ),
        "description_en": (
            "Have a high capacity for innovation, learn from experience to prevent new "
            "challenges and strengthen community for safety, robustness and resilience."
        ),
    },
    {
        "number": 6,
        "slug": "helsefremmende",
        "name_nb": "Helsefremmende",
        "name_nn": "Helsefremjande",
        "name_en": "Health-promoting",
        "description_nb": (
            "Ser samfunn, natur og helse i sammenheng, sikrer ren luft, rent vann og grønne "
            "friområder, og satser på blågrønn infrastruktur for mangfold og velvære."
        ),
        "description_nn": (
            "Ser samfunn, natur og helse i samanheng, sikrar rein luft, reint vatn og grøne "
            "friområde, og satsar på blågrøn infrastruktur for mangfald og velvære."
        ),
        "description_en": (
            "See society, nature and health as connected, secure clean air, clean water and "
            "green spaces, and invest in blue-green infrastructure for biodiversity and "
            "well-being."
        ),
    },
]

GOALS: Final = [
    {
        "number": 1,
        "name_nb": "Utrydde fattigdom",
        "name_nn": "Utrydde fattigdom",
        "name_en": "No poverty",
        "colour": "#E5243B",
    },
    {
        "number": 2,
        "name_nb": "Utrydde sult",
        "name_nn": "Utrydde svolt",
        "name_en": "Zero hunger",
        "colour": "#DDA63A",
    },
    {
        "number": 3,
        "name_nb": "God helse og livskvalitet",
        "name_nn": "God helse og livskvalitet",
        "name_en": "Good health and well-being",
        "colour": "#4C9F38",
    },
    {
        "number": 4,
        "name_nb": "God utdanning",
        "name_nn": "God utdanning",
        "name_en": "Quality education",
        "colour": "#C5192D",
    },
    {
        "number": 5,
        "name_nb": "Likestilling mellom kjønnene",
        "name_nn": "Likestilling mellom kjønna",
        "name_en": "Gender equality",
        "colour": "#FF3A21",
    },
    {
        "number": 6,
        "name_nb": "Rent vann og gode sanitærforhold",
        "name_nn": "Reint vatn og gode sanitærforhold",
        "name_en": "Clean water and sanitation",
        "colour": "#26BDE2",
    },
    {
        "number": 7,
        "name_nb": "Ren energi til alle",
        "name_nn": "Rein energi til alle",
        "name_en": "Affordable and clean energy",
        "colour": "#FCC30B",
    },
    {
        "number": 8,
        "name_nb": "Anstendig arbeid og økonomisk vekst",
        "name_nn": "Anstendig arbeid og økonomisk vekst",
        "name_en": "Decent work and economic growth",
        "colour": "#A21942",
    },
    {
        "number": 9,
        "name_nb": "Industri, innovasjon og infrastruktur",
        "name_nn": "Industri, innovasjon og infrastruktur",
        "name_en": "Industry, innovation and infrastructure",
        "colour": "#FD6925",
    },
    {
        "number": 10,
        "name_nb": "Mindre ulikhet",
        "name_nn": "Mindre ulikskap",
        "name_en": "Reduced inequalities",
        "colour": "#DD1367",
    },
    {
        "number": 11,
        "name_nb": "Bærekraftige byer og lokalsamfunn",
        "name_nn": "Berekraftige byar og lokalsamfunn",
        "name_en": "Sustainable cities and communities",
        "colour": "#FD9D24",
    },
    {
        "number": 12,
        "name_nb": "Ansvarlig forbruk og produksjon",
        "name_nn": "Ansvarleg forbruk og produksjon",
        "name_en": "Responsible consumption and production",
        "colour": "#BF8B2E",
    },
    {
        "number": 13,
        "name_nb": "Stoppe klimaendringene",
        "name_nn": "Stoppe klimaendringane",
        "name_en": "Climate action",
        "colour": "#3F7E44",
    },
    {
        "number": 14,
        "name_nb": "Livet i havet",
        "name_nn": "Livet i havet",
        "name_en": "Life below water",
        "colour": "#0A97D9",
    },
    {
        "number": 15,
        "name_nb": "Livet på land",
        "name_nn": "Livet på land",
        "name_en": "Life on land",
        "colour": "#56C02B",
    },
    {
        "number": 16,
        "name_nb": "Fred, rettferdighet og velfungerende institusjoner",
        "name_nn": "Fred, rettferd og velfungerande institusjonar",
        "name_en": "Peace, justice and strong institutions",
        "colour": "#00689D",
    },
    {
        "number": 17,
        "name_nb": "Samarbeid for å nå målene",
        "name_nn": "Samarbeid for å nå måla",
        "name_en": "Partnerships for the goals",
        "colour": "#19486A",
    },
]
