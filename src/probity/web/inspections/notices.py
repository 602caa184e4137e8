"""E-mails that tell someone of a step taken on their work: a case returned to its inspector,
with the reason. Sent with Django's ``send_mail`` (the console back-end by default; SMTP by
settings, see :mod:`probity.web.settings.environment`); nothing is sent to a user without an
address.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.mail import send_mail


def tell_returned(
    inspector: User | None, *, organisation: str, case_id: str, reason: str, by: str, link: str
) -> bool:
    """E-mail the case's inspector that it was returned, why and by whom, with a link to it;
    whether an e-mail was sent (not without an inspector, or one without an address)."""
    if inspector is None or not inspector.email:
        return False
    send_mail(
        f"Case {case_id} returned to you ({organisation})",
        f"{by} returned case {case_id} of the inspection of {organisation} to you.\n\n"
        f"Why:\n{reason}\n\nChange what is asked for, then submit the case again:\n{link}\n",
        None,
        [inspector.email],
    )
    return True
