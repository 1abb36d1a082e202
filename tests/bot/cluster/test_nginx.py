from __future__ import annotations

import http.server
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
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
    rasa1, rasa2 = TOPOLOGY.rasa_ports
    for name, ports in {
        "rasa": TOPOLOGY.rasa_ports,
        "rasa1_first": (rasa1, rasa2),
        "rasa2_first": (rasa2, rasa1),
        "backend": TOPOLOGY.backend_ports,
        "actions": TOPOLOGY.action_ports,
    }.items():
        assert re.findall(r"server 127\.0\.0\.1:(\d+)", upstreams[name]) == [str(p) for p in ports]
    assert "backup" not in upstreams["rasa"]
    assert re.search(rf"server 127\.0\.0\.1:{rasa2} [^;]* backup;", upstreams["rasa1_first"])


def test_public_port_routes_rasa_and_backend_paths(config: str) -> None:
    public = _servers(config)[TOPOLOGY.public_port]
    routes = dict(re.findall(r"location (\S+) \{.*?proxy_pass http://(\$?\w+);", public, re.S))
    assert routes == {"/socket.io/": "$rasa_pinned", "/webhooks/": "rasa", "/": "backend"}


def test_socketio_polling_is_pinned_by_a_cookie_naming_the_server_that_answered(config: str) -> None:
    """The cookie follows the server that answered, so a session that moved in a failover stays moved."""
    maps = dict(re.findall(r"map (\S+) \S+ \{(.*?)\n    \}", config, re.S))
    pinned = dict(re.findall(r"(\S+) (\S+);", maps[f"$cookie_{ROUTE_COOKIE}"]))
    assert pinned == {"default": "rasa", "rasa1": "rasa1_first", "rasa2": "rasa2_first"}
    served = maps["$upstream_addr"]
    rasa1, rasa2 = TOPOLOGY.rasa_ports
    assert f'"~:{rasa1}$" "{ROUTE_COOKIE}=rasa1; Path=/socket.io/;' in served
    assert f'"~:{rasa2}$" "{ROUTE_COOKIE}=rasa2; Path=/socket.io/;' in served
    assert 'default "";' in served  # nginx's own error page: no cookie, the pin stays
    socket = _location_body(config, "/socket.io/")
    assert "add_header Set-Cookie $rasa_served_cookie always;" in socket
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


class _Replica:
    """A stand-in Rasa server on one port that answers every GET with its port; stop() is a crash."""

    def __init__(self, port: int) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = str(port).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                return None

        self.port = port
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _free_topology() -> Topology:
    """A base port whose cluster ports are all free here."""
    for base in range(31000, 40000, 100):
        topology = Topology(base_port=base)
        ports = (*topology.rasa_ports, topology.public_port, topology.rasa_lb_port)
        ports += (topology.actions_lb_port, topology.backend_lb_port)
        try:
            for port in ports:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return topology
    raise RuntimeError("no free ports")


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Topology, dict[int, _Replica]]]:
    topology = _free_topology()
    for kind in TEMP_KINDS:
        (tmp_path / kind).mkdir()
    (tmp_path / "nginx.conf").write_text(nginx_config(topology, tmp_path))
    replicas = {port: _Replica(port) for port in topology.rasa_ports}
    command = ["nginx", "-e", "stderr", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")]
    nginx = subprocess.Popen([*command, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", topology.public_port)) == 0:
                    break
            time.sleep(0.05)
        yield topology, replicas
    finally:
        nginx.terminate()
        nginx.wait(10)
        for replica in replicas.values():
            replica.stop()


def _poll(topology: Topology, cookie: str | None) -> tuple[int, str | None]:
    """(the port that answered, the route the answer pinned) for one socket.io request."""
    request = urllib.request.Request(f"{topology.public_url}/socket.io/?EIO=4&transport=polling")
    if cookie:
        request.add_header("Cookie", f"{ROUTE_COOKIE}={cookie}")
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
        pinned = re.search(rf"{ROUTE_COOKIE}=(\w+);", response.headers.get("Set-Cookie", ""))
        return int(response.read()), pinned.group(1) if pinned else None


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (Debian package nginx)")
def test_the_pin_follows_a_failover_and_stays_when_the_server_returns(
    live: tuple[Topology, dict[int, _Replica]],
) -> None:
    """A hash pin sent a moved session back to its returning server: `Invalid session`, the socket dropped."""
    topology, replicas = live
    rasa1, rasa2 = topology.rasa_ports
    assert _poll(topology, "rasa1") == (rasa1, "rasa1")
    assert _poll(topology, "rasa2") == (rasa2, "rasa2")
    replicas[rasa1].stop()
    assert _poll(topology, "rasa1") == (rasa2, "rasa2")  # refused: the backup answers and the pin moves
    replicas[rasa1] = _Replica(rasa1)
    assert _poll(topology, "rasa2") == (rasa2, "rasa2")
    port, pinned = _poll(topology, None)
    assert pinned == f"rasa{topology.rasa_ports.index(port) + 1}"
