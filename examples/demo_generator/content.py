"""The report's words, read from the content files in ``examples/demo_content/``: the
judgements' evidence, the recommendations (this inspection's and Annexe one), the practice
examples and the narrative. A text given as a list of paragraphs is joined with blank lines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .common import CONTENT, load_yaml

Row = dict[str, Any]


def paragraphs(text: str | list[str]) -> str:
    """One Markdown text: a string as it is, a list of paragraphs joined by blank lines."""
    return text if isinstance(text, str) else "\n\n".join(text)


def judgement_rows(folder: Path = CONTENT) -> list[Row]:
    """The inspectors' judgements of domain one, with their evidence."""
    return [
        {"standard_id": j["standard_id"], "rating": j["rating"], "evidence": j["evidence"]}
        for j in load_yaml(folder / "judgements.yaml")
    ]


def recommendation_rows(folder: Path = CONTENT) -> list[Row]:
    """This inspection's recommendations, then the previous ones with the progress found."""
    data = load_yaml(folder / "recommendations.yaml")
    rows: list[Row] = [
        {"kind": "current", "number": n, "addressed_to": r["addressed_to"], "text": r["text"]}
        for n, r in enumerate(data["current"], start=1)
    ]
    for n, r in enumerate(data["previous"], start=1):
        source = data["sources"][r["source"]]
        rows.append(
            {
                "kind": "previous",
                "number": n,
                "text": r["text"],
                "source": source["report"],
                "source_date": source["date"],
                "findings": paragraphs(r["findings"]),
                "progress": r["progress"],
                "improvement_required": r["improvement_required"],
            }
        )
    return rows


def practice_example_rows(folder: Path = CONTENT) -> list[Row]:
    """The practice examples, under the report's pseudonyms."""
    return [
        {
            "standard_id": e["standard_id"],
            "kind": e["kind"],
            "pseudonym": e["pseudonym"],
            "text": paragraphs(e["text"]),
        }
        for e in load_yaml(folder / "practice_examples.yaml")
    ]


def narrative_rows(folder: Path = CONTENT) -> list[Row]:
    """The narrative, one row per paragraph, strength or area for improvement, in order: in
    each section its paragraphs, strengths and areas for improvement, then the paragraphs under
    each of its headings."""
    rows: list[Row] = []
    for section in load_yaml(folder / "narrative.yaml"):
        parts: list[tuple[str, str | None, list[str]]] = [
            ("text", None, section.get("text", [])),
            ("strength", None, section.get("strengths", [])),
            ("improvement", None, section.get("improvements", [])),
        ]
        parts += [
            ("text", group["heading"], group["text"]) for group in section.get("headings", [])
        ]
        rows += [
            {"section": section["section"], "part": part, "heading": heading, "text": text}
            for part, heading, texts in parts
            for text in texts
        ]
    return rows
