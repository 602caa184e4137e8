"""The bundle format's reference, generated from the schema (docs/bundle-format.md holds it)."""

from __future__ import annotations

from probity.bundle.schema import TABLES, ColumnType

BEGIN = "<!-- BEGIN GENERATED: tables (make docs) -->"
END = "<!-- END GENERATED: tables -->"


def tables_reference() -> str:
    """Markdown describing every table and column of the bundle."""
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
        out.append("| column | type | required | meaning |")
        out.append("| --- | --- | --- | --- |")
        for c in table.columns:
            kind = c.type.value
            if c.type is ColumnType.CHOICE:
                kind = "one of " + ", ".join(f"`{v}`" for v in c.choices)
            elif c.type is ColumnType.BOOLEAN:
                kind = "`yes` or `no`"
            out.append(f"| `{c.name}` | {kind} | {'yes' if c.required else 'no'} | {c.doc} |")
        out.append("")
    out.append(END)
    return "\n".join(out)


def replace_generated(document: str) -> str:
    """The document with its generated section replaced by the current reference."""
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + tables_reference() + document[end:]
