"""`probity serve --demo`: the demonstration inspection and its team, and the server itself."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
from django.contrib.auth.models import User

from probity.web.demo import INSPECTORS, LEAD, demo_text, set_up_demo, share_labels
from probity.web.inspections.models import Case, Inspection, Membership, Part

DEMO_ID = "staffordshire-stoke-2022"
DEMO_PDU = "Staffordshire and Stoke PDU"
DEMO_CASES = 79


def test_the_demo_team_is_a_lead_and_two_inspectors_whose_printed_passwords_work(database):
    demo = set_up_demo(using=database)
    text = demo_text(demo, "http://127.0.0.1:8000/")

    assert [(u.username, u.role) for u in demo.users] == [
        (LEAD, Part.LEAD), (INSPECTORS[0], Part.INSPECTOR), (INSPECTORS[1], Part.INSPECTOR),
    ]  # fmt: skip
    assert "http://127.0.0.1:8000/" in text
    for member in demo.users:
        user = User.objects.using(database).get(username=member.username)
        assert user.check_password(member.password)
        assert not user.check_password(member.password + "x")
        assert not user.is_staff
        assert not user.is_superuser
        assert re.search(rf"^\s+{member.username}\s+{re.escape(member.password)}\s", text, re.M)
    roles = dict(
        Membership.objects.using(database)
        .filter(inspection__inspection_id=DEMO_ID)
        .values_list("user__username", "role")
    )
    assert roles == {LEAD: Part.LEAD, INSPECTORS[0]: Part.INSPECTOR, INSPECTORS[1]: Part.INSPECTOR}


def test_every_demo_case_goes_to_one_of_the_two_inspectors_about_half_each(database):
    demo = set_up_demo(using=database)

    cases = Case.objects.using(database).filter(inspection__inspection_id=DEMO_ID)
    assert demo.cases == cases.count() == DEMO_CASES
    assert not cases.filter(assessor__isnull=True).exists()
    per_user = Counter(cases.values_list("assessor__username", flat=True))
    assert set(per_user) == set(INSPECTORS)
    assert abs(per_user[INSPECTORS[0]] - per_user[INSPECTORS[1]]) <= 14  # one label's cases
    assert {u.username: u.cases for u in demo.users if u.role is Part.INSPECTOR} == per_user
    # One bundle label, one inspector: the cases of "Inspector A" are all with the same user.
    for label in set(cases.values_list("inspector", flat=True)):
        assert cases.filter(inspector=label).values("assessor").distinct().count() == 1


def test_setting_up_the_demo_twice_replaces_it_with_new_passwords_and_no_duplicates(database):
    first = set_up_demo(using=database)
    second = set_up_demo(using=database)

    assert Inspection.objects.using(database).filter(inspection_id=DEMO_ID).count() == 1
    assert Case.objects.using(database).filter(inspection__inspection_id=DEMO_ID).count() == 79
    assert User.objects.using(database).filter(username__in=[LEAD, *INSPECTORS]).count() == 3
    assert Membership.objects.using(database).count() == 3
    for old, new in zip(first.users, second.users, strict=True):
        assert old.password != new.password
        user = User.objects.using(database).get(username=new.username)
        assert user.check_password(new.password)
        assert not user.check_password(old.password)


def test_the_demo_set_up_resets_a_changed_demo_user(database):
    set_up_demo(using=database)
    User.objects.using(database).filter(username=LEAD).update(is_superuser=True, is_active=False)

    set_up_demo(using=database)

    lead = User.objects.using(database).get(username=LEAD)
    assert lead.is_active
    assert not lead.is_superuser


def test_the_demo_set_up_refuses_a_missing_bundle(database, tmp_path):
    with pytest.raises(FileNotFoundError, match="no demonstration bundle"):
        set_up_demo(tmp_path / "missing", using=database)
    assert not Inspection.objects.using(database).exists()


def test_labels_are_shared_so_that_each_person_has_about_as_many_cases():
    counts = Counter({"A": 14, "B": 13, "C": 13, "D": 13, "E": 13, "F": 13})
    shares = share_labels(counts, 2)
    assert shares == [["A", "D", "F"], ["B", "C", "E"]]
    assert [sum(counts[label] for label in share) for share in shares] == [40, 39]
    assert share_labels(Counter({"A": 10, "B": 1, "C": 1}), 2) == [["A"], ["B", "C"]]
    assert share_labels(Counter(), 2) == [[], []]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server gracefully, or kill it after 30 s."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _wait_for(
    url: str,
    server: subprocess.Popen[bytes],
    log: Path,
    seconds: float,
    headers: dict[str, str] | None = None,
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited ({server.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(url, headers=headers, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"no answer from {url} in {seconds:.0f} s:\n{log.read_text()}")


@pytest.mark.integration
def test_probity_serve_demo_serves_the_demo_to_a_signed_in_inspector(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env["PROBITY_DATA_DIR"] = str(tmp_path / "data")
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    command = [sys.executable, "-m", "probity", "serve", "--demo", "--port", str(port)]
    with out.open("wb") as stdout, err.open("wb") as stderr:
        server = subprocess.Popen(
            [*command, "--workers", "1"], cwd=tmp_path, env=env, stdout=stdout, stderr=stderr
        )
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/sign-in/", server, err, 120)
        printed = out.read_text()
        assert f"open:       {base}/" in printed
        found = re.search(r"^\s+inspector1\s+(\S+)\s+-\s+Inspector \(\d+ cases\)$", printed, re.M)
        assert found, printed
        assert (tmp_path / "data" / "probity.sqlite3").is_file()

        with httpx.Client(base_url=base, timeout=10) as client:
            form = client.get("/sign-in/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
            assert token, form.text
            signed_in = client.post(
                "/sign-in/",
                data={
                    "username": "inspector1",
                    "password": found.group(1),
                    "csrfmiddlewaretoken": token.group(1),
                },
            )
            assert signed_in.status_code == 302, signed_in.text
            inspections = client.get("/inspections/")
            assert inspections.status_code == 200
            assert DEMO_PDU in inspections.text
            css = client.get("/static/govuk/govuk-frontend.min.css")
            assert css.status_code == 200
            assert css.headers["content-type"].startswith("text/css")
            assert ".govuk-button" in css.text
    finally:
        _stop(server)


@pytest.mark.integration
def test_probity_serve_with_production_settings_collects_and_serves_the_static_files(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="probity.web.settings.production",
        DJANGO_SECRET_KEY="-".join(os.urandom(8).hex() for _ in range(4)),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        PROBITY_DATA_DIR=str(tmp_path / "data"),
    )
    log = tmp_path / "stderr.txt"
    command = [sys.executable, "-m", "probity", "serve", "--port", str(port), "--workers", "1"]
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        base = f"http://127.0.0.1:{port}"
        proxied = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating proxy sends
        _wait_for(f"{base}/static/govuk/govuk-frontend.min.js", server, log, 120, proxied)
        assert (tmp_path / "data" / "static" / "staticfiles.json").is_file()
        page = httpx.get(f"{base}/sign-in/", headers=proxied, timeout=10)
        assert page.status_code == 200
        assert "Content-Security-Policy" in page.headers
        css = re.search(r'href="(/static/govuk/govuk-frontend\.min\.[0-9a-f]+\.css)"', page.text)
        assert css, page.text
        assert httpx.get(base + css.group(1), headers=proxied, timeout=10).status_code == 200
        assert httpx.get(f"{base}/sign-in/", timeout=10).status_code == 301  # not through TLS
    finally:
        _stop(server)


def test_probity_serve_refuses_the_demo_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="probity.web.settings.production",
        DJANGO_SECRET_KEY="-".join(os.urandom(8).hex() for _ in range(4)),
        PROBITY_DATA_DIR=str(tmp_path / "data"),
    )
    refused = subprocess.run(
        [sys.executable, "-m", "probity", "serve", "--demo", "--port", str(_free_port())],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "local settings only" in refused.stderr
    assert not (tmp_path / "data" / "probity.sqlite3").exists()  # stopped before migrating


@pytest.mark.integration
def test_the_local_settings_refuse_to_serve_beyond_loopback(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env["PROBITY_DATA_DIR"] = str(tmp_path / "data")
    command = [sys.executable, "-m", "probity", "serve", "--host", "0.0.0.0"]
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 2
    assert "loopback only" in done.stderr
    assert not (tmp_path / "data" / "probity.sqlite3").exists()  # refused before migrating


def test_the_demo_lead_has_an_authenticator_whose_printed_secret_gives_codes_that_work(database):
    from base64 import b32decode

    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    demo = set_up_demo(using=database)
    text = demo_text(demo, "http://127.0.0.1:8000/")
    lead = next(u for u in demo.users if u.username == LEAD)
    assert lead.totp_secret is not None
    assert re.search(rf"^\s+{LEAD}\s+\S+\s+{lead.totp_secret}\s", text, re.M), text
    device = TOTPDevice.objects.using(database).get(user__username=LEAD, confirmed=True)
    key = b32decode(lead.totp_secret)
    assert device.bin_key == key
    assert device.verify_token(TOTP(key).token())
    # The same fictional secret each start (an app set up once keeps working); none for the
    # inspectors, for whom it is optional.
    assert set_up_demo(using=database).users[0].totp_secret == lead.totp_secret
    assert [u.totp_secret for u in demo.users if u.role is Part.INSPECTOR] == [None, None]
