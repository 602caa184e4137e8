"""The inspection bundle's tables and columns, as data.

One definition serves the CSV and XLSX readers, the writer, ``probity template`` and the
reference in ``docs/bundle-format.md`` (generated from this module, and tested against it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from probity.framework.models import AttributeType, CaseAttribute, Framework


class ColumnType(StrEnum):
    """How a cell is read."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"
    CHOICE = "choice"


INT32_MAX = 2**31 - 1
"""The largest whole number a column may hold by default: what every database stores in an
integer column."""

MAX_ID_CHARS = 80
SAFE_ID = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{MAX_ID_CHARS - 1}}}")
SAFE_ID_RULE = (
    f"1 to {MAX_ID_CHARS} letters (A-Z, a-z), digits, '.', '_' or '-', the first a letter or "
    "a digit"
)


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a safe id (one that can stand in a web address and a file name
    as it is), or None. The web forms that make inspections and cases hold their ids to
    this rule or a stricter one."""
    if SAFE_ID.fullmatch(value):
        return None
    return f"{value[:100]!r} is not an id: use {SAFE_ID_RULE}"


@dataclass(frozen=True)
class Column:
    """One column: its name, type, whether a value is required, and its allowed values."""

    name: str
    type: ColumnType
    doc: str
    required: bool = True
    choices: tuple[str, ...] = ()
    # The record's field the column fills (its own name by default); ``attribute``: one of
    # the case's attributes, kept in the record's ``attributes``.
    field: str | None = None
    attribute: bool = False
    # Left out of what Probity writes when no row has a value (an optional later addition,
    # so that files written before it are written again unchanged).
    omit_when_blank: bool = False
    # What the framework decides of the column: its name, its choices, or, for the cases'
    # attributes, a column per attribute (:func:`tables_for`).
    from_framework: str | None = None
    # An integer column's range (checked as its cells are read); an ``identifier`` is held
    # to :func:`id_problem`, since it appears in web addresses.
    minimum: int = 0
    maximum: int = INT32_MAX
    identifier: bool = False
    # The most characters a text column may hold where the web application's database
    # stores it in a column of that size (None: up to the cell limit).
    max_chars: int | None = None

    @property
    def field_name(self) -> str:
        """The record field the column fills."""
        return self.field or self.name


@dataclass(frozen=True)
class Table:
    """One table of the bundle: a CSV file ``NAME.csv`` or a sheet ``NAME`` of the workbook."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = True
    exactly_one_row: bool = False
    # Left out of what Probity writes when it has no rows (an optional later table, so that
    # bundles written before it are written again unchanged).
    omit_when_empty: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        """The column with this name."""
        return next(c for c in self.columns if c.name == name)


TEXT, INT, NUM, DATE, BOOL, CHOICE = (
    ColumnType.TEXT,
    ColumnType.INTEGER,
    ColumnType.NUMBER,
    ColumnType.DATE,
    ColumnType.BOOLEAN,
    ColumnType.CHOICE,
)

ANSWERS = ("yes", "no", "na")
SECOND_LOOKS = ("blind", "review")
PROGRESS = ("no_progress", "some_progress", "sufficient_progress")
STAFFING_UNITS = ("count", "fte", "percent", "days", "cases")
LANGUAGES = ("en", "cy")

# What the framework gives a column (``Column.from_framework``), in the tables below;
# :func:`tables_for` puts the framework's own in its place.
ORGANISATION = "organisation"  # the column's name
ATTRIBUTES = "attributes"  # a column per case attribute, in place of this one
RATINGS, SURVEYS, STAFFING_SECTIONS = "ratings", "surveys", "staffing_sections"  # the choices

TABLES: tuple[Table, ...] = (
    Table(
        "inspection",
        "The inspection itself: one row.",
        (
            Column(
                "inspection_id",
                TEXT,
                "A short identifier, e.g. `staffordshire-stoke-2022` (see Limits).",
                identifier=True,
            ),
            Column(
                "organisation",
                TEXT,
                "The organisation inspected; the framework names this column (`pdu` in the "
                "adult PDU frameworks).",
                from_framework=ORGANISATION,
                max_chars=200,
            ),
            Column("region", TEXT, "The region it belongs to.", max_chars=200),
            Column("framework", TEXT, "The framework id, e.g. `hmip-adult-pdu-2021`."),
            Column("fieldwork_start", DATE, "First day of fieldwork (YYYY-MM-DD)."),
            Column("fieldwork_end", DATE, "Last day of fieldwork; not before the start."),
            Column("published", DATE, "Date of publication.", required=False),
            Column(
                "lead_inspector",
                TEXT,
                "The lead inspector's name.",
                required=False,
                max_chars=200,
            ),
            Column("cases_interviewed", INT, "Practitioner interviews held.", required=False),
            Column(
                "isbn",
                TEXT,
                "The report's ISBN-13 (hyphens and spaces allowed, e.g. `978-1-914478-78-9`), "
                "printed in its front matter.",
                required=False,
                omit_when_blank=True,
            ),
            Column(
                "language",
                CHOICE,
                "The language of the report's headings: `en` (the default) or `cy` (Welsh, "
                "from the framework's translations); the narrative is printed as written.",
                required=False,
                choices=LANGUAGES,
                omit_when_blank=True,
            ),
            Column(
                "framework_hash",
                TEXT,
                "The SHA-256 of the framework file the inspection was rated under (Probity's "
                "exports write it); a published inspection is not rated under a changed file.",
                required=False,
                omit_when_blank=True,
                max_chars=64,
            ),
        ),
        exactly_one_row=True,
    ),
    Table(
        "sample_windows",
        "The periods in which the sampled sentences and licences commenced.",
        (
            Column("start", DATE, "First day of the window."),
            Column("end", DATE, "Last day of the window; not before its start."),
        ),
        key=("start",),
    ),
    Table(
        "cases",
        "One row per inspected case. Case ids are pseudonymous references, never names.",
        (
            Column(
                "case_id",
                TEXT,
                "The case's reference within this inspection (an id: see Limits).",
                identifier=True,
            ),
            Column(
                "attributes",
                TEXT,
                "The framework's case attributes, one column each, in the order its case "
                "profile lists them (see below).",
                from_framework=ATTRIBUTES,
            ),
            Column("inspector", TEXT, "The inspector who assessed the case.", max_chars=200),
        ),
        key=("case_id",),
    ),
    Table(
        "answers",
        "One row per answer: every key question and prompt of every case, long format.",
        (
            Column("case_id", TEXT, "A case of the `cases` table."),
            Column(
                "question_id",
                TEXT,
                "A key question (`2.2.1`) or a prompt (`2.2.1.a`) of the framework.",
            ),
            Column(
                "answer",
                CHOICE,
                "`na` only where the framework and the case allow it.",
                choices=ANSWERS,
            ),
            Column("note", TEXT, "The inspector's note.", required=False),
        ),
        key=("case_id", "question_id"),
    ),
    Table(
        "second_answers",
        "Second looks at answers, by an inspector other than the case's: a reliability study "
        "(`blind`: the case assessed again without the first answers in view) or a dip-sample "
        "review (`review`: the first answers in view). The first answers are kept as they are; "
        "the ratings use `resolved` where it is given. `probity agreement` measures how far "
        "first and second answers agree.",
        (
            Column("case_id", TEXT, "A case of the `cases` table."),
            Column(
                "question_id",
                TEXT,
                "A key question or prompt that the case's `answers` answer.",
            ),
            Column(
                "answer",
                CHOICE,
                "The second inspector's answer, allowed as in `answers`.",
                choices=ANSWERS,
            ),
            Column("note", TEXT, "The second inspector's note.", required=False),
            Column(
                "inspector",
                TEXT,
                "The second inspector: not the case's own `inspector`.",
                max_chars=200,
            ),
            Column(
                "mode",
                CHOICE,
                "`blind` (assessed again without the first answer in view) or `review` (a "
                "review of the first answer).",
                choices=SECOND_LOOKS,
            ),
            Column(
                "reason",
                TEXT,
                "Why the reviewer disagrees: required in a `review` whose answer differs from "
                "the first.",
                required=False,
            ),
            Column(
                "resolved",
                CHOICE,
                "The answer in force once the two are reconciled, allowed as in `answers`; "
                "blank: the first answer stands.",
                required=False,
                choices=ANSWERS,
            ),
        ),
        key=("case_id", "question_id", "inspector"),
        required=False,
        omit_when_empty=True,
    ),
    Table(
        "judgements",
        "Inspectors' judgements for the standards rated by judgement (domain one).",
        (
            Column("standard_id", TEXT, "A standard rated by judgement, e.g. `1.1`."),
            Column("rating", CHOICE, "One of the framework's ratings.", from_framework=RATINGS),
            Column("evidence", TEXT, "The evidence for the judgement (Markdown).", required=False),
        ),
        key=("standard_id",),
    ),
    Table(
        "staffing",
        "Staffing, caseload and workload figures (Annexe two) and figures supplied by the "
        "service for the case characteristics table. A blank value means not available.",
        (
            Column(
                "section",
                CHOICE,
                "Where the figure is reported: one of the framework's staffing sections.",
                from_framework=STAFFING_SECTIONS,
            ),
            Column(
                "ref",
                TEXT,
                "A short name for the figure, unique in the table, for the narrative to quote it "
                "by (`{{ staffing.po_caseload }}`).",
                required=False,
                max_chars=100,
            ),
            Column("measure", TEXT, "What is measured, as it is to be printed."),
            Column("value", NUM, "The figure; blank if not available.", required=False),
            Column("unit", CHOICE, "The unit of the figure.", choices=STAFFING_UNITS),
            Column("source", TEXT, "Who supplied it.", required=False),
        ),
        key=("section", "measure"),
        required=False,
    ),
    Table(
        "surveys",
        "Survey and interview results quoted as 'N out of M'.",
        (
            Column(
                "survey",
                CHOICE,
                "Which survey: one of the framework's.",
                from_framework=SURVEYS,
            ),
            Column(
                "ref",
                TEXT,
                "A short name for the result, unique in the table, for the narrative to quote it "
                'by (`{{ survey.quality_prioritised }}` gives "30 out of 42").',
                required=False,
                max_chars=100,
            ),
            Column("question", TEXT, "The statement respondents answered, as quoted."),
            Column("respondents", INT, "How many answered (M)."),
            Column("positive", INT, "How many answered positively (N); at most M."),
        ),
        key=("survey", "question"),
        required=False,
    ),
    Table(
        "recommendations",
        "This inspection's recommendations (`current`) and previous inspections' "
        "recommendations with the progress found (`previous`, Annexe one).",
        (
            Column("kind", CHOICE, "`current` or `previous`.", choices=("current", "previous")),
            Column("number", INT, "Order within its kind, from 1.", minimum=1, maximum=1000),
            Column(
                "addressed_to",
                TEXT,
                "Who should act (current), e.g. the PDU or the region.",
                required=False,
            ),
            Column("text", TEXT, "The recommendation."),
            Column("source", TEXT, "The report it came from (previous).", required=False),
            Column("source_date", DATE, "That report's date (previous).", required=False),
            Column(
                "findings", TEXT, "What this inspection found (previous; Markdown).", required=False
            ),
            Column(
                "progress", CHOICE, "Progress found (previous).", required=False, choices=PROGRESS
            ),
            Column(
                "improvement_required",
                BOOL,
                "Whether improvement is still required (previous).",
                required=False,
            ),
        ),
        key=("kind", "number"),
        required=False,
    ),
    Table(
        "practice_examples",
        "Practice examples quoted in the report, under pseudonyms.",
        (
            Column("standard_id", TEXT, "The standard the example illustrates."),
            Column("kind", CHOICE, "Good or poor practice.", choices=("good", "poor")),
            Column(
                "pseudonym",
                TEXT,
                "The name used in the example (never a real name).",
                required=False,
                max_chars=200,
            ),
            Column("text", TEXT, "The example (Markdown)."),
            Column(
                "case_id",
                TEXT,
                "The case the example is about (one of `cases`); never printed in the report.",
                required=False,
            ),
        ),
        required=False,
    ),
)

NARRATIVE_PARTS = ("text", "strength", "improvement")

TABLES = (
    *TABLES,
    Table(
        "narrative",
        "The report's words, in order: paragraphs in Markdown, which may quote computed figures "
        '(`{{ kq["2.2.3"] }}` gives "39%"; see docs/narrative.md) so that the text cannot '
        "contradict the data.",
        (
            Column(
                "section",
                TEXT,
                "Where the paragraph goes: `foreword`, `background`, a domain (`domain:1`), a "
                "standard (`1.1`, `2.4`), or a section the framework adds (`acknowledgements`).",
            ),
            Column(
                "part",
                CHOICE,
                "A paragraph of text, or one item of the section's strengths or areas for "
                "improvement.",
                choices=NARRATIVE_PARTS,
            ),
            Column(
                "heading",
                TEXT,
                "A sub-heading the paragraph sits under (a domain-one question, say); a new "
                "heading starts where it changes.",
                required=False,
            ),
            Column("text", TEXT, "The paragraph (Markdown)."),
        ),
        required=False,
    ),
    Table(
        "glossary",
        "Terms the report explains in Annexe four besides the framework's own glossary (a term "
        "of the same name replaces the framework's definition).",
        (
            Column(
                "term",
                TEXT,
                "The term, as the report uses it (unique, whatever its case).",
                max_chars=200,
            ),
            Column("definition", TEXT, "What it means."),
        ),
        required=False,
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}


_CHOICE_TYPES = {
    AttributeType.CHOICE: ColumnType.CHOICE,
    AttributeType.BOOLEAN: ColumnType.BOOLEAN,
    AttributeType.TEXT: ColumnType.TEXT,
    AttributeType.INTEGER: ColumnType.INTEGER,
}

FRAMEWORK_FREE = (
    "sample_windows", "answers", "second_answers", "recommendations", "practice_examples",
    "narrative", "glossary",
)  # fmt: skip
"""The tables whose columns do not depend on the framework."""


def attribute_column(a: CaseAttribute) -> Column:
    """The ``cases`` column of one case attribute."""
    return Column(
        a.id, _CHOICE_TYPES[a.type], a.doc or a.label, a.required, a.value_ids, attribute=True
    )


def _framework_column(fw: Framework, column: Column) -> tuple[Column, ...]:
    given = column.from_framework
    if given == ATTRIBUTES:
        return tuple(attribute_column(a) for a in fw.case_profile.attributes)
    if given == ORGANISATION:
        org = fw.organisation
        return (
            replace(
                column,
                name=org.column,
                doc=f"{org.label}: the one inspected.",
                field="organisation",
            ),
        )
    if column.name == "region":
        return (replace(column, required=fw.organisation.region_required),)
    if given in (RATINGS, SURVEYS, STAFFING_SECTIONS):
        choices = {
            RATINGS: tuple(r.id for r in fw.ratings),
            STAFFING_SECTIONS: tuple(s.id for s in fw.staffing_sections),
            SURVEYS: tuple(s.id for s in fw.surveys),
        }[given]
        return (replace(column, choices=choices, from_framework=None),)
    return (column,)


# Frameworks are not hashable (they hold mappings): the tables are kept by object identity,
# with the framework itself, so that an id is never reused while its entry stands.
_BY_FRAMEWORK: dict[int, tuple[Framework, tuple[Table, ...]]] = {}


def tables_for(fw: Framework) -> tuple[Table, ...]:
    """Every table of a bundle under this framework, its columns as the framework gives them."""
    kept = _BY_FRAMEWORK.get(id(fw))
    if kept is not None and kept[0] is fw:
        return kept[1]
    tables = tuple(
        replace(t, columns=tuple(c for col in t.columns for c in _framework_column(fw, col)))
        for t in TABLES
    )
    _BY_FRAMEWORK[id(fw)] = (fw, tables)
    return tables


def table_for(fw: Framework, name: str) -> Table:
    """One table of a bundle under this framework."""
    return next(t for t in tables_for(fw) if t.name == name)
