"""Helpers for the report's tests (no tests here): small bundles with a narrative, the
demonstration inspection, and a plain HTML tree to read the report with."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from probity.bundle import read_bundle
from probity.framework import load_framework
from probity.pipeline import InspectionResults, inspect_bundle

from .bundles import Rows, valid_tables, write_csv_tables
from .conftest import ROOT

DEMO = ROOT / "examples" / "demo"

STAFFING: Rows = [
    {"section": "key_staffing", "ref": "po_vacancy", "measure": "Vacancy rate of PO grade only",
     "value": "16.6", "unit": "percent", "source": "The Probation Service"},
    {"section": "key_staffing", "ref": "", "measure": "Vacancy rate (all staff)", "value": "",
     "unit": "percent", "source": "The Probation Service"},
    {"section": "caseload_workload", "ref": "po_caseload", "measure": "Average caseload per PO",
     "value": "33.7", "unit": "cases", "source": "The Probation Service"},
    {"section": "key_staffing", "ref": "", "measure": "Total staff headcount (FTE)",
     "value": "233", "unit": "fte", "source": "The Probation Service"},
    {"section": "services", "ref": "", "measure": "Unpaid work hours outstanding", "value": "41.6",
     "unit": "percent", "source": "The Probation Service"},
]  # fmt: skip

SURVEYS: Rows = [
    {"survey": "staff", "ref": "quality", "question": "Quality is prioritised",
     "respondents": "42", "positive": "30"},
    {"survey": "staff", "ref": "exceptional", "question": "Exceptional work is recognised",
     "respondents": "38", "positive": "7"},
]  # fmt: skip


def narrative_row(section: str, text: str, part: str = "text", heading: str = "") -> dict[str, str]:
    """One row of the narrative table."""
    return {"section": section, "part": part, "heading": heading, "text": text}


def small_tables(narrative: Rows | None = None) -> dict[str, Rows]:
    """The three-case test bundle of tests/bundles.py, with staffing, surveys and the given
    narrative."""
    tables = valid_tables(load_framework())
    tables["staffing"] = [dict(r) for r in STAFFING]
    tables["surveys"] = [dict(r) for r in SURVEYS]
    tables["narrative"] = list(narrative or [])
    return tables


def small_results(folder: Path, narrative: Rows | None = None, **tables: Rows) -> InspectionResults:
    """Write a small bundle to ``folder`` and compute its results."""
    raw = small_tables(narrative)
    raw.update(tables)
    return inspect_bundle(read_bundle(write_csv_tables(raw, folder)))


@cache
def demo_results() -> InspectionResults:
    """The demonstration inspection's results (computed once)."""
    return inspect_bundle(read_bundle(DEMO))


@dataclass
class Node:
    """An element of a parsed HTML document."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def text(self) -> str:
        """The text inside, whitespace collapsed."""
        parts: list[str] = []

        def walk(n: Node) -> None:
            for c in n.children:
                if isinstance(c, str):
                    parts.append(c)
                else:
                    walk(c)

        walk(self)
        return " ".join("".join(parts).split())

    def iter(self, tag: str | None = None) -> list[Node]:
        """Every element below (in document order), of one tag or all."""
        found: list[Node] = []
        for c in self.children:
            if isinstance(c, Node):
                if tag is None or c.tag == tag:
                    found.append(c)
                found.extend(c.iter(tag))
        return found

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        """The first element below with this tag and these attributes (KeyError if none)."""
        for n in self.iter(tag):
            if all(n.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items()):
                return n
        raise KeyError((tag, attrs))

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        """Every element below with this tag and these attributes."""
        return [
            n
            for n in self.iter(tag)
            if all(n.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]

    def has_class(self, name: str) -> bool:
        """Whether the element has this class."""
        return name in self.attrs.get("class", "").split()


VOID = {"meta", "br", "img", "link", "input", "hr", "col", "area", "base", "source", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(html: str) -> Node:
    """A document as a tree of :class:`Node`."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
