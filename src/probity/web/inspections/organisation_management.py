"""Keeping the organisations: the tree (the inspectorate, its regions, each region's units,
with the number of inspections of each unit), every problem with an organisation about to be
saved (the model's own checks, :meth:`Organisation.clean` among them; a name unique among its
siblings; a free slug), and saving it with its inspections' names following (a rename or a
move, :func:`~probity.web.inspections.organisations.rename_followed`).

A slug is made from the name (:func:`~probity.web.inspections.organisations.free_slug`) and may
be changed only while nothing uses the organisation (no inspection inspects it, no viewer's
role is of it, nothing sits under it)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count

from probity.web.inspections.organisations import (
    Organisation,
    OrganisationKind,
    rename_followed,
)

Problems = dict[str, list[str]]  # by field ("__all__": the whole organisation)

KIND_ORDER = [OrganisationKind.INSPECTORATE, OrganisationKind.REGION, OrganisationKind.UNIT]


@dataclass
class Node:
    """An organisation in the tree, the inspections of it (of a unit: those it inspects; of a
    region or the inspectorate: those of the units under it), and what sits under it."""

    organisation: Organisation
    inspections: int
    children: list[Node] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.organisation.kind


def tree() -> list[Node]:
    """Every organisation, those at the top first (the inspectorate, then regions, then units
    in no region), each with what sits under it, by name."""
    organisations = list(Organisation.objects.annotate(counted=Count("inspections")))
    under: dict[int | None, list[Organisation]] = defaultdict(list)
    for o in organisations:
        under[o.parent_id].append(o)

    def node(o: Organisation) -> Node:
        children = sorted((node(c) for c in under[o.pk]), key=_order)
        own: int = getattr(o, "counted", 0)
        return Node(o, own + sum(c.inspections for c in children), children)

    return sorted((node(o) for o in under[None]), key=_order)


def _order(n: Node) -> tuple[int, str, str]:
    kind = KIND_ORDER.index(OrganisationKind(n.kind)) if n.kind in KIND_ORDER else len(KIND_ORDER)
    return (kind, n.organisation.name.casefold(), n.organisation.slug)


def in_use(organisation: Organisation) -> bool:
    """Whether anything depends on the organisation (an inspection of it, a viewer's role of
    it, an organisation under it): its slug may then no longer change."""
    if organisation.pk is None:
        return False
    o = organisation
    return o.inspections.exists() or o.user_roles.exists() or o.children.exists()


def problems(
    organisation: Organisation, *, skip: frozenset[str] = frozenset(), with_clean: bool = True
) -> Problems:
    """Every problem with the organisation as it would be saved, by field: the slug free,
    the name unused among its siblings, then (``with_clean``: its kind is known) the model's
    checks of its fields and :meth:`Organisation.clean`. Fields in ``skip`` (already found
    wrong) are not checked."""
    found: Problems = defaultdict(list)
    o = organisation
    taken = Organisation.objects.filter(slug=o.slug).exclude(pk=o.pk)
    if "slug" not in skip and o.slug and taken.exists():
        found["slug"].append(f"The slug {o.slug} is taken: choose another")
    if "name" not in skip and o.name:
        siblings = Organisation.objects.filter(parent=o.parent, name=o.name).exclude(pk=o.pk)
        if siblings.exists():
            where = f"under {o.parent.name}" if o.parent is not None else "at the top"
            found["name"].append(f"There is already an organisation called {o.name} {where}")
    if not with_clean:
        return dict(found)
    try:
        o.full_clean(
            exclude=sorted(skip | set(found)), validate_unique=False, validate_constraints=False
        )
    except ValidationError as e:
        for name, messages in e.message_dict.items():
            if name not in skip:
                found[name].extend(messages)
    return dict(found)


class SaveConflictError(Exception):
    """The organisation could not be saved as checked: another change came first."""


def save(organisation: Organisation, *, renamed_or_moved: bool) -> int:
    """Save the organisation and, when its name or place changed, carry them to its
    inspections (in one transaction); the number of inspections renamed."""
    try:
        with transaction.atomic():
            organisation.save()
            return rename_followed(organisation) if renamed_or_moved else 0
    except IntegrityError as e:
        raise SaveConflictError(
            "Another change to the organisations was saved at the same time: check and save again"
        ) from e
