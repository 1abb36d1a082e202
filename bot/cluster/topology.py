"""Which processes the cluster runs, on which loopback ports, with which environment.

One owner for the cluster's shape: the nginx config (bot/cluster/nginx.py), the process launcher
(`python -m bot.cluster`), Procfile.cluster, docker-compose.yml and the Helm notes are all checked against
this module. Every port is `CLUSTER_BASE_PORT` plus a fixed offset, so a test can run a second cluster.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.settings import LOOPBACK, Settings

ROLES = ("smtp", "backend", "actions", "rasa")
REPLICAS = 2
# Offsets from the base port. Public: the one port nginx serves. Internal: loopback-only listeners of the
# same nginx that spread service-to-service calls (backend -> Rasa HTTP API, Rasa -> action servers,
# action servers -> backend API) over the replicas, so one replica down does not break a caller.
PUBLIC_OFFSET = 80
BACKEND_OFFSET = 0
BACKEND_LB_OFFSET = 10
SMTP_OFFSET = 25
RASA_LB_OFFSET = 4
RASA_OFFSET = 5
ACTIONS_LB_OFFSET = 54
ACTIONS_OFFSET = 55
# The variable that gives each role its own listening port.
OWN_PORT_VARIABLE = {
    "rasa": "RASA_PORT",
    "actions": "ACTION_SERVER_PORT",
    "backend": "DSR_PORT",
    "smtp": "DEV_SMTP_PORT",
}
# Rasa's listen backlog (Sanic's, `SANIC_BACKLOG`; Rasa's default 100). While a turn's prediction holds a
# Rasa server's event loop, new connections wait in the kernel's accept queue; a full queue drops them and
# nginx's connect times out (on the sticky socket.io route the socket drops). The kernel caps it (somaxconn).
RASA_BACKLOG = 1024
# Variables the cluster sets for every process; anything else is taken from the caller's environment.
SMTP_VARIABLES = ("SMTP_HOST", "SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD")


@dataclass(frozen=True)
class Topology:
    """Ports of one cluster on this machine; replicas of each scaled role."""

    base_port: int
    replicas: int = REPLICAS

    @classmethod
    def from_settings(cls, settings: Settings) -> Topology:
        return cls(base_port=settings.cluster_base_port)

    def _ports(self, offset: int) -> tuple[int, ...]:
        return tuple(self.base_port + offset + i for i in range(self.replicas))

    @property
    def public_port(self) -> int:
        return self.base_port + PUBLIC_OFFSET

    @property
    def public_url(self) -> str:
        return f"http://{LOOPBACK}:{self.public_port}"

    @property
    def backend_ports(self) -> tuple[int, ...]:
        return self._ports(BACKEND_OFFSET)

    @property
    def rasa_ports(self) -> tuple[int, ...]:
        return self._ports(RASA_OFFSET)

    @property
    def action_ports(self) -> tuple[int, ...]:
        return self._ports(ACTIONS_OFFSET)

    @property
    def smtp_port(self) -> int:
        return self.base_port + SMTP_OFFSET

    @property
    def backend_lb_port(self) -> int:
        return self.base_port + BACKEND_LB_OFFSET

    @property
    def rasa_lb_port(self) -> int:
        return self.base_port + RASA_LB_OFFSET

    @property
    def actions_lb_port(self) -> int:
        return self.base_port + ACTIONS_LB_OFFSET

    def processes(self) -> list[tuple[str, int]]:
        """(role, index) of every supervised process besides nginx; the SMTP sink is not replicated."""
        found = [("smtp", 1)]
        for role in ("backend", "actions", "rasa"):
            found += [(role, i + 1) for i in range(self.replicas)]
        return found

    def own_port(self, role: str, index: int) -> int:
        """The port process `role` number `index` (from 1) listens on."""
        if role == "smtp":
            return self.smtp_port
        ports = {"backend": self.backend_ports, "actions": self.action_ports, "rasa": self.rasa_ports}
        if role not in ports or not 1 <= index <= self.replicas:
            raise ValueError(f"no cluster process {role}{index}")
        return ports[role][index - 1]


def cluster_var_dir(settings: Settings) -> Path:
    """The cluster keeps its secrets, mail and logs apart from `make run`'s."""
    return settings.var_dir / "cluster"


def common_environment(topology: Topology, settings: Settings) -> dict[str, str]:
    """What every cluster process sees: shared databases, Redis, the sink, and the internal balancers."""
    return {
        "VAR_DIR": str(cluster_var_dir(settings)),
        "BIND_HOST": LOOPBACK,
        "DSR_DATABASE_URL": settings.cluster_database_url,
        "TRACKER_DATABASE_URL": settings.cluster_tracker_database_url,
        "REDIS_URL": settings.cluster_redis_url,
        "DEV_SMTP_PORT": str(topology.smtp_port),
        "PUBLIC_URL": settings.public_url or topology.public_url,
        "WIDGET_SAME_ORIGIN": "true",  # the widget's socket goes through nginx, not to one Rasa server
        # A caller reaches "the" Rasa, action server or backend through nginx's internal listeners.
        "RASA_PORT": str(topology.rasa_lb_port),
        "ACTION_SERVER_PORT": str(topology.actions_lb_port),
        "DSR_PORT": str(topology.backend_lb_port),
        "DSR_API_URL": f"http://{LOOPBACK}:{topology.backend_lb_port}",
    }


def process_environment(
    topology: Topology, settings: Settings, base: dict[str, str], role: str, index: int
) -> dict[str, str]:
    """The environment of one process: the caller's, the common cluster values, its own port."""
    env = {name: value for name, value in base.items() if name not in SMTP_VARIABLES}
    env.update(common_environment(topology, settings))
    if role not in OWN_PORT_VARIABLE:
        raise ValueError(f"unknown cluster role {role!r}; expected one of {', '.join(ROLES)}")
    env[OWN_PORT_VARIABLE[role]] = str(topology.own_port(role, index))
    if role == "rasa":
        env.setdefault("SANIC_BACKLOG", str(RASA_BACKLOG))
    return env
