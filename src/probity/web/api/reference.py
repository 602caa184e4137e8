"""The API's reference page, ``/api/v1/docs``: every operation of the OpenAPI schema (method,
path, summary, parameters, request body fields, responses) on one page of the service's own
layout, generated from the schema so that it cannot disagree with it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    """A parameter, or a field of a request body."""

    name: str
    where: str  # path, query, body (JSON) or form (multipart)
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class Response:
    """A status an operation answers with, and what its body holds."""

    status: str
    description: str
    body: str


@dataclass(frozen=True)
class Operation:
    """One operation of the API."""

    anchor: str
    method: str
    path: str
    summary: str
    description: tuple[tuple[str, bool], ...]  # (text, whether it is code)
    fields: tuple[Field, ...]
    responses: tuple[Response, ...]


@dataclass(frozen=True)
class Section:
    """The operations of one tag."""

    anchor: str
    title: str
    operations: tuple[Operation, ...]


def spans(text: str) -> tuple[tuple[str, bool], ...]:
    """Text with `code` marked as the schema's descriptions write it: its pieces, each with
    whether it is code (shown as such on the page, escaped like any text)."""
    return tuple((piece, i % 2 == 1) for i, piece in enumerate(text.split("`")) if piece)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def type_words(schema: dict[str, Any]) -> str:
    """A schema's type in words: ``string (date)``, ``list of CaseOut``, ``yes, no or na``."""
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    if "anyOf" in schema:
        kinds = [type_words(s) for s in schema["anyOf"]]
        return " or ".join(dict.fromkeys(kinds))
    if "enum" in schema:
        values = [str(v) for v in schema["enum"]]
        return ", ".join(values[:-1]) + " or " + values[-1] if len(values) > 1 else values[0]
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {type_words(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"object: key → {type_words(schema['additionalProperties'])}"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    if "pattern" in schema:
        return f"{kind} matching {schema['pattern']}"
    return str(kind)


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        found: dict[str, Any] = components[str(schema["$ref"]).rsplit("/", 1)[-1]]
        return found
    return schema


def _body_fields(body: dict[str, Any], components: dict[str, Any]) -> list[Field]:
    fields = []
    for media, content in body.get("content", {}).items():
        where = "form" if media.startswith("multipart/") else "body"
        schema = _resolve(content.get("schema", {}), components)
        required = set(schema.get("required", ()))
        for name, prop in schema.get("properties", {}).items():
            prop = prop if "$ref" not in prop else {**_resolve(prop, components), **prop}
            fields.append(
                Field(
                    name,
                    where,
                    type_words(prop),
                    name in required,
                    str(prop.get("description", "")),
                )
            )
    return fields


def _operation(method: str, path: str, op: dict[str, Any], components: dict[str, Any]) -> Operation:
    fields = [
        Field(
            p["name"],
            p["in"],
            type_words(p.get("schema", {})),
            bool(p.get("required")),
            str(p.get("description") or p.get("schema", {}).get("description", "")),
        )
        for p in op.get("parameters", ())
    ]
    fields += _body_fields(op.get("requestBody", {}), components)
    responses = []
    for status, answer in sorted(op.get("responses", {}).items()):
        kinds = [type_words(c.get("schema", {})) for c in answer.get("content", {}).values()]
        media = list(answer.get("content", {}))
        body = " or ".join(dict.fromkeys(kinds)) if len(set(kinds)) == 1 else ", ".join(media)
        responses.append(Response(str(status), str(answer.get("description", "")), body))
    return Operation(
        anchor=_slug(op.get("operationId", f"{method}-{path}")),
        method=method.upper(),
        path=path,
        summary=str(op.get("summary", "")),
        description=spans(str(op.get("description", ""))),
        fields=tuple(fields),
        responses=tuple(responses),
    )


def sections(schema: dict[str, Any]) -> list[Section]:
    """The schema's operations, by tag in the order they first appear."""
    components = schema.get("components", {}).get("schemas", {})
    grouped: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                op = item[method]
                tag = (op.get("tags") or ["Other"])[0]
                grouped.setdefault(tag, []).append(_operation(method, path, op, components))
    return [Section(_slug(tag), tag, tuple(ops)) for tag, ops in grouped.items()]


def reference(request: HttpRequest) -> HttpResponse:
    """The reference page (no token needed: it says what the schema says)."""
    from probity.web.api import api  # the API is built after this module is imported

    schema = api.get_openapi_schema()
    context = {
        "title": schema["info"]["title"],
        "description": spans(schema["info"].get("description", "")),
        "schema_url": f"{api.get_root_path({})}openapi.json",
        "sections": sections(dict(schema)),
    }
    return render(request, "probity/api/reference.html", context)
