"""Reading the downloaded report back: the PDF's text (pypdf) and the .docx's (python-docx)."""

import io

import docx
from pypdf import PdfReader

HEADINGS_NB = [
    "Hvem deltok, og gjennom hvilke kanaler",
    "Representativitet",
    "Hva vi hørte",
    "Hva kommunen svarte",
    "Resultater og status",
    "Løftet til innbyggerne (IAP2)",
    "Metode og formler",
]
HEADINGS_NN = [
    "Kven deltok, og gjennom kva kanalar",
    "Representativitet",
    "Kva vi høyrde",
    "Kva kommunen svarte",
    "Resultat og status",
    "Lovnaden til innbyggjarane (IAP2)",
    "Metode og formlar",
]


def download(client, url: str, *, language: str = "nb", fmt: str = "pdf"):
    return client.post(url, data={"sprak": language, "format": fmt})


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split())


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return " ".join(" ".join(parts).split())


def docx_headings(content: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
