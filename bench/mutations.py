"""Random mutations of a bundle, for the fuzz test (tests/test_bundle_fuzz.py) and
``bench/fuzz.py``: a CSV folder's files or a workbook's archive, broken as files come broken
(bytes flipped, cut short, quotes and newlines inserted, XML elements and attributes
corrupted, cells made huge or given values out of range).

Every mutation is drawn from a :class:`random.Random`, so that a seed (or hypothesis's
``randoms()``) repeats it exactly.
"""

from __future__ import annotations

import random
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

# Values that typing or the cross-table checks must refuse, or that probe a bound.
ODD_VALUES = (
    "", "abc", "-1", "-3", str(10**30), "1e400", "nan", "2022-02-30", "a/b", ".hidden",
    "x" * 81, "{{ 9**(9**9) }}", "{{ 'a'*10**10 }}", "{{ 1/0 }}", "{% for i in range(10**9) %}",
    '"', "\x00", "=cmd()", "yes", "na", "\u202e", "9" * 5000,
)  # fmt: skip
INSERTS = (b'"', b"\n", b"\r", b",", b'""', b"\x00", b"\xff", b"\xef\xbb\xbf", b";")
XML_ATTRIBUTE_VALUES = (b"A-5", b"ZZZZ1", b"A0", b"A99999999999", b"", b"-1", b"s", b"n", b"d")
XML_VALUES = (b"abc", b"99999", b"-1", b"1e400", b"2022-02-30", b"", b"&#0;", b"]]>")


def _flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] ^= rng.randint(1, 255)
    return bytes(out)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _insert(rng: random.Random, data: bytes) -> bytes:
    out = data
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(out) + 1)
        out = out[:i] + rng.choice(INSERTS) + out[i:]
    return out


def _huge(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    size = rng.choice((100_001, 131_073, 200_000))
    return data[:i] + b"x" * size + data[i:]


def _csv_value(rng: random.Random, data: bytes) -> bytes:
    """One cell of a CSV file given an odd value."""
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data
    n = rng.randrange(len(lines))
    cells = lines[n].split(b",")
    cells[rng.randrange(len(cells))] = rng.choice(ODD_VALUES).encode("utf-8")
    lines[n] = b",".join(cells)
    return b"\n".join(lines)


def _lines(rng: random.Random, data: bytes) -> bytes:
    """A line repeated or removed."""
    lines = data.split(b"\n")
    n = rng.randrange(len(lines))
    if rng.random() < 0.5:
        lines.insert(n, lines[n])
    else:
        del lines[n]
    return b"\n".join(lines)


BYTE_MUTATIONS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    _flip, _truncate, _insert, _huge, _csv_value, _lines
)  # fmt: skip


def _xml_element(rng: random.Random, xml: bytes) -> bytes:
    """An element's start tag removed, or an element cut out whole."""
    tags = list(re.finditer(rb"<[A-Za-z][^>]*>", xml))
    if not tags:
        return xml
    m = rng.choice(tags)
    if rng.random() < 0.5:
        return xml[: m.start()] + xml[m.end() :]
    end = xml.find(b">", m.end() + rng.randrange(200))
    return xml[: m.start()] + (xml[end + 1 :] if end >= 0 else b"")


def _xml_attribute(rng: random.Random, xml: bytes) -> bytes:
    attributes = list(re.finditer(rb'(\w+)="([^"]*)"', xml))
    if not attributes:
        return xml
    m = rng.choice(attributes)
    value = rng.choice(XML_ATTRIBUTE_VALUES)
    return xml[: m.start(2)] + value + xml[m.end(2) :]


def _xml_value(rng: random.Random, xml: bytes) -> bytes:
    values = list(re.finditer(rb"<v>([^<]*)</v>", xml))
    if not values:
        return xml
    m = rng.choice(values)
    return xml[: m.start(1)] + rng.choice(XML_VALUES) + xml[m.end(1) :]


def _xml_dimension(rng: random.Random, xml: bytes) -> bytes:
    ref = rng.choice((b"A1", b"A1:B2", b"A1:XFD1048576", b"junk"))
    return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', xml, count=1)


def _xml_row_number(rng: random.Random, xml: bytes) -> bytes:
    rows = list(re.finditer(rb'<row r="(\d+)"', xml))
    if not rows:
        return xml
    m = rng.choice(rows)
    number = rng.choice((b"0", b"-1", b"1048577", b"999999999", b"1"))
    return xml[: m.start(1)] + number + xml[m.end(1) :]


XML_MUTATIONS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    _xml_element, _xml_attribute, _xml_value, _xml_dimension, _xml_row_number, _flip,
    _truncate, _insert, _huge,
)  # fmt: skip


def mutate_folder(rng: random.Random, source: Path, out: Path) -> str:
    """Copy the CSV folder ``source`` to ``out`` with one file mutated; what was done."""
    shutil.copytree(source, out)
    files = sorted(out.glob("*.csv"))
    target = rng.choice(files)
    roll = rng.random()
    if roll < 0.03:
        target.unlink()
        target.mkdir()
        return f"{target.name}: a directory"
    if roll < 0.06:
        target.write_bytes(b"")
        return f"{target.name}: empty"
    mutation = rng.choice(BYTE_MUTATIONS)
    target.write_bytes(mutation(rng, target.read_bytes()))
    return f"{target.name}: {mutation.__name__.strip('_')}"


def mutate_workbook(rng: random.Random, source: Path, out: Path) -> str:
    """Copy the workbook ``source`` to ``out`` with its archive or one member mutated; what
    was done."""
    roll = rng.random()
    if roll < 0.1:
        mutation = rng.choice((_flip, _truncate))
        out.write_bytes(mutation(rng, source.read_bytes()))
        return f"archive: {mutation.__name__.strip('_')}"
    with zipfile.ZipFile(source) as z:
        members = [(info.filename, z.read(info)) for info in z.infolist()]
    index = rng.randrange(len(members))
    name, data = members[index]
    if roll < 0.15:
        del members[index]
        done = f"{name}: removed"
    else:
        mutation = rng.choice(XML_MUTATIONS)
        members[index] = (name, mutation(rng, data))
        done = f"{name}: {mutation.__name__.strip('_')}"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for member, content in members:
            z.writestr(member, content)
    return done


def mutate(rng: random.Random, source: Path, work: Path) -> tuple[Path, str]:
    """A mutated copy of the bundle ``source`` (a CSV folder or a workbook) under ``work``:
    its path and what was done."""
    if source.is_dir():
        out = work / "bundle"
        return out, mutate_folder(rng, source, out)
    out = work / "bundle.xlsx"
    return out, mutate_workbook(rng, source, out)
