"""Wire fields declared once on dataclasses: the server parses requests with them; the schema is built.

`wire(...)` puts a field's limits (maxLength, enum, format) in the dataclass metadata, so the check the
server makes and the limit the document states cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import datetime
from enum import Enum
from typing import Any

from bot.dsr_api.errors import ApiError

_UNSET = dataclasses.MISSING


def wire(
    max_length: int | None = None,
    *,
    enum: type[Enum] | tuple[str, ...] | None = None,
    fmt: str | None = None,
    pattern: str | None = None,
    description: str | None = None,
    raw: bool = False,
    required: bool = False,
    default: Any = _UNSET,
) -> Any:
    """A dataclass field with its wire limits; `raw` ones reach the core unchecked."""
    values = tuple(member.value for member in enum) if isinstance(enum, type) else enum
    metadata = {
        "maxLength": max_length,
        "enum": list(values) if values else None,
        "format": fmt,
        "pattern": pattern,
        "description": description,
        "raw": raw,
        "required": required,
    }
    if default is _UNSET:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def _is_required(field: dataclasses.Field[Any]) -> bool:
    return field.default is _UNSET and field.default_factory is _UNSET


def _text(body: dict[str, Any], name: str, *, required: bool, limit: int) -> str | None:
    """A string field, 422 naming it when missing or of the wrong kind."""
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip() and required):
        if required:
            raise ApiError(422, "validation_error", f"{name} is required", name)
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise ApiError(422, "validation_error", f"{name} must be text of at most {limit} characters", name)
    return value


def parse_request(kind: type[Any], body: dict[str, Any]) -> Any:
    """Build a request type from a JSON body: presence, kind and length of each field (values: the core)."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(kind):
        if field.metadata.get("raw"):
            values[field.name] = body.get(field.name)
            continue
        limit = field.metadata.get("maxLength") or 5000
        required = _is_required(field)
        text = _text(body, field.name, required=required, limit=limit)
        values[field.name] = (text or "") if required else text
    return kind(**values)


def name_of(kind: type[Any]) -> str:
    """A wire type's schema name: the class name, or its `wire_name` (the core's TicketView is a Ticket)."""
    return str(getattr(kind, "wire_name", kind.__name__))


def _type_schema(hint: Any, refs: dict[str, type[Any]]) -> dict[str, Any]:
    """JSON Schema of one annotation; dataclasses become $refs collected in `refs`."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in args if arg is not type(None)]
        return {**_type_schema(inner[0], refs), "nullable": True}
    if origin in (list, tuple):
        return {"type": "array", "items": _type_schema(args[0], refs)}
    if origin is dict or hint is dict:
        return {"type": "object"}
    if dataclasses.is_dataclass(hint):
        refs[name_of(hint)] = hint
        return {"$ref": f"#/components/schemas/{name_of(hint)}"}
    simple = {str: "string", int: "integer", bool: "boolean", float: "number"}
    if hint is datetime:
        return {"type": "string", "format": "date-time"}
    if hint in simple:
        return {"type": simple[hint]}
    return {}


def object_schema(kind: type[Any], refs: dict[str, type[Any]]) -> dict[str, Any]:
    """The JSON Schema of a wire dataclass, with each field's declared limits."""
    hints = typing.get_type_hints(kind)
    properties: dict[str, Any] = {}
    for field in dataclasses.fields(kind):
        schema = _type_schema(hints[field.name], refs)
        for key in ("maxLength", "format", "pattern", "description"):
            if field.metadata.get(key):
                schema[key] = field.metadata[key]
        if field.metadata.get("enum"):
            schema = {"enum": field.metadata["enum"], **{k: v for k, v in schema.items() if k != "type"}}
        properties[field.name] = schema
    fields = dataclasses.fields(kind)
    required = [field.name for field in fields if _is_required(field) or field.metadata.get("required")]
    return {"type": "object", "required": required, "properties": properties}
