"""Time the national table against a bare DuckDB count over the same answers.

    uv run --locked python bench/national.py [--answers N] [--inspections M] [--repeats R]

Generates a parquet file of N answers (default 20,000,000) over M inspections (default 500)
with the framework's real key questions and prompts, in a temporary directory; then times, in
turn and R times each (default 3), (a) ``rate_national`` on the file, and (b) a plain
``SELECT inspection_id, question_id, count(*) FILTER (answer = 'yes'), count(*) FILTER
(answer <> 'na') FROM read_parquet(...) GROUP BY ALL``, fetched in full as Arrow. Prints the
best and median times of each and their ratio, probity / baseline, the time the rating
engine alone takes for the same inspections, and how many question rows the two count
differently (the exit status is 1 unless none).

The answers are deterministic for a seed (DuckDB's ``hash``, not ``random()``, so that the
threads writing them do not change them). Each inspection has its own share of "Yes"; standard
2.1's questions do not apply to cases without a court report, the post-custody prompts not to
community cases, prompts marked ``*`` not to unpaid-work-only cases, and prompts marked ``**``
are not applicable now and then.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa  # type: ignore[import-untyped]  # pyarrow ships no type information

from probity.aggregation import key_question_counts, question_counts, rate_national
from probity.framework import Framework, load_framework
from probity.rating.outcome import casework_from_counts

BASELINE = """
    SELECT inspection_id, question_id,
           count(*) FILTER (answer = 'yes'), count(*) FILTER (answer <> 'na')
    FROM read_parquet(?) GROUP BY ALL
"""


def question_parameters(fw: Framework) -> pa.Table:
    """Each framework question with the cases it applies to and how often it is not applicable."""
    rows: list[dict[str, object]] = []

    def add(question_id: str, scope: str, na_rate: float, not_unpaid_work: bool) -> None:
        rows.append(
            {
                "qi": len(rows),
                "question_id": question_id,
                "scope": scope,
                "na_rate": na_rate,
                "not_unpaid_work": not_unpaid_work,
            }
        )

    # The 2021 adult framework's rules, as the generated cases follow them: a standard asked
    # on some cases only is court work; a prompt outside any key question is post-custody
    # only; * is not applicable on unpaid work only cases; ** may be not applicable.
    for s in fw.standards:
        scope = "court" if s.applies_when is not None else "all"
        for kq in s.key_questions:
            add(kq.id, scope, 0.0, False)
            for p in kq.prompts:
                add(p.id, scope, 0.2 if "**" in p.markers else 0.02, "*" in p.markers)
        for p in s.other_prompts.prompts if s.other_prompts else ():
            add(p.id, "post_custody", 0.02, "*" in p.markers)
    return pa.Table.from_pylist(rows)


def generate(
    con: duckdb.DuckDBPyConnection,
    fw: Framework,
    path: Path,
    answers: int,
    inspections: int,
    seed: int,
) -> int:
    """Write the answers file; the number of answers written (a whole number of cases)."""
    questions = question_parameters(fw)
    n_questions = int(questions.num_rows)
    per_inspection = max(1, round(answers / (inspections * n_questions)))
    n_cases = inspections * per_inspection
    con.register("bench_questions", questions)
    # The strings are built once per case, not once per answer: that is most of the cost.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE bench_cases AS
        SELECT ci,
               printf('inspection-%04d', ci // {per_inspection}) AS inspection_id,
               printf('case-%05d', ci % {per_inspection}) AS case_id,
               hash(ci, {seed}, 1) % 100 < 45 AS court_report,
               hash(ci, {seed}, 2) % 100 < 35 AS post_custody,
               hash(ci, {seed}, 3) % 100 < 15 AS unpaid_work_only,
               0.35 + (hash(ci // {per_inspection}, {seed}, 4) % 550) / 1000 AS quality
        FROM range({n_cases}) AS r(ci)
        """
    )
    con.execute(
        f"""
        COPY (
            SELECT c.inspection_id, c.case_id, q.question_id,
                   CASE
                     WHEN q.scope = 'court' AND NOT c.court_report THEN 'na'
                     WHEN q.scope = 'post_custody' AND NOT c.post_custody THEN 'na'
                     WHEN q.not_unpaid_work AND c.unpaid_work_only THEN 'na'
                     WHEN hash(i, {seed}, 5) % 1000000 < q.na_rate * 1000000 THEN 'na'
                     WHEN hash(i, {seed}, 6) % 1000000 < 1000000 * (
                          c.quality + ((hash(q.question_id, {seed}) % 21)::INT - 10) / 100
                     ) THEN 'yes'
                     ELSE 'no'
                   END AS answer
            FROM range({n_cases * n_questions}) AS r(i)
            JOIN bench_cases AS c ON c.ci = i // {n_questions}
            JOIN bench_questions AS q ON q.qi = i % {n_questions}
        ) TO ? (FORMAT parquet)
        """,
        [str(path)],
    )
    con.execute("DROP TABLE bench_cases")
    con.unregister("bench_questions")
    return n_cases * n_questions


def timed(run: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Generate, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=20_000_000)
    parser.add_argument("--inspections", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: cores)")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)
    config: dict[str, str | bool | int | float | list[str]] = {}
    if args.threads:
        config["threads"] = args.threads

    fw = load_framework()
    with tempfile.TemporaryDirectory(prefix="probity-bench-") as tmp:
        answers = Path(tmp) / "answers.parquet"
        out = Path(tmp) / "national.parquet"
        con = duckdb.connect(config=config)
        start = time.perf_counter()
        n = generate(con, fw, answers, args.answers, args.inspections, args.seed)
        threads = con.sql("SELECT current_setting('threads')").fetchall()[0][0]
        con.close()
        print(
            f"generated {n:,} answers over {args.inspections} inspections in "
            f"{time.perf_counter() - start:.1f} s ({answers.stat().st_size / 1e6:.1f} MB); "
            f"DuckDB threads: {threads}"
        )

        def probity() -> object:
            return rate_national(fw, answers, out, threads=args.threads)

        def baseline() -> object:
            bcon = duckdb.connect(config=config)
            try:
                return bcon.sql(BASELINE, params=[str(answers)]).to_arrow_table()
            finally:
                bcon.close()

        times: dict[str, list[float]] = {"probity": [], "baseline": []}
        for _ in range(args.repeats):
            # In turn, so that a slow spell of the machine falls on both.
            times["probity"].append(timed(probity))
            times["baseline"].append(timed(baseline))
        summary = rate_national(fw, answers, out, threads=args.threads)
        disagreements = disagreements_with_baseline(answers, out)
        engine = engine_seconds(fw, answers)

    for name, values in times.items():
        listed = ", ".join(f"{t:.3f}" for t in values)
        print(
            f"{name:9} best {min(values):.3f} s  median {statistics.median(values):.3f} s"
            f"  ({listed})"
        )
    best = min(times["probity"]) / min(times["baseline"])
    median = statistics.median(times["probity"]) / statistics.median(times["baseline"])
    print(f"ratio probity/baseline: best {best:.2f}, median {median:.2f}")
    print(
        f"of which the rating engine alone ({summary.inspections} calls to "
        f"casework_from_counts): "
        f"{engine:.3f} s; {summary.rated} inspections rated, {summary.rows:,} rows written"
    )
    print(f"question rows whose counts differ from the baseline's: {disagreements}")
    return 0 if disagreements == 0 else 1


def disagreements_with_baseline(answers: Path, national: Path) -> int:
    """How many (inspection, question) pairs the national table counts differently from the
    baseline's query (which lists only the questions that have answers)."""
    con = duckdb.connect()
    try:
        rows = con.sql(
            """
            WITH baseline AS (
                SELECT inspection_id, question_id,
                       count(*) FILTER (answer = 'yes') AS yes,
                       count(*) FILTER (answer <> 'na') AS applicable
                FROM read_parquet(?) GROUP BY ALL
            ),
            national AS (SELECT * FROM read_parquet(?) WHERE kind <> 'standard')
            SELECT count(*) FROM national AS n
            FULL JOIN baseline AS b USING (inspection_id, question_id)
            WHERE (n.yes, n.applicable) IS DISTINCT FROM (b.yes, b.applicable)
              AND NOT (b.yes IS NULL AND n.applicable = 0)
            """,
            params=[str(answers), str(national)],
        ).fetchall()
    finally:
        con.close()
    return int(rows[0][0])


def engine_seconds(fw: Framework, answers: Path) -> float:
    """Seconds the rating engine alone takes for every inspection of the file."""
    counts = key_question_counts(fw, question_counts(fw, answers))

    def rate_all() -> None:
        for own in counts.values():
            casework_from_counts(fw, own)

    return timed(rate_all)


if __name__ == "__main__":
    sys.exit(main())
