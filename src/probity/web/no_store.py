"""Every page and API answer Probity makes is kept out of caches: they hold criminal-offence
personal data, and a browser's back button, a shared computer or a proxy must not show them
after sign-out. Static files are answered earlier (by WhiteNoise) with their own caching."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Adds ``Cache-Control: no-store`` (and ``no-cache, must-revalidate, private``,
    ``Expires`` in the past) to every response that has not said how it may be cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response
