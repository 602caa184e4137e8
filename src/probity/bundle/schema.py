"""The inspection bundle's tables and columns, as data.

One definition serves the CSV and XLSX readers, the writer, ``probity template`` and the
reference in ``docs/bundle-format.md`` (generated from this module, and tested against it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ColumnType(StrEnum):
    """How a cell is read."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    """One column: its name, type, whether a value is required, and its allowed values."""

    name: str
    type: ColumnType
    doc: str
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """One table of the bundle: a CSV file ``NAME.csv`` or a sheet ``NAME`` of the workbook."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    required: bool = True
    exactly_one_row: bool = False

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

CASE_TYPES = ("community", "post_custody")
ROSH_LEVELS = ("low", "medium", "high", "very_high")
GENDERS = ("female", "male", "other", "not_recorded")
ETHNIC_GROUPS = ("white", "black", "asian", "mixed", "other", "not_recorded")
GRADES = ("PO", "PSO", "PQiP", "SPO", "other")
ANSWERS = ("yes", "no", "na")
RATING_IDS = ("outstanding", "good", "requires_improvement", "inadequate")
PROGRESS = ("no_progress", "some_progress", "sufficient_progress")
STAFFING_SECTIONS = ("key_staffing", "caseload_workload", "inspection_workload", "services")
STAFFING_UNITS = ("count", "fte", "percent", "days", "cases")
SURVEYS = ("staff", "practitioner_interviews", "people_on_probation")

TABLES: tuple[Table, ...] = (
    Table(
        "inspection",
        "The inspection itself: one row.",
        (
            Column("inspection_id", TEXT, "A short identifier, e.g. `staffordshire-stoke-2022`."),
            Column("pdu", TEXT, "The probation delivery unit inspected."),
            Column("region", TEXT, "The probation region it belongs to."),
            Column("framework", TEXT, "The framework id, e.g. `hmip-adult-pdu-2021`."),
            Column("fieldwork_start", DATE, "First day of fieldwork (YYYY-MM-DD)."),
            Column("fieldwork_end", DATE, "Last day of fieldwork; not before the start."),
            Column("published", DATE, "Date of publication.", required=False),
            Column("lead_inspector", TEXT, "The lead inspector's name.", required=False),
            Column("cases_interviewed", INT, "Practitioner interviews held.", required=False),
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
            Column("case_id", TEXT, "The case's reference within this inspection."),
            Column(
                "case_type",
                CHOICE,
                "Community sentence or post-custody supervision.",
                choices=CASE_TYPES,
            ),
            Column(
                "unpaid_work_only",
                BOOL,
                "Whether unpaid work is the only requirement (prompts marked * do not apply).",
            ),
            Column(
                "court_report",
                BOOL,
                "Whether a pre-sentence report is in scope (court work, 2.1, applies only then).",
            ),
            Column("rosh", CHOICE, "Risk of serious harm level.", choices=ROSH_LEVELS),
            Column("gender", CHOICE, "Gender.", choices=GENDERS),
            Column("ethnic_group", CHOICE, "Ethnic group.", choices=ETHNIC_GROUPS),
            Column("disability", BOOL, "Whether the person has a disability."),
            Column("drug_misuse", BOOL, "Whether inspectors identified drug misuse problems."),
            Column(
                "alcohol_misuse", BOOL, "Whether inspectors identified alcohol misuse problems."
            ),
            Column(
                "practitioner_grade",
                CHOICE,
                "Grade of the responsible probation practitioner.",
                choices=GRADES,
            ),
            Column("inspector", TEXT, "The inspector who assessed the case."),
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
        "judgements",
        "Inspectors' judgements for the standards rated by judgement (domain one).",
        (
            Column("standard_id", TEXT, "A standard rated by judgement, e.g. `1.1`."),
            Column("rating", CHOICE, "The rating given.", choices=RATING_IDS),
            Column("evidence", TEXT, "The evidence for the judgement (Markdown).", required=False),
        ),
        key=("standard_id",),
    ),
    Table(
        "staffing",
        "Staffing, caseload and workload figures (Annexe two) and figures supplied by the "
        "service for the case characteristics table. A blank value means not available.",
        (
            Column("section", CHOICE, "Where the figure is reported.", choices=STAFFING_SECTIONS),
            Column(
                "ref",
                TEXT,
                "A short name for the figure, unique in the table, for the narrative to quote it "
                "by (`{{ staffing.po_caseload }}`).",
                required=False,
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
            Column("survey", CHOICE, "Which survey.", choices=SURVEYS),
            Column(
                "ref",
                TEXT,
                "A short name for the result, unique in the table, for the narrative to quote it "
                'by (`{{ survey.quality_prioritised }}` gives "30 out of 42").',
                required=False,
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
            Column("number", INT, "Order within its kind, from 1."),
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
            ),
            Column("text", TEXT, "The example (Markdown)."),
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
                "Where the paragraph goes: `foreword`, `background`, a domain (`domain:1`), or a "
                "standard (`1.1`, `2.4`).",
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
)

TABLES_BY_NAME = {t.name: t for t in TABLES}
