"""The second factor in the web tests: an authenticator app's device for a user (with a
random secret), the code it shows, and a test client's session that has passed the second
factor, as django_otp.login makes it."""

from __future__ import annotations

import time

from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from probity.web.inspections.second_factor import required_of


def enrolled(user: User, using: str = "default") -> TOTPDevice:
    """The user's confirmed authenticator device, made now when they have none."""
    device = TOTPDevice.objects.using(using).filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.using(using).create(
            user=user, name="Test authenticator", confirmed=True
        )
    return device


def code(device: TOTPDevice, using: str = "default") -> str:
    """The code the device's app shows for a time step the device has not accepted yet: a code
    is accepted once, so a second sign-in within the same 30 seconds types the next step's
    code (which the device's tolerance of one step takes), or waits for its step."""
    device = TOTPDevice.objects.using(using).get(pk=device.pk)
    now = (int(time.time()) - device.t0) // device.step + device.drift
    step = max(now, device.last_t + 1)
    if step > now + device.tolerance:
        time.sleep((step - now - device.tolerance) * device.step)
    # A TOTP code is the HOTP code of its time step (RFC 6238): the app's code at that step.
    return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"


def verified(client: Client, user: User, device: TOTPDevice | None = None) -> Client:
    """The client signed in as the user, its session past the second factor on their device
    (made now if needed)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = (device or enrolled(user)).persistent_id
    session.save()
    return client


def sign_in(client: Client, user: User) -> Client:
    """The client signed in as the user as the pages will let them in: past the second factor
    (on a device made now if needed) when they must have one or have one."""
    if required_of(user) or TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return verified(client, user)
    client.force_login(user)
    return client
