"""The framework's questions as a table: what the answers' question ids mean.

Key questions (``2.2.1``) and prompts (``2.2.1.a``) are both plain question ids in the answers;
this table says which is which, which standard each belongs to and, for a prompt, which key
question. SQL joins the answers to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information

from probity.framework.models import Framework

KEY_QUESTION = "key_question"
PROMPT = "prompt"
STANDARD = "standard"

QUESTION_SCHEMA = pa.schema(
    [
        pa.field("question_id", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("standard_id", pa.string(), nullable=False),
        pa.field("key_question_id", pa.string()),
        pa.field("position", pa.int64(), nullable=False),
    ]
)


@dataclass(frozen=True)
class _Item:
    kind: str
    standard_id: str
    question_id: str | None
    key_question_id: str | None
    position: int


def _framework_order(fw: Framework) -> Iterator[_Item]:
    # One numbering for standards and questions alike, so that a table holding both (the
    # national table) sorts each standard just before its own questions.
    position = 0
    for s in fw.standards:
        yield _Item(STANDARD, s.id, None, None, position)
        position += 1
        for kq in s.key_questions:
            yield _Item(KEY_QUESTION, s.id, kq.id, None, position)
            position += 1
            for p in kq.prompts:
                yield _Item(PROMPT, s.id, p.id, kq.id, position)
                position += 1
        for p in s.other_prompts.prompts if s.other_prompts else ():
            yield _Item(PROMPT, s.id, p.id, None, position)
            position += 1


def question_table(fw: Framework) -> pa.Table:
    """Every key question and prompt of the framework, one row each, in framework order.

    Columns: ``question_id``; ``kind`` (``key_question`` or ``prompt``); ``standard_id``;
    ``key_question_id`` (the prompt's key question; null for key questions and for prompts
    outside any key question, such as ``2.4.pc.a``); ``position`` (int64, increasing in
    framework order: each key question comes before its prompts; numbers taken by standards
    are skipped, so positions need not be consecutive).
    """
    items = [i for i in _framework_order(fw) if i.kind != STANDARD]
    return pa.Table.from_pylist(
        [
            {
                "question_id": i.question_id,
                "kind": i.kind,
                "standard_id": i.standard_id,
                "key_question_id": i.key_question_id,
                "position": i.position,
            }
            for i in items
        ],
        schema=QUESTION_SCHEMA,
    )


def standard_positions(fw: Framework) -> dict[str, int]:
    """Each standard's position in the numbering :func:`question_table` uses: just before the
    positions of its own questions."""
    return {i.standard_id: i.position for i in _framework_order(fw) if i.kind == STANDARD}
