"""The generated OpenAPI document and the served routes cannot drift: every /api route is in it and back."""

from __future__ import annotations

from starlette.routing import Route
from starlette.testclient import TestClient

from bot.crypto import FieldCipher
from bot.db import SessionFactory
from bot.dsr_api.errors import EDGE_ERRORS, ERRORS
from bot.dsr_api.openapi import document
from bot.web.app import route_modules
from tests.web.conftest import ticket_body, verified_token

METHODS = {"get", "post", "put", "patch", "delete"}


def _served() -> set[tuple[str, str]]:
    return {
        (route.path, method.lower())
        for route in route_modules()
        if isinstance(route, Route) and route.path.startswith("/api") and route.methods
        for method in route.methods
        if method.lower() in METHODS
    }


def _documented() -> set[tuple[str, str]]:
    paths = document()["paths"].items()
    return {(path, method) for path, item in paths for method in item if method in METHODS}


def test_every_served_api_route_is_documented_and_every_documented_one_is_served() -> None:
    assert _served() == _documented()


def test_every_error_code_of_the_table_is_documented() -> None:
    documented = set(document()["components"]["schemas"]["Error"]["properties"]["error"]["enum"])
    assert {entry.code for entry in ERRORS} | set(EDGE_ERRORS) == documented


def test_every_core_error_status_is_a_documented_response_of_some_route() -> None:
    operations = [op for item in document()["paths"].values() for op in item.values()]
    statuses = {status for op in operations for status in op["responses"]}
    assert {str(entry.status) for entry in ERRORS} <= statuses


def test_ticket_schema_has_exactly_the_fields_the_server_sends(
    client: TestClient, session_factory: SessionFactory, cipher: FieldCipher
) -> None:
    filed = client.post("/api/tickets", json=ticket_body(verified_token(client, session_factory, cipher)))
    assert filed.status_code == 201, filed.text
    assert set(document()["components"]["schemas"]["Ticket"]["properties"]) == set(filed.json())


def test_filing_limits_in_the_document_are_the_ones_the_server_enforces(client: TestClient) -> None:
    limit = document()["components"]["schemas"]["FilingRequest"]["properties"]["name"]["maxLength"]
    at_limit = client.post("/api/tickets", json=ticket_body("forged", name="李" * limit))
    over = client.post("/api/tickets", json=ticket_body("forged", name="李" * (limit + 1)))
    assert at_limit.json()["error"] == "not_verified"
    assert (over.status_code, over.json()["field"]) == (422, "name")


def test_the_served_document_is_the_generated_one(client: TestClient) -> None:
    assert client.get("/api/openapi.json").json() == document()
