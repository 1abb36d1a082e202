"""`python -m bot.cluster prepare|nginx|ready|<role> <n>`: the lines of Procfile.cluster.

`prepare` creates the cluster's databases if missing, writes var/cluster/ (secrets, Rasa endpoints),
migrates the DSR schema once (two backends starting together would race on it) and writes the nginx
config. `<role> <n>` replaces itself with `python -m bot.launch <role>` in that replica's environment,
so the supervisor signals the real process and Ctrl-C stops everything.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.cluster.databases import ensure_database
from bot.cluster.nginx import TEMP_KINDS, nginx_config
from bot.cluster.topology import ROLES, Topology, cluster_var_dir, common_environment, process_environment
from bot.launch import PRIVATE_UMASK, ROOT
from bot.launch import prepare as prepare_var
from bot.settings import LOOPBACK, Settings

USAGE = f"usage: python -m bot.cluster prepare|nginx|ready|{'|'.join(ROLES)} N"
READY_TIMEOUT_S = 900


def prepare(settings: Settings, topology: Topology, environ: dict[str, str]) -> None:
    """Databases, var/cluster/, schema and nginx config, before any cluster process starts."""
    from bot.db import upgrade_database

    # The settings every cluster process reads: the common environment over the caller's.
    cluster = Settings.from_env({**environ, **common_environment(topology, settings)})
    for url in (cluster.dsr_database_url, cluster.tracker_database_url):
        ensure_database(url)
    prepare_var(cluster)
    upgrade_database(cluster.dsr_database_url)
    state = nginx_state_dir(settings)
    for kind in TEMP_KINDS:
        (state / kind).mkdir(parents=True, exist_ok=True)
    (state / "nginx.conf").write_text(
        nginx_config(topology, state, run_as_root=os.geteuid() == 0, public_host=settings.cluster_public_host)
    )
    print(f"cluster prepared: nginx config {state / 'nginx.conf'}; entry {topology.public_url}", flush=True)


def nginx_state_dir(settings: Settings) -> Path:
    return cluster_var_dir(settings) / "nginx"


def run_nginx(settings: Settings) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    state = nginx_state_dir(settings)
    # -e: errors to stderr from the first line, before the config is read (never /var/log/nginx).
    command = [nginx, "-e", "stderr", "-p", str(state), "-c", str(state / "nginx.conf"), "-g", "daemon off;"]
    os.execv(command[0], command)


def wait_ready(topology: Topology) -> None:
    """Print the entry once nginx answers on both sides (a backend page and a Rasa server)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    # Each replica directly first (nginx would log every refused try), then both sides through nginx.
    direct = [
        f"http://{LOOPBACK}:{port}/health" for port in (*topology.backend_ports, *topology.action_ports)
    ]
    direct += [f"http://{LOOPBACK}:{port}/webhooks/rest/" for port in topology.rasa_ports]
    checks = [*direct, f"{topology.public_url}/health", f"{topology.public_url}/webhooks/rest/"]
    while time.monotonic() < deadline:
        if all(answers(url) for url in checks):
            entry = topology.public_url
            print(f"\n  cluster ready: {entry}  (widget at /, console at /console)\n", flush=True)
            while True:
                time.sleep(3600)
        time.sleep(2)
    raise SystemExit(f"the cluster did not answer on {topology.public_url} within {READY_TIMEOUT_S} s")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 (loopback)
            return 200 <= response.status < 300
    except (urllib.error.URLError, OSError):
        return False


def main(argv: list[str]) -> None:
    settings = Settings.from_env(os.environ)
    topology = Topology.from_settings(settings)
    os.umask(PRIVATE_UMASK)
    if argv == ["prepare"]:
        prepare(settings, topology, dict(os.environ))
    elif argv == ["nginx"]:
        run_nginx(settings)
    elif argv == ["ready"]:
        wait_ready(topology)
    elif len(argv) == 2 and argv[0] in ROLES and argv[1].isdigit():
        env = process_environment(topology, settings, dict(os.environ), argv[0], int(argv[1]))
        command = [sys.executable, "-m", "bot.launch", argv[0]]
        os.chdir(ROOT)
        os.execve(command[0], command, env)
    else:
        raise SystemExit(USAGE)


if __name__ == "__main__":
    main(sys.argv[1:])
