"""Sign-in safety: failed sign-ins are counted by the client's address, also behind the TLS
proxy; passwords set through Django must be strong."""

from __future__ import annotations

from django.test import RequestFactory

from probity.web.client_ip import forwarded_client_ip

factory = RequestFactory()


def test_behind_the_proxy_the_client_is_the_address_the_proxy_appended():
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert forwarded_client_ip(request) == "203.0.113.9"


def test_addresses_a_client_claims_for_itself_are_ignored():
    # The client sent "1.2.3.4"; the proxy appended the address it really came from.
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert forwarded_client_ip(request) == "203.0.113.9"


def test_without_a_proxy_the_client_is_the_connecting_address():
    assert forwarded_client_ip(factory.get("/", REMOTE_ADDR="192.0.2.7")) == "192.0.2.7"


def test_a_password_django_sets_must_be_long_and_uncommon():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ("password123", "12345678901234", "short"):
        try:
            validate_password(weak)
        except ValidationError:
            continue
        raise AssertionError(f"{weak!r} was accepted")
    validate_password("a-long-fictional-passphrase")
