"""The report's front matter, footnotes, Annexe one's introduction, Annexe four and headings in
Welsh, each from the framework's words and the inspection's data."""

from __future__ import annotations

import dataclasses
import re

import pytest

from probity.bundle import read_bundle
from probity.framework import load_framework
from probity.pipeline import inspect_bundle
from probity.report import render_html
from probity.report.front_matter import HEADINGS

from .conftest import ROOT
from .test_report_support import DEMO, demo_results, parse_html

FRAMEWORKS = ("hmip-adult-pdu-2021", "hmip-adult-pdu-2023", "hmip-youth-justice-2021")
EXAMPLES = {
    "hmip-adult-pdu-2021": DEMO,
    "hmip-adult-pdu-2023": ROOT / "examples" / "adult-2023-demo",
    "hmip-youth-justice-2021": ROOT / "examples" / "youth-demo",
}


def plain(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def results():
    return demo_results()


@pytest.fixture(scope="module")
def doc(results):
    return parse_html(render_html(results))


@pytest.fixture(scope="module")
def welsh(results):
    bundle = results.bundle
    inspection = dataclasses.replace(bundle.inspection, language="cy")
    welsh_bundle = dataclasses.replace(bundle, inspection=inspection)
    return parse_html(render_html(inspect_bundle(welsh_bundle)))


# --- Front matter -----------------------------------------------------------------------------


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_every_shipped_framework_words_the_role_copyright_licence_and_publisher(framework_id):
    fw = load_framework(framework_id)
    front = fw.front_matter
    assert front is not None
    assert front.role
    assert all(p.strip() for p in front.role)
    assert "{year}" in (front.copyright or "")
    assert "Open Government Licence" in (front.licence or "")
    assert front.publisher_address
    assert "acknowledgements" in [s.id for s in fw.narrative_sections]


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_every_example_prints_its_acknowledgements_and_the_framework_s_front_matter(
    framework_id,
):
    results = inspect_bundle(read_bundle(EXAMPLES[framework_id]))
    fw = results.framework
    assert fw.id == framework_id
    doc = parse_html(render_html(results))
    acknowledgements = doc.find("section", id="acknowledgements")
    written = [p.text for p in results.bundle.narrative if p.section == "acknowledgements"]
    assert written
    assert plain(written[0]) in plain(acknowledgements.text())
    role = doc.find("section", id="role")
    assert plain(fw.front_matter.role[0]) in plain(role.text())
    address = doc.find("address").text()
    assert fw.front_matter.publisher_address[-1] in address
    year = results.bundle.inspection.published.year
    assert f"© Crown copyright {year}" in doc.find("p", class_="copyright").text()
    assert "Acknowledgements" in [a.text() for a in doc.find("nav").find_all("a")]


def test_the_demonstration_front_matter_follows_the_contents_and_precedes_the_foreword(doc):
    order = [n.attrs.get("id") for n in doc.iter() if n.attrs.get("id") in
             {"contents-heading", "acknowledgements", "role", "foreword"}]  # fmt: skip
    assert order == ["contents-heading", "acknowledgements", "role", "foreword"]
    assert doc.find("p", class_="isbn").text() == "ISBN 978-1-914478-78-9"
    assert doc.find("p", class_="copyright").text() == "© Crown copyright 2022"


def test_the_demonstration_acknowledgements_name_roles_and_no_one(results):
    text = " ".join(p.text for p in results.bundle.narrative if p.section == "acknowledgements")
    assert "the PDU head" in text
    assert results.bundle.inspection.lead_inspector is None
    # A personal name is two capitalised words in a row; "HM Inspectors" is a title.
    names = re.findall(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b", text)
    assert names == [], names


def test_without_an_isbn_the_front_matter_prints_none(tmp_path, results):
    inspection = dataclasses.replace(results.bundle.inspection, isbn=None)
    bundle = dataclasses.replace(results.bundle, inspection=inspection)
    doc = parse_html(render_html(inspect_bundle(bundle)))
    assert not [p for p in doc.find_all("p") if p.has_class("isbn")]
    assert "ISBN" not in doc.find("div", class_="front-matter").text()


# --- Footnotes --------------------------------------------------------------------------------


def test_every_footnote_call_links_to_its_note_which_links_back(doc):
    calls = [n for n in doc.find_all("sup") if n.has_class("note-call")]
    assert calls
    numbers = [int(c.text()) for c in calls]
    assert numbers == list(range(1, len(calls) + 1))
    for call in calls:
        link = call.find("a")
        note = doc.find("li", id=link.attrs["href"][1:])
        back = note.find("a")
        assert back.attrs["href"] == "#" + link.attrs["id"]
        # On paper the renderer floats the call's own copy of the note to the foot of the page.
        copy = call.parent.children[call.parent.children.index(call) + 1]
        assert copy.has_class("footnote")
        assert plain(copy.text()) == plain(note.text()).removesuffix(" ↩").strip()


def test_the_rating_method_of_each_casework_standard_is_a_footnote_in_its_chapter(doc, results):
    fw = results.framework
    for standard in fw.standards:
        if not standard.rule.is_casework:
            continue
        section = doc.find("section", id=f"standard-{standard.id.replace('.', '-')}")
        intro = section.find("p", class_="intro")
        assert intro.text().startswith(f"Our rating for {standard.name.lower()}")
        note = doc.find("li", id=intro.find("sup").find("a").attrs["href"][1:])
        assert plain(note.text()).removesuffix("↩").strip() == plain(fw.rule_texts[standard.rule])
        assert "How this standard is rated" not in section.text()
    # The notes are listed at the end of the chapter that calls them.
    chapter = doc.find("section", id="domain-2")
    aside = chapter.find("aside")
    assert len(aside.find_all("li")) == sum(s.rule.is_casework for s in fw.standards)


def test_the_recommendations_point_to_annexe_one_in_a_footnote(doc, results):
    section = doc.find("section", id="recommendations")
    note = section.find("aside").find("li")
    assert plain(results.framework.wording.recommendations_note) in plain(note.text())


def test_the_stylesheet_floats_notes_to_the_foot_of_the_page_in_print():
    from probity.report.html import stylesheet

    print_rules = stylesheet()[stylesheet().index("@media print") :]
    assert re.search(r"\.footnote \{[^}]*float: footnote", print_rules)
    assert re.search(r"\.note-call, \.notes \{ display: none; \}", print_rules)


# --- Annexes one and four ---------------------------------------------------------------------


def test_annexe_one_opens_with_the_framework_s_introduction(doc):
    annexe = doc.find("section", id="annexe-one")
    first = annexe.find("p")
    assert first.text().startswith("HM Inspectorate of Probation have made recommendations")
    assert first.text().endswith(
        "inspection of Staffordshire and Stoke Probation Delivery Unit (PDU) in respect of the "
        "relevant recommendations:"
    )


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_every_shipped_framework_has_web_links_and_a_glossary(framework_id):
    fw = load_framework(framework_id)
    assert fw.links
    assert all(link.address.startswith("https://") for link in fw.links)
    assert len(fw.glossary) >= 5


def test_annexe_four_prints_each_link_s_address_as_text_and_the_glossary(doc, results):
    fw = results.framework
    annexe = doc.find("section", id="annexe-four")
    assert annexe.find("h2").text() == "Annexe four – Web links"
    for link in fw.links:
        assert f"{link.title}: {link.address}" in annexe.text()
    assert not annexe.find_all("a")  # self-contained: nothing points outside the file
    terms = [dt.text() for dt in annexe.find("dl", class_="glossary").find_all("dt")]
    assert terms == sorted((t.term for t in fw.glossary), key=str.casefold)
    assert "Annexe four – Web links" in [a.text() for a in doc.find("nav").find_all("a")]


# --- Welsh headings ---------------------------------------------------------------------------


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_every_shipped_framework_translates_every_fixed_heading_and_name_into_welsh(
    framework_id,
):
    fw = load_framework(framework_id)
    welsh = fw.translations["cy"]
    names = {d.name for d in fw.domains} | {s.name for s in fw.standards}
    wanted = set(HEADINGS) | names | {s.heading for s in fw.narrative_sections}
    assert fw.front_matter is not None
    wanted.add(fw.front_matter.role_heading)
    assert wanted - set(welsh) == set()
    assert all(v.strip() and v != k for k, v in welsh.items() if k != "Staff"), welsh


def test_the_demonstration_in_welsh_prints_welsh_headings_marked_as_welsh(welsh, results):
    table = results.framework.translations["cy"]
    headings = {n.text(): n for n in welsh.iter() if re.fullmatch(r"h[23]", n.tag)}
    for english in ("Ratings", "Foreword", "Acknowledgements", "Annexe three – Inspection data",
                    "Annexe four – Web links", "Strengths", "Areas for improvement"):  # fmt: skip
        heading = headings[table[english]]
        assert heading.attrs["lang"] == "cy", english
        assert english not in headings
    assert "1. Cyflawni sefydliadol" in headings
    assert headings["1. Cyflawni sefydliadol"].attrs["lang"] == "cy"
    assert "2.2 Asesu" in headings


def test_the_welsh_report_stays_an_english_document_with_its_narrative_as_written(
    welsh, doc, results
):
    # The narrative is in English: the document's language is, and each Welsh heading says
    # its own, so that a screen reader speaks each in its language.
    assert welsh.find("html").attrs["lang"] == "en-GB"
    assert welsh.find("section", id="foreword").find("p").text() == (
        doc.find("section", id="foreword").find("p").text()
    )
    assert not [n for n in doc.iter() if n.attrs.get("lang") == "cy"]


def test_annexe_four_adds_the_inspections_terms_and_replaces_the_frameworks_of_one_name():
    from probity.bundle.model import GlossaryTerm
    from probity.report.front_matter import annexe_four

    fw = load_framework("hmip-adult-pdu-2021")
    first = fw.glossary[0]
    view = annexe_four(fw, (GlossaryTerm("Zz fictional hub", "Fictional: a shared office."),
                            GlossaryTerm(first.term.upper(), "Fictional: ours.")))  # fmt: skip
    terms = dict(view.glossary)
    assert terms["Zz fictional hub"] == "Fictional: a shared office."
    assert terms[first.term.upper()] == "Fictional: ours."
    assert first.term not in terms
    assert [t.casefold() for t in terms] == sorted(t.casefold() for t in terms)
    assert len(view.glossary) == len(fw.glossary) + 1
