"""``probity stats --by``'s JSON: a subgroup table as plain data (docs/subgroups.md)."""

from __future__ import annotations

from typing import Any

from probity.statistics.subgroups import GroupFigure, SubgroupTable


def subgroup_document(table: SubgroupTable) -> dict[str, Any]:
    """``stats --by``'s part of the JSON: every group's cases and, per key question, its
    counts, % "Yes", interval, and comparison with the rest of the sample. An internal view:
    a group under the framework's minimum keeps its figures and is marked ``suppressed``."""

    def figure(f: GroupFigure) -> dict[str, Any]:
        c = f.comparison
        out: dict[str, Any] = {
            "yes": f.count.part,
            "applicable": f.count.whole,
            "pct": f.count.rounded,
            "interval": f.interval.percent(1) if f.interval else None,
            "rest": {"yes": c.rest.part, "applicable": c.rest.whole, "pct": c.rest.rounded},
            "difference": None if c.difference is None else round(float(c.difference), 1),
            "p": c.p,
            "q": c.q,
            "notable": c.notable,
        }
        if c.reason:
            out["no_test"] = c.reason
        return out

    return {
        "by": table.attribute,
        "minimum_cases": table.minimum_cases,
        "false_discovery_rate": table.false_discovery_rate,
        "test": "Fisher's exact test (two-sided), each group against the rest of the sample; "
        "q: Benjamini-Hochberg across every test of the table",
        "groups": {
            g.key: {
                "label": g.label,
                "cases": g.cases,
                "suppressed": g.suppressed,
                "key_questions": {f.key_question_id: figure(f) for f in g.figures},
            }
            for g in table.groups
        },
    }
