"""Gjort i kommunene in the open API: the gallery's entries with their filters, each with the
persons behind it rounded to base 5 (null: fewer than 5) and the municipalities that took it in."""

from typing import Any

from flask import url_for

from ..gallery.queries import (
    COUNTIES,
    SIZE_BANDS,
    Entry,
    GalleryFilter,
    Sort,
    adoptions_of,
    entry_page,
)

SORTS = {"newest": Sort.newest, "adoptions": Sort.adoptions}
SIZES = [key for key, *_rest in SIZE_BANDS]


def gallery_filter(args: Any, number) -> GalleryFilter:
    """The filter from the API's query; `number(name, maximum)` reads a positive integer."""
    county = args.get("county") or None
    size = args.get("size") or None
    return GalleryFilter(
        principle=number("principle", 100) if "principle" in args else None,
        target_image=number("target_image", 100) if "target_image" in args else None,
        goal=number("goal", 100) if "goal" in args else None,
        municipality=args.get("municipality") or None,
        county=county if county in COUNTIES else ("00" if county else None),
        size=size if size in SIZES else None,
        year=number("year", 9999) if "year" in args else None,
        q=(args.get("q") or "").strip()[:100],
        sort=SORTS.get(args.get("sort", "newest"), Sort.newest),
    )


def entry(item: Entry) -> dict[str, Any]:
    kind = "innspill" if item.kind == "idea" else "tiltak"
    challenge = item.challenge
    return {
        "kind": item.kind,
        "id": item.id,
        "title": item.title,
        "municipality": item.municipality.slug,
        "municipality_name": item.municipality.name,
        "challenge_id": challenge.id,
        "stage": item.obj.stage.value if item.kind == "idea" else None,
        "reached_at": item.reached_at.isoformat(),
        "principles": [p.number for p in challenge.principles],
        "target_images": [t.number for t in challenge.target_images],
        "goals": [g.number for g in challenge.goals],
        "cost": item.cost,
        "supporters": item.supporters,
        "adoptions": item.adoptions,
        "adopted_by": [a.municipality.slug for a in adoptions_of(item.kind, item.id)],
        "url": url_for("gallery.entry", kind=kind, entry_id=item.id, _external=True),
    }


def page(wanted: GalleryFilter, page_number: int, per_page: int) -> dict[str, Any]:
    found = entry_page(wanted, page_number, per_page)
    return {
        "items": [entry(item) for item in found.items],
        "page": page_number,
        "per_page": per_page,
        "total": found.total,
        "pages": found.pages,
    }
