"""The OpenAPI document, generated from the routes, the wire types and the error table (no copy by hand)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bot.dsr_api.errors import EDGE_ERRORS, ERRORS
from bot.dsr_api.routes import OPERATIONS, Operation
from bot.dsr_api.schema import name_of, object_schema
from bot.dsr_api.types import Error

_PATH_PARAM = re.compile(r"{(\w+)}")


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def error_codes() -> dict[str, list[int]]:
    """Every wire code and the statuses it comes with."""
    codes: dict[str, set[int]] = {}
    for entry in ERRORS:
        codes.setdefault(entry.code, set()).add(entry.status)
    for code, status in EDGE_ERRORS.items():
        codes.setdefault(code, set()).add(status)
    return {code: sorted(statuses) for code, statuses in sorted(codes.items())}


def _operation(op: Operation, refs: dict[str, type[Any]]) -> dict[str, Any]:
    answer = {"type": "object"}
    if op.answer is not None:
        refs[name_of(op.answer)] = op.answer
        answer = _ref(name_of(op.answer))
    codes = error_codes()
    responses: dict[str, Any] = {str(op.ok): _json(answer, "success")}
    for status in op.errors:
        named = ", ".join(code for code, statuses in codes.items() if status in statuses)
        responses[str(status)] = _json(_ref("Error"), f"error codes: {named}")
    document: dict[str, Any] = {"summary": op.summary, "responses": responses}
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PATH_PARAM.findall(op.path)
    ]
    parameters += [{"name": name, "in": "query", "schema": {"type": "string"}} for name in op.query]
    parameters += [{"name": name, "in": "header", "schema": {"type": "string"}} for name in op.headers]
    if parameters:
        document["parameters"] = parameters
    if op.body is not None:
        refs[name_of(op.body)] = op.body
        content = {"application/json": {"schema": _ref(name_of(op.body))}}
        document["requestBody"] = {"required": True, "content": content}
    if op.public:
        document["security"] = []
    return document


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    """The whole OpenAPI 3.0 document of the DSR API."""
    refs: dict[str, type[Any]] = {"Error": Error}
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs)
    schemas: dict[str, Any] = {}
    while set(refs) - set(schemas):
        for name in sorted(set(refs) - set(schemas)):
            schemas[name] = object_schema(refs[name], refs)
    schemas["Error"]["properties"]["error"]["enum"] = list(error_codes())
    return {
        "openapi": "3.0.3",
        "info": {"title": "Megvii DSR backend", "version": "1.0.0"},
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearer": []}],
        "paths": paths,
    }
