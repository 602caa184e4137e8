"""The report's figures before publication: the narrative check's findings for an inspection as
it stands, and the lead's acceptance of a finding with a reason (docs/narrative.md).

A report is published only when every finding is fixed or accepted
(:func:`probity.workflow.services.publish` asks :func:`open_findings`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from probity.pipeline import InspectionResults, inspect_bundle
from probity.report.check import Finding, check_narrative
from probity.workflow.access import authorise, reason_given
from probity.workflow.errors import InvalidError, NotAllowedNowError
from probity.workflow.model import Actor
from probity.workflow.policy import Action
from probity.workflow.store import AcceptedFinding, Store


@dataclass(frozen=True)
class ReportCheck:
    """The check's findings on the report as it stands, and those the lead accepted."""

    findings: tuple[Finding, ...]
    accepted: Mapping[str, AcceptedFinding]

    @property
    def open(self) -> tuple[Finding, ...]:
        """The findings neither fixed nor accepted: each blocks publication."""
        return tuple(f for f in self.findings if f.key not in self.accepted)


def _rated(store: Store, inspection_id: str) -> InspectionResults:
    results = inspect_bundle(store.bundle(inspection_id), store.framework_of(inspection_id))
    if results.ratings is None:
        raise NotAllowedNowError(
            "The report's figures can be checked once the inspection is fully rated: "
            + "; ".join(str(p) for p in results.problems)
        )
    return results


def open_findings(store: Store, inspection_id: str, results: InspectionResults) -> ReportCheck:
    """The check of an inspection already read and rated (for publication, in its
    transaction)."""
    return ReportCheck(tuple(check_narrative(results)), store.accepted_findings(inspection_id))


def check_report(store: Store, actor: Actor, inspection_id: str) -> ReportCheck:
    """The narrative check of the report as it now stands, for those who may publish it."""
    authorise(store, actor, Action.PUBLISH, inspection_id)
    return open_findings(store, inspection_id, _rated(store, inspection_id))


def accept_finding(store: Store, actor: Actor, inspection_id: str, key: str, reason: str) -> None:
    """Accept one finding of the check as it now stands, with the reason (required)."""
    text = reason_given(reason, "the figure is accepted as it is")
    with store.transaction():
        authorise(store, actor, Action.PUBLISH, inspection_id)
        store.inspection(inspection_id, lock=True)
        found = {f.key: f for f in check_narrative(_rated(store, inspection_id))}
        finding = found.get(key)
        if finding is None:
            raise InvalidError(["finding: the report no longer has it (it may have been fixed)"])
        store.accept_finding(inspection_id, key, finding.section, finding.figure, text, actor)
