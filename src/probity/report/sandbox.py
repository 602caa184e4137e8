"""The bounded sandbox narrative paragraphs are evaluated in.

A paragraph comes from a bundle or a browser form, so its expressions are evaluated in
Jinja2's sandbox (no reach into Python), and bounded besides, so that no paragraph can take
minutes or gigabytes (``{{ 9**(9**9) }}``, ``{{ 'a'*10**10 }}``, loops within loops): the
size of what ``*``, ``**``, ``+``, ``%`` and ``~`` make, the steps (calls and loop turns) one
paragraph may take, its running time and the length of its output. Filters and methods that
make a long string from a short one are left out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_OUTPUT_CHARS = 200_000
"""Characters one paragraph may render to."""
MAX_VALUE_LENGTH = 100_000
"""Characters of a string, or items of a list, that one operation may make."""
MAX_INTEGER_BITS = 4_096
"""Bits of an integer one operation may make (about 1,200 digits)."""
MAX_STEPS = 100_000
"""Calls and loop turns one paragraph may take."""
MAX_SECONDS = 2.0
"""Time one paragraph may take to render."""

# Filters and str methods that make a string far longer than their input, or loop a given
# number of times: not offered to a paragraph.
_UNSAFE_FILTERS = ("center", "indent", "format", "slice", "batch", "wordwrap", "replace")
_UNSAFE_METHODS = frozenset(
    {"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join", "format",
     "format_map", "translate"}
)  # fmt: skip
_UNSAFE_GLOBALS = ("lipsum", "cycler", "joiner")
_LONG_WIDTH = re.compile(r"%[-+ #0]*(?:\*|\d{6,}|\d*\.(?:\*|\d{6,}))")


class NarrativeBoundError(SecurityError):
    """A paragraph that goes past one of the sandbox's bounds."""


@dataclass
class _Budget:
    steps: int
    deadline: float


_BUDGET: ContextVar[_Budget | None] = ContextVar("narrative_budget", default=None)


def _step() -> None:
    budget = _BUDGET.get()
    if budget is None:
        return
    budget.steps -= 1
    if budget.steps < 0:
        raise NarrativeBoundError(f"takes more than {MAX_STEPS:,} steps (calls and loop turns)")
    if budget.steps % 256 == 0 and time.monotonic() > budget.deadline:
        raise NarrativeBoundError(f"takes more than {MAX_SECONDS:g} seconds to render")


def _size(value: object) -> int | None:
    if isinstance(value, str | list | tuple):
        return len(value)
    return None


def _int_bits(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value).bit_length()
    return None


def _too_long(n: int) -> NarrativeBoundError:
    return NarrativeBoundError(f"makes a value of {n:,} characters or items: over the limit of "
                               f"{MAX_VALUE_LENGTH:,}")  # fmt: skip


def _too_big() -> NarrativeBoundError:
    return NarrativeBoundError(f"makes a number of more than {MAX_INTEGER_BITS:,} bits")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    left_size, right_size = _size(left), _size(right)
    left_bits, right_bits = _int_bits(left), _int_bits(right)
    both_ints = left_bits is not None and right_bits is not None
    # ``a ** b`` has about b × log2(a) bits.
    if operator == "**" and both_ints and left_bits and left_bits > 1 and right > 0:
        if right * (left_bits - 1) > MAX_INTEGER_BITS:
            raise _too_big()
    elif operator == "*" and both_ints and (left_bits or 0) + (right_bits or 0) > MAX_INTEGER_BITS:
        raise _too_big()
    elif operator == "*" and left_size is not None and right_bits is not None:
        if left_size * right > MAX_VALUE_LENGTH:
            raise _too_long(left_size * right)
    elif operator == "*" and right_size is not None and left_bits is not None:
        if right_size * left > MAX_VALUE_LENGTH:
            raise _too_long(right_size * left)
    elif operator == "+" and left_size is not None and right_size is not None:
        if left_size + right_size > MAX_VALUE_LENGTH:
            raise _too_long(left_size + right_size)
    # A width or precision in a format (or given by "*") may be as large as one likes.
    elif operator == "%" and isinstance(left, str) and _LONG_WIDTH.search(left):
        raise NarrativeBoundError("a format with a width or precision of six digits or more")


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with every loop's iterable counted and every ``~`` checked."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:  # noqa: N802 (Jinja's name)
        if not isinstance(node.iter, nodes.Call) or not isinstance(
            node.iter.node, nodes.EnvironmentAttribute
        ):
            node.iter = nodes.Call(
                nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None
            )
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802
        self.write("environment.checked_length(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedEnvironment(SandboxedEnvironment):
    """A sandbox whose operations, steps, time and output are bounded (see the module)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for name in _UNSAFE_FILTERS:
            self.filters.pop(name, None)
        for name in _UNSAFE_GLOBALS:
            self.globals.pop(name, None)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str | list | tuple) and attr in _UNSAFE_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _step()
        return super().call(__context, __obj, *args, **kwargs)

    def counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """The items of a loop's iterable, each a step."""
        for item in iterable:
            _step()
            yield item

    def checked_length(self, text: str) -> str:
        """What ``~`` made, within the bound on a value's length."""
        if len(text) > MAX_VALUE_LENGTH:
            raise _too_long(len(text))
        return text


def bounded_render(render: Callable[[], Iterable[str]]) -> str:
    """The output of ``render`` (a template's ``generate``), within the bounds on steps,
    time and output; raises :class:`NarrativeBoundError` past any of them."""
    token = _BUDGET.set(_Budget(MAX_STEPS, time.monotonic() + MAX_SECONDS))
    try:
        out: list[str] = []
        length = 0
        for chunk in render():
            length += len(chunk)
            if length > MAX_OUTPUT_CHARS:
                raise NarrativeBoundError(f"renders to more than {MAX_OUTPUT_CHARS:,} characters")
            out.append(chunk)
        return "".join(out)
    finally:
        _BUDGET.reset(token)
