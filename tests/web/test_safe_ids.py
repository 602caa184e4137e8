"""The ids the web application makes are ids a bundle accepts: an inspection id typed in the
creation form is held to a rule within the bundle's (docs/bundle-format.md, Limits)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from probity.bundle.schema import id_problem
from probity.web.inspections.models import Inspection
from tests.web.setup_support import creation

pytestmark = pytest.mark.pages


@pytest.mark.parametrize("bad", ["a/b", ".hidden", "with space"])
def test_an_inspection_id_outside_the_safe_alphabet_is_refused_by_the_creation_form(signed_in, bad):
    assert id_problem(bad) is not None
    response = signed_in("admin").post(reverse("inspection-new"), creation(inspection_id=bad))
    assert response.status_code == 400
    assert not Inspection.objects.filter(inspection_id=bad).exists()
