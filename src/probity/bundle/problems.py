"""Located problems in inspection data files, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem: the file, the place in it (field, or sheet/row/column) and the reason."""

    source: str
    place: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.place}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        """The problem as plain data, for ``--json`` output."""
        return {"source": self.source, "place": self.place, "message": self.message}


class DataError(Exception):
    """Inspection data that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
