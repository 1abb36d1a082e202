"""The nginx config of `make run-cluster`, generated from the topology into var/cluster/nginx/.

Public port: `/webhooks/` and `/socket.io/` to the Rasa servers, everything else (`/`, `/api`, `/console`)
to the backends. socket.io's polling transport needs every request of one session on the server that
issued its sid; open-source nginx has no `sticky cookie`, so each answer names the server that gave it in
a cookie (`rasa1`, not an address) and later requests go to that server first, the others as backups.
The cookie follows a failover (ingress-nginx's `session-cookie-change-on-failure`): a session that had to
start again on rasa2 while rasa1 was down stays there when rasa1 returns. Internal loopback listeners
spread service-to-service calls.
"""

from __future__ import annotations

from pathlib import Path

from bot.cluster.topology import Topology
from bot.settings import LOOPBACK

# The public limit (the backend and Rasa's REST channel check their own, smaller ones); internal: none.
PUBLIC_MAX_BODY = "1m"
TEMP_KINDS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
ROUTE_COOKIE = "dsr_route"
# Rasa answers a REST turn only after every action ran; a slow turn under load must not be cut off.
TURN_TIMEOUT_S = 120
# A replica that failed this many connections in a row is left alone this long, then tried again. Not 1:
# under load a busy (not dead) Rasa server accepts slowly, and marking both down turns a slow turn into a 502.
MAX_FAILS = 3
FAIL_TIMEOUT_S = 5
# A busy server's event loop may take seconds to accept; a dead one refuses at once (and is skipped at once).
CONNECT_TIMEOUT_S = 10
# On the sticky socket.io route only a refused or reset connection goes to the other server (the holder is
# dead: its sessions are lost anyway, and a handshake moves). A slow connect is waited for instead: the other
# server does not know the session (`Invalid session`) and the socket would drop.
STICKY_NEXT_UPSTREAM = "error"
STICKY_CONNECT_TIMEOUT_S = 60


def _upstream(name: str, ports: tuple[int, ...], backups: tuple[int, ...] = ()) -> str:
    flags = f"max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s"
    servers = "".join(f"        server {LOOPBACK}:{port} {flags};\n" for port in ports)
    servers += "".join(f"        server {LOOPBACK}:{port} {flags} backup;\n" for port in backups)
    return f"    upstream {name} {{\n{servers}        keepalive 32;\n    }}\n"


def _pinned(ports: tuple[int, ...]) -> str:
    """Per Rasa server an upstream trying it first, and the maps from the cookie to it and back.

    No cookie (or an unknown one): round robin. The answer's cookie names the server that gave it, so
    a failover moves the pin; an answer no server gave (nginx's own error) leaves the cookie as it was.
    """
    upstreams = "".join(
        _upstream(f"rasa{i}_first", (port,), tuple(p for p in ports if p != port))
        for i, port in enumerate(ports, 1)
    )
    to_upstream = "".join(f"        rasa{i} rasa{i}_first;\n" for i in range(1, len(ports) + 1))
    cookie = f"{ROUTE_COOKIE}=rasa{{i}}; Path=/socket.io/; HttpOnly; SameSite=Lax"
    served = "".join(f'        "~:{port}$" "{cookie.format(i=i)}";\n' for i, port in enumerate(ports, 1))
    return (
        upstreams
        + f"    map $cookie_{ROUTE_COOKIE} $rasa_pinned {{\n        default rasa;\n{to_upstream}    }}\n"
        + f'    map $upstream_addr $rasa_served_cookie {{\n        default "";\n{served}    }}\n'
    )


# Only a failed connection (refused, reset, or not accepted within the connect timeout; on the sticky route
# not the latter) is retried on the other replica: a POST that reached a server is never sent twice (nginx
# does not retry non-idempotent requests after they were sent).
_PROXY = """            proxy_pass http://{upstream};
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;  # with the port: the demo page builds its widget URL from it
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream {next_upstream};
            proxy_connect_timeout {connect}s;
            proxy_read_timeout {timeout}s;
"""


def _location(
    path: str,
    upstream: str,
    extra: str = "",
    next_upstream: str = "error timeout",
    connect: int = CONNECT_TIMEOUT_S,
) -> str:
    proxy = _PROXY.format(
        upstream=upstream, timeout=TURN_TIMEOUT_S, connect=connect, next_upstream=next_upstream
    )
    return f"        location {path} {{\n{proxy}{extra}        }}\n"


_WEBSOCKET = """            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_buffering off;
            add_header Set-Cookie $rasa_served_cookie always;  # not sent when empty
"""
_KEEPALIVE = '            proxy_set_header Connection "";\n'


def _server(port: int, locations: str, host: str = LOOPBACK, max_body: str = "0") -> str:
    head = f"        listen {host}:{port};\n        client_max_body_size {max_body};\n"
    return f"    server {{\n{head}{locations}    }}\n"


def nginx_config(
    topology: Topology, state_dir: Path, *, run_as_root: bool = False, public_host: str = LOOPBACK
) -> str:
    """The whole nginx.conf text; `state_dir` holds its pid file and temp files.

    Internal listeners are always loopback; only the public one may face a container's network.
    """
    temp = "".join(f"    {kind}_temp_path {state_dir / kind};\n" for kind in TEMP_KINDS)
    # Workers would otherwise run as nobody and could not write temp files under the owner-only var/.
    user = "user root;\n" if run_as_root else ""
    public = (
        _location("/socket.io/", "$rasa_pinned", _WEBSOCKET, STICKY_NEXT_UPSTREAM, STICKY_CONNECT_TIMEOUT_S)
        + _location("/webhooks/", "rasa", _KEEPALIVE)
        + _location("/", "backend", _KEEPALIVE)
    )
    return (
        "# Generated by `python -m bot.cluster prepare` (bot/cluster/nginx.py); edits are overwritten.\n"
        f"{user}worker_processes 1;\n"
        f"pid {state_dir / 'nginx.pid'};\n"
        "error_log stderr warn;\n"
        "events {\n    worker_connections 4096;\n}\n"
        "http {\n"
        "    access_log off;\n"
        f"{temp}"
        # Rasa's calls to the action servers carry the whole tracker: kept in memory, not in temp files.
        "    client_body_buffer_size 1m;\n"
        "    map $http_upgrade $connection_upgrade {\n        default upgrade;\n        '' close;\n    }\n"
        + _upstream("rasa", topology.rasa_ports)
        + _pinned(topology.rasa_ports)
        + _upstream("backend", topology.backend_ports)
        + _upstream("actions", topology.action_ports)
        + "    # The one public entry.\n"
        + _server(topology.public_port, public, public_host, PUBLIC_MAX_BODY)
        + "    # Internal: the backend's calls to the Rasa HTTP API (agent messages, typing).\n"
        + _server(topology.rasa_lb_port, _location("/", "rasa", _KEEPALIVE))
        + "    # Internal: Rasa's calls to the action servers.\n"
        + _server(topology.actions_lb_port, _location("/", "actions", _KEEPALIVE))
        + "    # Internal: the action servers' calls to the backend API.\n"
        + _server(topology.backend_lb_port, _location("/", "backend", _KEEPALIVE))
        + "}\n"
    )
