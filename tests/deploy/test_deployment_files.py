"""Dockerfile, docker-compose.yml and the Helm values name the same topology as make run-cluster.

They cannot run here (no container daemon), so this is what keeps them from drifting.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from bot.cluster.topology import Topology
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = Settings()


def _procfile() -> dict[str, list[str]]:
    lines = (ROOT / "Procfile.cluster").read_text().splitlines()
    entries = dict(line.split(": ", 1) for line in lines if line.strip())
    return {name: command.split()[3:] for name, command in entries.items()}  # after `python -m bot.cluster`


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def helm() -> dict:
    return yaml.safe_load((ROOT / "deploy" / "helm" / "values.yml").read_text())


def test_compose_runs_every_process_of_the_procfile_with_the_same_command(compose: dict) -> None:
    services = compose["services"]
    for name, args in _procfile().items():
        if name == "ready":  # a console banner, not a service
            continue
        assert services[name]["command"] == args, name
    assert {"postgres", "redis", "prepare"} <= set(services)


def test_compose_shares_one_loopback_and_publishes_only_the_public_port(compose: dict) -> None:
    services = compose["services"]
    public = Topology(DEFAULTS.cluster_base_port).public_port
    assert services["network"]["ports"] == [f"127.0.0.1:{public}:{public}"]
    for name, service in services.items():
        if name != "network":
            assert service["network_mode"] == "service:network", name
            assert "ports" not in service, name
    assert services["prepare"]["environment"]["CLUSTER_PUBLIC_HOST"] == "0.0.0.0"


def test_compose_uses_the_cluster_stores(compose: dict) -> None:
    env = compose["services"]["rasa1"]["environment"]
    assert env["CLUSTER_BASE_PORT"] == str(DEFAULTS.cluster_base_port)
    assert env["CLUSTER_REDIS_URL"] == DEFAULTS.cluster_redis_url
    for key, default in (
        ("CLUSTER_DATABASE_URL", DEFAULTS.cluster_database_url),
        ("CLUSTER_TRACKER_DATABASE_URL", DEFAULTS.cluster_tracker_database_url),
    ):
        given, expected = make_url(env[key].replace("${POSTGRES_PASSWORD:-dsr}", "dsr")), make_url(default)
        assert (given.host, given.port, given.database) == (expected.host, expected.port, expected.database)


def test_dockerfile_is_one_image_whose_command_is_the_role() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["python", "-m", "bot.cluster"]' in dockerfile
    assert re.search(r"^FROM python:3\.10", dockerfile, re.M)
    assert "nginx" in dockerfile and "requirements.txt" in dockerfile


def test_helm_runs_two_rasa_pods_each_with_its_action_server(helm: dict) -> None:
    replicas = Topology(DEFAULTS.cluster_base_port).replicas
    assert helm["replicaCount"] == replicas
    sidecar = {c["name"]: c for c in helm["extraContainers"]}["actions"]
    assert sidecar["command"] == ["python", "-m", "bot.launch", "actions"]
    assert helm["rasa-action-server"]["install"] is False
    action = helm["applicationSettings"]["endpoints"]["additionalEndpoints"]["action_endpoint"]
    port = {e["name"]: e["value"] for e in sidecar["env"] if "value" in e}["ACTION_SERVER_PORT"]
    assert action["url"] == f"http://127.0.0.1:{port}/webhook"


def test_helm_stores_match_the_cluster(helm: dict) -> None:
    endpoints = helm["applicationSettings"]["endpoints"]
    tracker = endpoints["trackerStore"]
    assert tracker["type"] == "bot.tracker_store.PrivateSQLTrackerStore"
    assert tracker["db"] == make_url(DEFAULTS.cluster_tracker_database_url).database
    redis_db = DEFAULTS.cluster_redis_url.rsplit("/", 1)[1]
    assert endpoints["lockStore"]["type"] == "redis" and endpoints["lockStore"]["db"] == redis_db
    env = {e["name"]: e.get("value") for e in helm["extraEnv"]}
    assert env["REDIS_URL"].endswith(f"/{redis_db}")  # the socket.io queue on the lock store's Redis


def test_helm_channels_are_the_ones_credentials_yml_names(helm: dict) -> None:
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    given = helm["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    web = {name: value for name, value in credentials.items() if "telegram" not in name.lower()}
    assert {name: value or {} for name, value in web.items()} == given


def test_helm_sticks_socketio_polling_to_one_pod(helm: dict) -> None:
    annotations = helm["ingress"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-path"] == "/socket.io/"
    assert annotations["nginx.ingress.kubernetes.io/session-cookie-change-on-failure"] == "true"
