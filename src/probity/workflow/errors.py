"""What a workflow step can be refused for. Each error's message says why, in words a page,
the API and the command line can show as they are."""

from __future__ import annotations

from collections.abc import Sequence


class WorkflowError(Exception):
    """A step not taken; nothing was changed."""


class NotFoundError(WorkflowError):
    """No such inspection or case, or none the actor has any part in (ids do not leak)."""


class ForbiddenError(WorkflowError):
    """The actor's part does not allow the step."""


class PublishedError(ForbiddenError):
    """The inspection is published (perhaps while the step was on its way): nothing in it can
    be changed."""

    def __init__(self) -> None:
        super().__init__(
            "The inspection is published: nothing in it can be changed, and this change is "
            "not saved."
        )


class NotAllowedNowError(WorkflowError):
    """The case (or inspection) is not in a state that allows the step."""


class StaleError(WorkflowError):
    """The case changed after the actor read it: its version has moved on."""

    def __init__(self, what: str, version: int, changed_by: str | None, changed_at: str | None):
        self.version = version
        self.changed_by, self.changed_at = changed_by, changed_at
        by = f" by {changed_by}" if changed_by else ""
        at = f" at {changed_at}" if changed_at else ""
        super().__init__(f"{what} was changed{by}{at} after you read it (now version {version})")


class InvalidError(WorkflowError):
    """The input cannot be used; ``problems`` lists every reason, each with its place."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))
