"""The widget's routes on a small Starlette app: demo page, script, assets, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from bot.settings import Settings
from bot.web import widget_routes


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = Starlette(routes=widget_routes.routes)
    app.state.settings = Settings.from_env(
        {"VAR_DIR": str(tmp_path), "RASA_PORT": "5999", "PUBLIC_URL": "http://demo.megvii.test:5999"}
    )
    return TestClient(app, base_url="http://demo.megvii.test:8000")


def test_demo_page_embeds_the_widget_with_one_script_tag(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert html.count('src="/widget.js"') == 1
    assert 'data-server-url="http://demo.megvii.test:5999"' in html
    assert 'data-initial-payload="/greet"' in html
    # The widget takes its language from the page (<html lang>) or the browser, not from a fixed attribute.
    assert '<html lang="zh-CN">' in html and "data-lang=" not in html
    assert "$server_url" not in html and "旷视" in html


def test_demo_page_forbids_inline_script_and_allows_only_rasa(client: TestClient) -> None:
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "connect-src 'self' http://demo.megvii.test:5999 ws://demo.megvii.test:5999;" in csp


def test_a_forged_host_name_does_not_reach_the_policy(client: TestClient) -> None:
    """Finding 9: only addresses, localhost and PUBLIC_URL's host are taken from the Host header."""
    csp = client.get("/", headers={"host": "evil.example.com:8000"}).headers["content-security-policy"]
    assert "evil.example.com" not in csp and "http://127.0.0.1:5999" in csp


def test_host_header_cannot_inject_markup(client: TestClient) -> None:
    response = client.get("/", headers={"host": 'evil"><script>x</script>'})
    assert "<script>x</script>" not in response.text


def test_widget_script_is_served_as_javascript(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "session_request" in response.text
    assert "innerHTML" not in response.text  # message text is rendered with textContent only


@pytest.mark.parametrize("name", ["widget.css", "socket.io.min.js", "socket.io-client.LICENSE"])
def test_assets_are_served(client: TestClient, name: str) -> None:
    assert client.get(f"/widget/{name}").status_code == 200


def test_vendored_client_is_socket_io_4(client: TestClient) -> None:
    assert client.get("/widget/socket.io.min.js").text.lstrip("/*! \n").startswith("Socket.IO v4.")


@pytest.mark.parametrize("name", ["demo.html", "VENDORED.md", "..%2Fwidget_routes.py", "missing.js"])
def test_other_files_are_not_served(client: TestClient, name: str) -> None:
    assert client.get(f"/widget/{name}").status_code == 404


def test_behind_one_entry_the_widget_talks_to_the_pages_own_origin(tmp_path: Path) -> None:
    """make run-cluster: nginx serves /socket.io/ on the page's own origin; no Rasa port is named."""
    app = Starlette(routes=widget_routes.routes)
    app.state.settings = Settings.from_env(
        {"VAR_DIR": str(tmp_path), "RASA_PORT": "5999", "WIDGET_SAME_ORIGIN": "true"}
    )
    response = TestClient(app, base_url="http://127.0.0.1:18080").get("/")
    assert 'data-server-url="http://127.0.0.1:18080"' in response.text
    assert "5999" not in response.headers["content-security-policy"]
