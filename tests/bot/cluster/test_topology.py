from __future__ import annotations

from pathlib import Path

import pytest

from bot.cluster.topology import Topology, cluster_var_dir, process_environment
from bot.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"VAR_DIR": str(tmp_path), "CLUSTER_BASE_PORT": "20000"})


def test_every_port_is_distinct() -> None:
    topology = Topology(base_port=20000)
    ports = [topology.own_port(role, index) for role, index in topology.processes()]
    ports += [topology.public_port, topology.rasa_lb_port, topology.actions_lb_port, topology.backend_lb_port]
    assert len(set(ports)) == len(ports) == 11


def test_two_of_each_scaled_role_and_one_sink() -> None:
    roles = [role for role, _ in Topology(base_port=20000).processes()]
    assert roles.count("rasa") == roles.count("actions") == roles.count("backend") == 2
    assert roles.count("smtp") == 1


def test_each_replica_listens_on_its_own_port(settings: Settings) -> None:
    topology = Topology.from_settings(settings)
    first = process_environment(topology, settings, {}, "rasa", 1)
    second = process_environment(topology, settings, {}, "rasa", 2)
    assert (first["RASA_PORT"], second["RASA_PORT"]) == ("20005", "20006")


def test_callers_reach_the_others_through_the_internal_balancers(settings: Settings) -> None:
    topology = Topology.from_settings(settings)
    backend = process_environment(topology, settings, {}, "backend", 2)
    assert backend["DSR_PORT"] == "20001"
    assert backend["RASA_PORT"] == str(topology.rasa_lb_port)
    assert backend["ACTION_SERVER_PORT"] == str(topology.actions_lb_port)
    actions = process_environment(topology, settings, {}, "actions", 1)
    assert actions["DSR_API_URL"] == f"http://127.0.0.1:{topology.backend_lb_port}"


def test_shared_stores_and_the_embedded_sink_whatever_the_caller_set(settings: Settings) -> None:
    topology = Topology.from_settings(settings)
    env = process_environment(topology, settings, {"SMTP_HOST": "mail.example", "KEEP": "1"}, "actions", 1)
    parsed = Settings.from_env(env)
    assert parsed.uses_embedded_smtp and parsed.smtp_port == topology.smtp_port
    assert parsed.redis_url == settings.cluster_redis_url
    assert parsed.dsr_database_url == settings.cluster_database_url
    assert parsed.tracker_database_url == settings.cluster_tracker_database_url
    assert parsed.var_dir == cluster_var_dir(settings)
    assert env["KEEP"] == "1"


def test_an_unknown_process_is_refused(settings: Settings) -> None:
    topology = Topology.from_settings(settings)
    with pytest.raises(ValueError, match="unknown cluster role"):
        process_environment(topology, settings, {}, "worker", 1)
    with pytest.raises(ValueError, match="rasa3"):
        topology.own_port("rasa", 3)


def test_procfile_starts_every_process_once() -> None:
    procfile = Path(__file__).resolve().parents[3] / "Procfile.cluster"
    lines = dict(line.split(": ", 1) for line in procfile.read_text().splitlines() if line.strip())
    expected = {f"{role}{index}" if role != "smtp" else role for role, index in Topology(18000).processes()}
    assert set(lines) == expected | {"nginx", "ready"}
    for name, role_and_index in (
        (n, c.split()[-2:]) for n, c in lines.items() if n not in {"nginx", "ready"}
    ):
        assert name.startswith(role_and_index[0]) and role_and_index[1].isdigit()


def test_rasa_servers_queue_connections_while_a_prediction_holds_their_loop(settings: Settings) -> None:
    """Rasa's default backlog of 100 overflows under load and nginx's connects time out."""
    topology = Topology.from_settings(settings)
    assert int(process_environment(topology, settings, {}, "rasa", 1)["SANIC_BACKLOG"]) >= 1024
    given = process_environment(topology, settings, {"SANIC_BACKLOG": "2048"}, "rasa", 2)
    assert given["SANIC_BACKLOG"] == "2048"
    assert "SANIC_BACKLOG" not in process_environment(topology, settings, {}, "backend", 1)
