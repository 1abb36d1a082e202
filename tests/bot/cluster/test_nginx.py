from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.cluster.nginx import ROUTE_COOKIE, TEMP_KINDS, nginx_config
from bot.cluster.topology import Topology

TOPOLOGY = Topology(base_port=20000)


def _blocks(config: str, keyword: str) -> dict[str, str]:
    """`keyword NAME { ... }` blocks by name (no nesting inside them in this config)."""
    return dict(re.findall(rf"{keyword} (\S+) \{{(.*?)\n    \}}", config, re.S))


def _servers(config: str) -> dict[int, str]:
    bodies = re.findall(r"    server \{\n(.*?)\n    \}", config, re.S)
    return {int(re.search(r"listen 127\.0\.0\.1:(\d+);", body).group(1)): body for body in bodies}


@pytest.fixture
def config(tmp_path: Path) -> str:
    return nginx_config(TOPOLOGY, tmp_path)


def test_upstreams_hold_both_replicas(config: str) -> None:
    upstreams = _blocks(config, "upstream")
    for name, ports in {
        "rasa": TOPOLOGY.rasa_ports,
        "rasa_sticky": TOPOLOGY.rasa_ports,
        "backend": TOPOLOGY.backend_ports,
        "actions": TOPOLOGY.action_ports,
    }.items():
        assert re.findall(r"server 127\.0\.0\.1:(\d+)", upstreams[name]) == [str(p) for p in ports]


def test_public_port_routes_rasa_and_backend_paths(config: str) -> None:
    public = _servers(config)[TOPOLOGY.public_port]
    routes = dict(re.findall(r"location (\S+) \{.*?proxy_pass http://(\w+);", public, re.S))
    assert routes == {"/socket.io/": "rasa_sticky", "/webhooks/": "rasa", "/": "backend"}


def test_socketio_polling_is_sticky_by_a_cookie_nginx_sets(config: str) -> None:
    assert "hash $dsr_route consistent;" in _blocks(config, "upstream")["rasa_sticky"]
    assert f"map $cookie_{ROUTE_COOKIE} $dsr_route" in config
    socket = re.search(r"location /socket\.io/ \{(.*?)\n        \}", config, re.S).group(1)
    assert f'Set-Cookie "{ROUTE_COOKIE}=$dsr_route' in socket
    assert "proxy_set_header Upgrade $http_upgrade;" in socket


def test_every_listener_is_loopback_and_internal_ones_reach_their_replicas(config: str) -> None:
    assert re.findall(r"listen (\S+);", config) == [
        f"127.0.0.1:{port}"
        for port in (
            TOPOLOGY.public_port,
            TOPOLOGY.rasa_lb_port,
            TOPOLOGY.actions_lb_port,
            TOPOLOGY.backend_lb_port,
        )
    ]
    servers = _servers(config)
    assert "proxy_pass http://rasa;" in servers[TOPOLOGY.rasa_lb_port]
    assert "proxy_pass http://actions;" in servers[TOPOLOGY.actions_lb_port]
    assert "proxy_pass http://backend;" in servers[TOPOLOGY.backend_lb_port]


def _location_body(config: str, path: str) -> str:
    return re.search(rf"location {re.escape(path)} \{{(.*?)\n        \}}", config, re.S).group(1)


def test_only_connection_failures_go_to_the_other_replica(config: str) -> None:
    """A timed-out connect was never sent, so it may move; a request that reached a server never does."""
    assert config.count("proxy_next_upstream error timeout;") == config.count("proxy_pass ") - 1
    assert "non_idempotent" not in config


def test_a_socketio_session_waits_for_its_busy_server_rather_than_moving(config: str) -> None:
    """The other server answers a polling request of a session it did not issue with `Invalid session`."""
    socket = _location_body(config, "/socket.io/")
    assert re.search(r"proxy_next_upstream error;", socket)
    connect = int(re.search(r"proxy_connect_timeout (\d+)s;", socket).group(1))
    assert connect >= 60
    webhooks = _location_body(config, "/webhooks/")
    assert "proxy_next_upstream error timeout;" in webhooks


def test_state_stays_under_the_given_directory(config: str, tmp_path: Path) -> None:
    assert f"pid {tmp_path / 'nginx.pid'};" in config
    for kind in TEMP_KINDS:
        assert f"{kind}_temp_path {tmp_path / kind};" in config
    assert "user " not in config
    assert nginx_config(TOPOLOGY, tmp_path, run_as_root=True).startswith("# Generated")


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (Debian package nginx)")
def test_nginx_accepts_the_config(config: str, tmp_path: Path) -> None:
    (tmp_path / "nginx.conf").write_text(config)
    result = subprocess.run(
        ["nginx", "-t", "-e", "stderr", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr


def test_only_the_public_port_caps_bodies(config: str) -> None:
    """Rasa's calls to the action servers carry whole trackers: no cap there."""
    servers = _servers(config)
    assert "client_max_body_size 1m;" in servers[TOPOLOGY.public_port]
    assert "client_max_body_size 0;" in servers[TOPOLOGY.actions_lb_port]
