"""The bundle format's reference, generated from the schema and the frameworks available
(docs/bundle-format.md holds it)."""

from __future__ import annotations

from probity.bundle.schema import (
    ATTRIBUTES,
    ORGANISATION,
    RATINGS,
    STAFFING_SECTIONS,
    SURVEYS,
    TABLES,
    Column,
    ColumnType,
    attribute_column,
    tables_for,
)
from probity.framework import Framework, available_frameworks, load_framework

CHOSEN = (RATINGS, SURVEYS, STAFFING_SECTIONS)

BEGIN = "<!-- BEGIN GENERATED: tables (make docs) -->"
END = "<!-- END GENERATED: tables -->"


def _kind(c: Column) -> str:
    if c.type is ColumnType.CHOICE:
        return "one of " + ", ".join(f"`{v}`" for v in c.choices) if c.choices else "a choice"
    if c.type is ColumnType.BOOLEAN:
        return "`yes` or `no`"
    if c.type is ColumnType.INTEGER:
        return f"integer, {c.minimum} to {c.maximum:,}"
    if c.identifier:
        return "id (see Limits)"
    if c.max_chars is not None:
        return f"text, at most {c.max_chars} characters"
    return c.type.value


def _columns(columns: tuple[Column, ...]) -> list[str]:
    out = ["| column | type | required | meaning |", "| --- | --- | --- | --- |"]
    for c in columns:
        name = {ATTRIBUTES: "*one per case attribute*", ORGANISATION: "*named by the framework*"}
        kind = "one of the framework's" if c.from_framework in CHOSEN else _kind(c)
        if c.from_framework == ATTRIBUTES:
            kind = "as the framework says"
        shown = name.get(c.from_framework or "", f"`{c.name}`")
        out.append(f"| {shown} | {kind} | {'yes' if c.required else 'no'} | {c.doc} |")
    return out


def _framework_section(fw: Framework) -> list[str]:
    tables = {t.name: t for t in tables_for(fw)}
    org = fw.organisation
    out = [f"### Under `{fw.id}`", "", fw.title + ".", ""]
    region = "required" if org.region_required else "optional"
    out.append(
        f"The inspection table names the organisation inspected in the column `{org.column}` "
        f"({org.label}); `region` ({org.region_label}) is {region}."
    )
    out.append("")
    out.append("The `cases` table's attribute columns, between `case_id` and `inspector`:")
    out.append("")
    out.extend(_columns(tuple(attribute_column(a) for a in fw.case_profile.attributes)))
    out.append("")
    for name, column in (("judgements", "rating"), ("surveys", "survey"), ("staffing", "section")):
        choices = tables[name].column(column).choices
        shown = ", ".join(f"`{v}`" for v in choices) or "none"
        out.append(f"- `{name}.{column}`: {shown}")
    out.append("")
    return out


def tables_reference() -> str:
    """Markdown describing every table and column of the bundle, then what each available
    framework puts in the columns it decides."""
    out: list[str] = [BEGIN, ""]
    for table in TABLES:
        need = "required" if table.required else "optional"
        rows = "exactly one row" if table.exactly_one_row else "one row per record"
        out.append(f"### `{table.name}` ({need}; {rows})")
        out.append("")
        out.append(table.doc)
        if table.key:
            out.append(
                f"Each row is identified by {', '.join(f'`{k}`' for k in table.key)}: "
                "a duplicate is an error."
            )
        out.append("")
        out.extend(_columns(table.columns))
        out.append("")
    out.append("## What each framework decides")
    out.append("")
    out.append(
        "The columns above that the framework decides (the organisation's column, the case "
        "attributes, and the choices of `judgements.rating`, `surveys.survey` and "
        "`staffing.section`) come from the bundle's framework:"
    )
    out.append("")
    for source in sorted({f.id for f in available_frameworks()}):
        out.extend(_framework_section(load_framework(source)))
    out.append(END)
    return "\n".join(out)


def replace_generated(document: str) -> str:
    """The document with its generated section replaced by the current reference."""
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + tables_reference() + document[end:]
