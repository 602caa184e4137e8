"""A literal figure bound to the figure it is about: ``{{ "39 per cent" | about(kq["2.2.3"]) }}``.

The filter prints the literal exactly as the author wrote it; while the narrative check renders
a paragraph it also records the binding, so that the check can compare the words with the
figure (docs/narrative.md). Rendering for the report records nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from .figures import UnknownFigureError

SIDES = ("yes", "no")


@dataclass(frozen=True)
class Binding:
    """One bound literal: the words as written, the figure they are about, and which side of
    a yes/no figure they count ("no": "28 out of 69 were insufficient")."""

    literal: str
    figure: object
    side: str


_recorded: ContextVar[list[Binding] | None] = ContextVar("probity_bindings", default=None)


def about(literal: object, figure: object, side: str = "yes") -> str:
    """The ``about`` filter: the literal as written, its binding recorded while checking."""
    if not isinstance(literal, str):
        raise UnknownFigureError(
            "about: put the figure as written in quotes, as "
            '{{ "39 per cent" | about(kq["2.2.3"]) }}'
        )
    if side not in SIDES:
        raise UnknownFigureError(f'about: the side is "yes" or "no", not {side!r}')
    recorded = _recorded.get()
    if recorded is not None:
        recorded.append(Binding(literal, figure, side))
    return literal


@contextmanager
def recording() -> Iterator[list[Binding]]:
    """Collect the bindings of what is rendered inside the block, in the order rendered."""
    bindings: list[Binding] = []
    token = _recorded.set(bindings)
    try:
        yield bindings
    finally:
        _recorded.reset(token)
