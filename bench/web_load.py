"""Time saving answers in the web application with many inspectors at work at once, on the
pages and through the REST API, against the cheapest page of the same server under the same
load.

    uv run --locked python bench/web_load.py [--inspectors N] [--saves S] [--workers W]
        [--via api|pages|both]

Creates its own PostgreSQL database (``--database probity_bench`` on ``--server
postgres://postgres@127.0.0.1:5432``; dropped first if it exists), migrates it, imports the
demonstration bundle (79 cases), creates N inspectors (default 50; the cases dealt out in
turn, one or two each) and starts ``probity serve`` on a free loopback port with the
production settings, unchanged (W gunicorn workers, default 2 × cores + 1).

Then N simulated inspectors, concurrently (httpx), each sign in and S times (default 20):
open a standard of one of their cases (``/inspections/<id>/cases/<case>/standards/<std>/``,
standards 2.2–2.6 in turn), read the form (the hidden ``version``, the CSRF token, every
answer and note as shown), think for 0.5–1.5 s (seeded), flip three prompts between yes and
no and save the whole form as a draft (``action=draft``), then fetch the sign-in page
without a session: the baseline, a page with Django's whole middleware but no database work.
A save is acknowledged when answered with a redirect; any other answer, or none, is an
error. Through the API (``--via api``; with ``--via both``, the default, each inspector
alternates between the two), a save reads the case with the inspector's own personal token
(``GET /api/v1/inspections/<id>/cases/<case>``), thinks, flips three of the standard's
prompts and sends only those with the version read (``PATCH .../answers``); it is
acknowledged when answered 200. The hard time limit (``--timeout``, 300 s) cuts the run
short if it is reached.

It prints the save's latency on the pages (the POST's round trip: p50, p95, p99) and through
the API (the PATCH's), the baseline's, their ratios, the errors, and the saves lost (pages
and API alike): a case whose version moved on fewer times than it had saves acknowledged,
or an answer in the database that is not the last one acknowledged (or one sent later whose
answer never came). Target: p95 < 150 ms (each way of saving), no errors, nothing lost. The
exit status is 1 if anything was lost or failed. It stops the server and drops the database
at the end, and writes only to that database and a temporary directory.

The production settings want HTTPS: every request says ``X-Forwarded-Proto: https``, as the
TLS-terminating proxy would, and ``Origin`` for the CSRF check; the session and CSRF cookies
are Secure, which httpx keeps from a plain-http server, so each simulated inspector keeps
their own cookies and sends them itself.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar, DefaultCookiePolicy
from http.cookies import SimpleCookie
from pathlib import Path

import httpx
import psycopg
from psycopg import sql

from probity.framework import load_framework

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
TARGET_P95 = 0.150  # seconds
STANDARDS = ("2.2", "2.3", "2.4", "2.5", "2.6")  # assessed on every case
FLIPS = 3
FLIPPED = {"yes": "no", "no": "yes"}
PROXY = {"X-Forwarded-Proto": "https"}
PROMPT_IDS = {p.id for p in load_framework().prompts}
PROMPTS = {f"answer-{p}" for p in PROMPT_IDS}


@dataclass
class Inspector:
    """One simulated inspector: who, their cases, their own cookies."""

    index: int
    username: str
    cases: list[str]
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""  # their personal API token

    def keep(self, response: httpx.Response) -> None:
        """Keep the cookies the server set (and forget those it deleted)."""
        for header in response.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def headers(self) -> dict[str, str]:
        """The Cookie header a browser would send over HTTPS."""
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}


@dataclass
class CaseRecord:
    """What the simulated inspectors were told about one case's saves."""

    acknowledged: int = 0
    answers: dict[str, str] = field(default_factory=dict)  # the last acknowledged, by question
    unanswered: dict[str, set[str]] = field(default_factory=dict)  # sent since, no answer


@dataclass
class Results:
    """Everything measured in one run."""

    saves: list[float] = field(default_factory=list)  # on the pages
    api_saves: list[float] = field(default_factory=list)  # through the API
    baseline: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    cases: dict[str, CaseRecord] = field(default_factory=dict)
    seconds: float = 0.0
    timed_out: bool = False


class FormReader(HTMLParser):
    """The values a browser would send with the page's form: hidden fields, checked radios
    and text areas (without the newline that starts a text area's content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and "name" in a:
            kind = a.get("type", "text")
            if kind == "hidden" or (kind == "radio" and "checked" in a):
                self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea" and "name" in a:
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.values[self._textarea] = text[1:] if text.startswith("\n") else text
            self._textarea = None


def form_values(html: str) -> dict[str, str]:
    """The form's values as shown on the page."""
    reader = FormReader()
    reader.feed(html)
    return reader.values


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def free_port() -> int:
    """A TCP port free on the loopback interface just now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def drop_database(server: str, name: str, *, create: bool = False) -> None:
    """Drop the benchmark's database if it is there (and create it again, empty)."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as con:
        con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            con.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(inspectors: int, password: str) -> tuple[str, list[Inspector], dict[str, int]]:
    """Migrate, import the demonstration bundle and create the inspectors (Django set up
    here from the environment); the inspection's id, the inspectors and each case's version."""
    from probity.web import setup

    setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connections

    from probity.bundle import read_bundle
    from probity.web.inspections.mapping import from_bundle
    from probity.web.inspections.models import Case, Membership, Part
    from probity.web.inspections.tokens import issue

    call_command("migrate", interactive=False, verbosity=0)
    inspection = from_bundle(read_bundle(DEMO), replace=True)
    hashed = make_password(password)  # once: hashing is slow on purpose, and all share it
    users = User.objects.bulk_create(
        User(username=f"bench{i:02d}", password=hashed) for i in range(inspectors)
    )
    Membership.objects.bulk_create(
        Membership(user=u, inspection=inspection, role=Part.INSPECTOR) for u in users
    )
    team = [Inspector(i, u.username, [], token=issue(u, "bench")[1]) for i, u in enumerate(users)]
    versions: dict[str, int] = {}
    for n, case in enumerate(Case.objects.filter(inspection=inspection).order_by("position")):
        Case.objects.filter(pk=case.pk).update(assessor=users[n % inspectors])
        team[n % inspectors].cases.append(case.case_id)
        versions[case.case_id] = case.version
    connections.close_all()
    return inspection.inspection_id, [t for t in team if t.cases], versions


def stored(inspection_id: str) -> tuple[dict[str, int], dict[str, dict[str, str]]]:
    """Each case's version and answers, as the database holds them now."""
    from django.db import connections

    from probity.web.inspections.models import Answer, Case

    cases = Case.objects.filter(inspection__inspection_id=inspection_id)
    versions = dict(cases.values_list("case_id", "version"))
    answers: dict[str, dict[str, str]] = {}
    rows = Answer.objects.filter(case__inspection__inspection_id=inspection_id)
    for case_id, question_id, answer in rows.values_list("case__case_id", "question_id", "answer"):
        answers.setdefault(case_id, {})[question_id] = answer
    connections.close_all()
    return versions, answers


def start_server(
    port: int, workers: int, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    """``probity serve`` on the loopback interface, production settings, no access log."""
    command = [sys.executable, "-m", "probity", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(workers), "--no-access-log"]
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_for(url: str, server: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    """Until the server answers 200 at the URL; fail if it exits or takes too long."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited ({server.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(url, headers=PROXY, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"no answer from {url} in {seconds:.0f} s:\n{log.read_text()}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn gracefully (SIGTERM), or kill it after 30 s."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


async def send(
    client: httpx.AsyncClient,
    who: Inspector | None,
    results: Results,
    label: str,
    url: str,
    data: dict[str, str] | None = None,
    *,
    api: dict[str, object] | None = None,
) -> tuple[httpx.Response | None, float]:
    """GET (or POST ``data``) with the inspector's cookies (none for ``who`` None); with
    ``api``, with their token instead, PATCH ``api`` as JSON (GET if it is empty): the
    answer, or None and an error counted, and the round trip in seconds."""
    headers = who.headers() if who else {}
    if api is not None and who is not None:
        headers = {"Authorization": f"Bearer {who.token}"}
    start = time.perf_counter()
    try:
        if api:
            response = await client.patch(url, json=api, headers=headers)
        elif data is None:
            response = await client.get(url, headers=headers)
        else:
            response = await client.post(url, data=data, headers=headers)
    except httpx.HTTPError as e:
        results.errors[f"{label}: {type(e).__name__}"] += 1
        return None, time.perf_counter() - start
    if who and api is None:
        who.keep(response)
    return response, time.perf_counter() - start


async def sign_in(
    client: httpx.AsyncClient, who: Inspector, password: str, gate: asyncio.Semaphore
) -> None:
    """Sign in as a browser does: the form (for the CSRF cookie and token), then the POST."""
    async with gate:  # password hashing is slow on purpose: not all at once
        form = await client.get("/sign-in/", headers=who.headers())
        who.keep(form)
        token = form_values(form.text)["csrfmiddlewaretoken"]
        data = {"username": who.username, "password": password, "csrfmiddlewaretoken": token}
        answer = await client.post("/sign-in/", data=data, headers=who.headers())
        who.keep(answer)
        if answer.status_code != 302 or "sessionid" not in who.cookies:
            raise RuntimeError(f"{who.username} could not sign in: {answer.status_code}")


async def work(
    client: httpx.AsyncClient,
    who: Inspector,
    inspection_id: str,
    args: argparse.Namespace,
    results: Results,
) -> None:
    """One inspector's saves, one after the other (on the pages, through the API, or
    alternating), each followed by the baseline."""
    rng = random.Random(args.seed * 1000 + who.index)
    for n in range(args.saves):
        case_id = who.cases[n % len(who.cases)]
        standard = STANDARDS[(who.index + n) % len(STANDARDS)]
        via_api = args.via == "api" or (args.via == "both" and (who.index + n) % 2 == 1)
        save = save_via_api if via_api else save_via_page
        await save(client, who, inspection_id, case_id, standard, rng, args, results)
        baseline, seconds = await send(client, None, results, "baseline", "/sign-in/")
        if baseline is not None:
            results.baseline.append(seconds)
            if baseline.status_code != 200:
                results.errors[f"baseline: {baseline.status_code}"] += 1


def _acknowledge(record: CaseRecord, sent: dict[str, str]) -> None:
    record.acknowledged += 1
    for qid, value in sent.items():
        record.answers[qid] = value
        record.unanswered.pop(qid, None)


async def save_via_page(
    client: httpx.AsyncClient, who: Inspector, inspection_id: str, case_id: str, standard: str,
    rng: random.Random, args: argparse.Namespace, results: Results,
) -> None:  # fmt: skip
    """Open the standard's page, flip three prompts, save the whole form as a draft."""
    url = f"/inspections/{inspection_id}/cases/{case_id}/standards/{standard}/"
    page, _ = await send(client, who, results, "standard page", url)
    if page is None or page.status_code != 200:
        if page is not None:
            results.errors[f"standard page: {page.status_code}"] += 1
        return
    values = form_values(page.text)
    answers = {k: v for k, v in values.items() if k.startswith("answer-")}
    prompts = sorted(k for k, v in answers.items() if v in FLIPPED and k in PROMPTS)
    for name in rng.sample(prompts, min(FLIPS, len(prompts))):
        values[name] = FLIPPED[values[name]]
    values["action"] = "draft"
    await asyncio.sleep(rng.uniform(args.think_min, args.think_max))

    record = results.cases.setdefault(case_id, CaseRecord())
    sent = {k.removeprefix("answer-"): v for k, v in values.items() if k.startswith("answer-")}
    for qid, value in sent.items():
        record.unanswered.setdefault(qid, set()).add(value)
    saved, seconds = await send(client, who, results, "save", url, values)
    if saved is not None:
        results.saves.append(seconds)
        if saved.status_code in (302, 303):
            _acknowledge(record, sent)
        else:
            results.errors[f"save: {saved.status_code}"] += 1


async def save_via_api(
    client: httpx.AsyncClient, who: Inspector, inspection_id: str, case_id: str, standard: str,
    rng: random.Random, args: argparse.Namespace, results: Results,
) -> None:  # fmt: skip
    """Read the case through the API, flip three of the standard's prompts, PATCH them with
    the version read."""
    url = f"/api/v1/inspections/{inspection_id}/cases/{case_id}"
    read, _ = await send(client, who, results, "api case", url, api={})
    if read is None or read.status_code != 200:
        if read is not None:
            results.errors[f"api case: {read.status_code}"] += 1
        return
    case = read.json()
    ours = {q["id"] for q in case["questions"] if q["standard_id"] == standard}
    prompts = sorted(
        qid for qid, a in case["answers"].items()
        if qid in ours and qid in PROMPT_IDS and a["answer"] in FLIPPED
    )  # fmt: skip
    sent = {
        q: FLIPPED[case["answers"][q]["answer"]]
        for q in rng.sample(prompts, min(FLIPS, len(prompts)))
    }
    await asyncio.sleep(rng.uniform(args.think_min, args.think_max))

    record = results.cases.setdefault(case_id, CaseRecord())
    for qid, value in sent.items():
        record.unanswered.setdefault(qid, set()).add(value)
    body = {"version": case["version"], "answers": sent}
    saved, seconds = await send(client, who, results, "api save", url + "/answers", api=body)
    if saved is not None:
        results.api_saves.append(seconds)
        if saved.status_code == 200:
            _acknowledge(record, sent)
        else:
            results.errors[f"api save: {saved.status_code}"] += 1


async def load(
    base: str, inspection_id: str, team: list[Inspector], password: str, args: argparse.Namespace
) -> Results:
    """Sign everyone in, then let them all work at once, within the time limit."""
    results = Results()
    refuse_all = CookieJar(DefaultCookiePolicy(allowed_domains=[]))  # each keeps their own
    limits = httpx.Limits(max_connections=2 * len(team) + 10)
    headers = {**PROXY, "Origin": base.replace("http://", "https://")}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, cookies=refuse_all, limits=limits, timeout=30
    ) as client:
        gate = asyncio.Semaphore(args.workers)
        start = time.perf_counter()
        if args.via != "api":  # the API needs no session: each has their token
            await asyncio.gather(*(sign_in(client, who, password, gate) for who in team))
            print(f"{len(team)} inspectors signed in in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        tasks = [asyncio.create_task(work(client, w, inspection_id, args, results)) for w in team]
        try:
            async with asyncio.timeout(args.timeout):
                await asyncio.gather(*tasks)
        except TimeoutError:
            results.timed_out = True
        results.seconds = time.perf_counter() - start
    return results


def lost(
    results: Results,
    before: dict[str, int],
    versions: dict[str, int],
    db: dict[str, dict[str, str]],
) -> tuple[int, int]:
    """Saves acknowledged that the cases' versions do not count, and answers in the database
    that are neither the last acknowledged nor one sent after it."""
    saves = answers = 0
    for case_id, record in results.cases.items():
        saves += max(0, record.acknowledged - (versions[case_id] - before[case_id]))
        for qid, value in record.answers.items():
            now = db.get(case_id, {}).get(qid)
            if now != value and now not in record.unanswered.get(qid, set()):
                answers += 1
    return saves, answers


def line(label: str, values: list[float]) -> str:
    """Count, percentiles and maximum of latencies, in milliseconds."""
    if not values:
        return f"{label:<9} none"
    p = {q: percentile(values, q) * 1000 for q in (50, 95, 99)}
    return (
        f"{label:<9} {len(values):5} requests  p50 {p[50]:6.1f} ms  p95 {p[95]:6.1f} ms  "
        f"p99 {p[99]:6.1f} ms  max {max(values) * 1000:6.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    """Set up, load, check, print; then clean up."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inspectors", type=int, default=50)
    parser.add_argument("--saves", type=int, default=20, help="saves per inspector")
    parser.add_argument("--workers", type=int, default=None, help="default: 2 × cores + 1")
    parser.add_argument("--think-min", type=float, default=0.5, help="seconds")
    parser.add_argument("--think-max", type=float, default=1.5, help="seconds")
    parser.add_argument("--timeout", type=float, default=300, help="hard limit of the run (s)")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="probity_bench")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument(
        "--via", choices=("api", "pages", "both"), default="both",
        help="save on the pages, through the API, or each inspector alternating (default)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    from probity.web.serve import default_workers

    args.workers = args.workers or default_workers()
    password = secrets.token_urlsafe(16)

    with tempfile.TemporaryDirectory(prefix="probity-bench-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
        env.update(
            DJANGO_SETTINGS_MODULE="probity.web.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=f"{args.server}/{args.database}",
            PROBITY_DATA_DIR=tmp,  # the collected static files
        )
        os.environ.update(env)
        log = Path(tmp) / "gunicorn.log"
        server: subprocess.Popen[bytes] | None = None
        start = time.perf_counter()
        drop_database(args.server, args.database, create=True)
        try:
            inspection_id, team, before = prepare(args.inspectors, password)
            print(
                f"database {args.database}: migrated, {len(before)} cases of {inspection_id} "
                f"shared by {len(team)} inspectors, in {time.perf_counter() - start:.1f} s"
            )
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            server = start_server(port, args.workers, env, log)
            wait_for(f"{base}/sign-in/", server, log, 120)
            print(f"probity serve: {args.workers} gunicorn workers on {base}, production settings")
            before_load = os.getloadavg()[0]
            results = asyncio.run(load(base, inspection_id, team, password, args))
            # Other work on the machine slows the server and the baseline alike: say how busy.
            print(
                f"machine: {os.cpu_count()} processors, load average {before_load:.1f} before "
                f"the run, {os.getloadavg()[0]:.1f} after"
            )
            versions, db = stored(inspection_id)
        finally:
            if server is not None:
                stop_server(server)
            from django.db import connections

            connections.close_all()
            drop_database(args.server, args.database)
        return report(results, lost(results, before, versions, db))


def report(results: Results, lost_counts: tuple[int, int]) -> int:
    """Print the figures; 1 if anything failed or was lost."""
    every = results.saves + results.api_saves
    rate = len(every) / results.seconds if results.seconds else 0.0
    cut = "  (cut short by the time limit)" if results.timed_out else ""
    print(f"run: {results.seconds:.1f} s, {rate:.1f} saves a second{cut}")
    print(line("save", results.saves) + "  (the pages: POST the standard's form)")
    print(line("api save", results.api_saves) + "  (the API: PATCH the answers)")
    print(line("baseline", results.baseline) + "  (GET /sign-in/, no session)")
    for label, saves in (("save", results.saves), ("api save", results.api_saves)):
        if saves and results.baseline:
            ratios = {q: percentile(saves, q) / percentile(results.baseline, q) for q in (50, 95)}
            print(f"ratio {label}/baseline: p50 {ratios[50]:.2f}, p95 {ratios[95]:.2f}")
    errors = sum(results.errors.values())
    detail = ", ".join(f"{k} × {v}" for k, v in sorted(results.errors.items()))
    print(f"errors: {errors}" + (f" ({detail})" if detail else ""))
    saves, answers = lost_counts
    print(f"lost: {saves + answers} ({saves} saves, {answers} answers; pages and API alike)")
    p95 = max((percentile(v, 95) for v in (results.saves, results.api_saves) if v),
              default=float("inf"))  # fmt: skip
    met = p95 < TARGET_P95 and errors == 0 and saves + answers == 0 and not results.timed_out
    print(
        f"target p95 < {TARGET_P95 * 1000:.0f} ms, 0 errors, 0 lost: {'met' if met else 'NOT met'}"
    )
    return 0 if errors == 0 and saves + answers == 0 and every else 1


if __name__ == "__main__":
    sys.exit(main())
