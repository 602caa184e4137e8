"""Read thousands of random mutations of the demonstration bundle and count what happens.

    uv run --locked python bench/fuzz.py [--mutations N] [--workers W] [--timeout S]
                                         [--budget S] [--seed SEED]

Each mutation (default 10,000; bench/mutations.py) breaks a copy of ``examples/demo`` (the
CSV folder) or ``examples/demo.xlsx`` (the workbook), in turn, and reads it with
``read_bundle`` in a child process of its own (W at once, default 2), under a memory limit
(4 GiB of address space) and a time limit (default 20 s; past it the child is killed and the
mutation counted as a hang). ``--budget`` stops starting new mutations after that many
seconds of wall-clock time. Prints the counts: mutations read, located errors (DataError,
every problem with a place), accepted (read as a valid bundle), crashes (any other
exception), hangs and unlocated errors, then each distinct crash cause (exception type and
the line that raised it) with how often it came and one mutation that caused it. The exit
status is 1 if there was any crash, hang or unlocated error.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench.mutations

from bench.mutations import mutate

from probity.bundle import read_bundle
from probity.bundle.problems import DataError

SOURCES = (Path("examples/demo"), Path("examples/demo.xlsx"))
MEMORY_LIMIT = 4 * 1024**3
OUTCOMES = ("located", "accepted", "crash", "hang", "unlocated")


def _read(source: Path, seed: str, work: Path, out: Connection) -> None:
    """In the child: mutate, read, and send back (outcome, what was done, cause)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    done = "?"
    try:
        path, done = mutate(random.Random(seed), source, work)
        read_bundle(path)
        out.send(("accepted", done, ""))
    except DataError as e:
        placed = all(p.source and p.place and p.message for p in e.problems) and e.problems
        out.send(("located" if placed else "unlocated", done, ""))
    except BaseException as e:  # what the bench counts: anything but a located error
        frame = traceback.extract_tb(e.__traceback__)[-1]
        cause = f"{type(e).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        out.send(("crash", done, f"{cause}: {str(e)[:120]}"))


def main() -> None:
    """Run the mutations and print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per mutation")
    parser.add_argument("--budget", type=float, default=None, help="wall-clock seconds")
    parser.add_argument("--seed", default="probity")
    args = parser.parse_args()
    context = multiprocessing.get_context("fork")  # the parent's imports, not paid again
    for source in SOURCES:  # and its caches (the framework read, the sandbox compiled)
        read_bundle(source)
    counts: Counter[str] = Counter()
    causes: dict[str, tuple[int, str]] = {}
    started = time.monotonic()
    running: list[tuple[multiprocessing.process.BaseProcess, Connection, float, str, Path]] = []
    next_index = 0
    with tempfile.TemporaryDirectory(prefix="probity-fuzz-") as tmp:

        def start(index: int) -> None:
            work = Path(tmp) / str(index)
            work.mkdir()
            receive, send = context.Pipe(duplex=False)
            source = SOURCES[index % len(SOURCES)]
            child = context.Process(target=_read, args=(source, f"{args.seed}-{index}", work, send))
            child.start()
            send.close()
            running.append((child, receive, time.monotonic(), f"#{index} {source}", work))

        def record(outcome: str, done: str, cause: str) -> None:
            counts[outcome] += 1
            if cause:
                n, example = causes.get(cause, (0, done))
                causes[cause] = (n + 1, example)

        while next_index < args.mutations or running:
            within = args.budget is None or time.monotonic() - started < args.budget
            while within and next_index < args.mutations and len(running) < args.workers:
                start(next_index)
                next_index += 1
            if not within and next_index < args.mutations:
                args.mutations = next_index  # the budget is spent: finish what runs
            for entry in list(running):
                child, receive, began, label, work = entry
                if receive.poll(0.02):
                    try:
                        record(*receive.recv())
                    except EOFError:  # the child died without a word (killed, say)
                        record("crash", label, f"child exited with {child.exitcode}")
                elif child.is_alive() and time.monotonic() - began < args.timeout:
                    continue
                elif child.is_alive():
                    child.kill()
                    record("hang", label, "")
                else:
                    child.join()
                    if receive.poll(0):
                        record(*receive.recv())
                    else:
                        record("crash", label, f"child exited with {child.exitcode}")
                child.join()
                receive.close()
                shutil.rmtree(work, ignore_errors=True)  # thousands of copies add up
                running.remove(entry)
    elapsed = time.monotonic() - started
    total = sum(counts.values())
    print(f"mutations        {total:>7,}  ({elapsed:,.0f} s, {args.workers} workers)")
    for outcome in OUTCOMES:
        label = {"located": "located errors", "crash": "crashes", "hang": "hangs"}.get(
            outcome, f"{outcome} errors" if outcome == "unlocated" else outcome
        )
        print(f"{label:<16} {counts[outcome]:>7,}")
    if causes:
        print("distinct crash causes:")
        for cause, (n, example) in sorted(causes.items(), key=lambda kv: -kv[1][0]):
            print(f"  {n:>5}  {cause}  (e.g. {example})")
    sys.exit(1 if counts["crash"] or counts["hang"] or counts["unlocated"] else 0)


if __name__ == "__main__":
    main()
