"""compose.yaml, docker/ and the Kubernetes manifests: consistent with the code they run.

No Docker engine or cluster here, so these check the files themselves: every service and
command, ports, environment, references between manifests, and the supergraph URL rewrite.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import graphql
import kubernetes_validate
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from agora.infra.routing import routing_urls_from_env, with_routing_urls
from agora.subgraphs import SUBGRAPH_PORTS
from telemetry import tracing

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "docker" / "k8s"
AGORA_SERVICES = {*SUBGRAPH_PORTS, "router", "worker", "relay", "beat", "migrate", "mail"}


SUPERGRAPH = """
enum join__Graph {
  CONTENT @join__graph(name: "content", url: "http://127.0.0.1:8003/graphql")
  USERS @join__graph(name: "users", url: "http://127.0.0.1:8000/graphql")
}
"""


def test_rewrite_replaces_only_configured_subgraph_urls() -> None:
    environ = {"AGORA_USERS_ROUTING_URL": "http://users:8000/graphql", "AGORA_OTHER": "x"}
    urls = routing_urls_from_env(SUPERGRAPH, environ)
    assert urls == {"users": "http://users:8000/graphql"}
    result = with_routing_urls(SUPERGRAPH, urls)
    assert '@join__graph(name: "users", url: "http://users:8000/graphql")' in result
    assert '@join__graph(name: "content", url: "http://127.0.0.1:8003/graphql")' in result
    assert with_routing_urls(SUPERGRAPH, {}) == SUPERGRAPH


def test_routing_command_rewrites_the_committed_supergraph(tmp_path: Path) -> None:
    environ = {
        **os.environ,
        **{
            f"AGORA_{name.upper()}_ROUTING_URL": f"http://{name}:{port}/graphql"
            for name, port in SUBGRAPH_PORTS.items()
        },
    }
    target = tmp_path / "supergraph.graphql"
    subprocess.run(
        [sys.executable, "-m", "agora.infra.routing", "schema/supergraph.graphql", str(target)],
        cwd=ROOT,
        env=environ,
        check=True,
    )
    text = target.read_text()
    graphql.parse(text)  # still a valid document
    urls = dict(re.findall(r'@join__graph\(name: "(\w+)", url: "([^"]+)"\)', text))
    assert urls, "the supergraph declares its subgraphs"
    for name, url in urls.items():
        assert url == f"http://{name}:{SUBGRAPH_PORTS[name]}/graphql"


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return document


def test_compose_runs_every_service_from_one_image() -> None:
    services = compose()["services"]
    assert set(services) == AGORA_SERVICES | {"postgres", "redis"}
    assert {services[name]["image"] for name in AGORA_SERVICES} == {"agora:latest"}
    for name in AGORA_SERVICES:
        assert services[name]["build"]["dockerfile"] == "docker/Dockerfile"
        for dependency in services[name].get("depends_on", {}):
            assert dependency in services
    for name, port in SUBGRAPH_PORTS.items():
        service = services[name]
        assert service["command"] == [
            "agora",
            "subgraph",
            name,
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
        ]
        assert f"127.0.0.1:{port}/health" in " ".join(service["healthcheck"]["test"])
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    quiet = ["celery", "--quiet", "-A", "pipeline.worker"]  # JSON lines only: no banner
    assert services["worker"]["command"][:5] == [*quiet, "worker"]
    assert services["beat"]["command"][:5] == [*quiet, "beat"]
    assert services["relay"]["command"] == ["agora", "relay"]  # events reach the worker
    # Worker, relay and beat have health checks of their own.
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])
    for name, variable in (
        ("relay", "AGORA_RELAY_HEARTBEAT_FILE"),
        ("beat", "AGORA_BEAT_HEARTBEAT_FILE"),
    ):
        beat_file = services[name]["environment"][variable]
        assert services[name]["healthcheck"]["test"][1:4] == ["agora", "alive", beat_file]
    assert services["relay"]["environment"]["AGORA_RELAY_METRICS_PORT"] == "9100"
    assert services["worker"]["environment"]["AGORA_WORKER_METRICS_PORT"] == "9101"
    assert services["router"]["ports"] == ["8080:8080"]


def test_compose_environment_reaches_real_postgres_and_redis() -> None:
    services = compose()["services"]
    for name in AGORA_SERVICES:
        env = services[name]["environment"]
        assert env["AGORA_REDIS_URL"] == "redis://redis:6379/0"
        for subgraph in SUBGRAPH_PORTS:
            url = env[f"AGORA_{subgraph.upper()}_DATABASE_URL"]
            assert url.startswith("postgresql+asyncpg://agora:")
            assert url.endswith(f"@postgres:5432/agora_{subgraph}")
    router_env = services["router"]["environment"]
    for subgraph, port in SUBGRAPH_PORTS.items():
        assert (
            router_env[f"AGORA_{subgraph.upper()}_ROUTING_URL"]
            == f"http://{subgraph}:{port}/graphql"
        )
    # Production leaves schema introspection and GraphiQL off.
    assert (
        router_env["AGORA_ROUTER_INTROSPECTION"] == router_env["AGORA_ROUTER_GRAPHIQL"] == "false"
    )
    # The edge is on: tokens checked at the router, rates limited.
    assert router_env["AGORA_ROUTER_JWKS_URL"] == "http://users:8000/.well-known/jwks.json"
    assert router_env["AGORA_ROUTER_RATE_LIMIT"] == "${AGORA_ROUTER_RATE_LIMIT:-600}"
    # Mail reaches the compose mail sink unless a real server is configured; logs at INFO.
    for name in AGORA_SERVICES:
        env = services[name]["environment"]
        assert env["AGORA_SMTP_HOST"] == "${AGORA_SMTP_HOST:-mail}"
        assert env["AGORA_SMTP_PORT"] == "${AGORA_SMTP_PORT:-1025}"
        assert env["AGORA_LOG_LEVEL"] == "${AGORA_LOG_LEVEL:-INFO}"
        # Traces only once a collector is named; then 10% of new traces.
        assert env["OTEL_EXPORTER_OTLP_ENDPOINT"] == "${OTEL_EXPORTER_OTLP_ENDPOINT:-}"
        assert env["OTEL_TRACES_SAMPLER_ARG"] == "${OTEL_TRACES_SAMPLER_ARG:-0.1}"
    assert services["mail"]["command"][:2] == ["agora", "smtp-sink"]
    assert "1025" in services["mail"]["command"]
    assert (
        services["users"]["environment"]["AGORA_JWT_PRIVATE_KEY_FILE"]
        == "/run/secrets/jwt_private_key"
    )
    created = (ROOT / "docker" / "postgres" / "create-databases.sql").read_text()
    for subgraph in SUBGRAPH_PORTS:
        assert f"CREATE DATABASE agora_{subgraph};" in created


def test_dockerfile_copies_only_what_exists_and_runs_unprivileged() -> None:
    dockerfile = (ROOT / "docker" / "Dockerfile").read_text()
    ignore = (ROOT / "docker" / "Dockerfile.dockerignore").read_text()
    # One base for both stages, overridable (and pinnable by digest) at build time.
    assert re.search(r"^ARG BASE_IMAGE=python:3\.11-slim$", dockerfile, re.MULTILINE)
    assert dockerfile.count("FROM ${BASE_IMAGE}") == 2
    # Dependencies as locked, hashes checked; only the virtualenv reaches the final stage.
    assert "pip install --require-hashes -r requirements.lock" in dockerfile
    assert "/wheels" not in dockerfile
    assert "COPY --from=build /opt/agora /opt/agora" in dockerfile
    assert re.search(r"^USER agora", dockerfile, re.MULTILINE)
    sources = [
        source
        for line in dockerfile.splitlines()
        if line.startswith("COPY ") and "--from=" not in line
        for source in line.split()[1:-1]
    ]
    assert "pyproject.toml" in sources
    for source in sources:
        assert (ROOT / source).exists(), source
        assert f"!{source}" in ignore or f"!{source}/**" in ignore, f"{source} not in build context"


OVERLAYS = ("dev", "prod")
KUBERNETES_VERSIONS = ("1.30.0", "1.37.0")  # the oldest supported here, and the newest


@functools.cache
def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    """What `kubectl apply -k docker/k8s/overlays/<overlay>` would apply (Debian's kubectl)."""
    result = subprocess.run(
        ["kubectl", "kustomize", str(K8S / "overlays" / overlay)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


def manifests(overlay: str = "prod") -> list[dict[str, Any]]:
    """The rendered overlay, and the Secrets it expects to exist (from the example)."""
    example = (K8S / "secret.example.yaml").read_text()
    return [*rendered(overlay), *(doc for doc in yaml.safe_load_all(example) if doc)]


def _pods(overlay: str) -> dict[str, dict[str, Any]]:
    return {
        doc["metadata"]["name"]: doc["spec"]["template"]["spec"]
        for doc in rendered(overlay)
        if doc["kind"] == "Deployment"
    }


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_overlay_renders_and_validates_strictly(overlay: str, version: str) -> None:
    documents = rendered(overlay)
    assert documents
    for document in documents:
        kubernetes_validate.validate(document, version, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_one_namespace_and_one_image_set_in_the_overlay(overlay: str) -> None:
    kustomization = yaml.safe_load((K8S / "overlays" / overlay / "kustomization.yaml").read_text())
    [image] = kustomization["images"]
    expected = f"{image['newName']}:{image['newTag']}"
    documents = rendered(overlay)
    namespaces = [doc for doc in documents if doc["kind"] == "Namespace"]
    assert [ns["metadata"]["name"] for ns in namespaces] == [kustomization["namespace"]]
    assert namespaces[0]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for document in documents:
        if document["kind"] != "Namespace":
            assert document["metadata"]["namespace"] == kustomization["namespace"]
    for name, pod in _pods(overlay).items():
        images = {c["image"] for c in [*pod["containers"], *pod.get("initContainers", [])]}
        assert images == {expected}, name
    assert not expected.endswith(":latest")


def test_pods_are_locked_down_and_drain_before_they_stop() -> None:
    deployments = {d["metadata"]["name"]: d for d in rendered("prod") if d["kind"] == "Deployment"}
    for name, pod in _pods("prod").items():
        assert pod["automountServiceAccountToken"] is False, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert pod["topologySpreadConstraints"][0]["topologyKey"] == "kubernetes.io/hostname"
        for container in [*pod["containers"], *pod.get("initContainers", [])]:
            assert container["resources"]["requests"]["cpu"], name
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
        if name in {*SUBGRAPH_PORTS, "router"}:
            (server,) = pod["containers"]
            port = str(server["ports"][0]["containerPort"])
            annotations = deployments[name]["spec"]["template"]["metadata"]["annotations"]
            assert annotations["prometheus.io/scrape"] == "true"
            assert annotations["prometheus.io/port"] == port
            assert server["startupProbe"]["httpGet"]["path"] == "/health"
            assert "sleep" in " ".join(server["lifecycle"]["preStop"]["exec"]["command"])


def test_each_subgraph_migrates_its_database_before_it_serves() -> None:
    pods = _pods("prod")
    for name in SUBGRAPH_PORTS:
        (migrate,) = pods[name]["initContainers"]
        assert migrate["command"] == ["agora", "migrate", name]
    assert not [doc for doc in rendered("prod") if doc["kind"] == "Job"]


def test_network_policies_let_only_the_router_worker_and_relay_reach_subgraphs() -> None:
    policies = {
        doc["metadata"]["name"]: doc["spec"] for doc in rendered("prod")
        if doc["kind"] == "NetworkPolicy"
    }  # fmt: skip
    deny = policies["default-deny"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    subgraphs = policies["subgraphs-ingress"]
    [expression] = subgraphs["podSelector"]["matchExpressions"]
    assert set(expression["values"]) == set(SUBGRAPH_PORTS)
    [rule] = subgraphs["ingress"]
    [callers] = rule["from"][0]["podSelector"]["matchExpressions"]
    assert set(callers["values"]) == {"router", "worker", "relay"}
    [postgres_users] = policies["postgres-egress"]["podSelector"]["matchExpressions"]
    assert set(postgres_users["values"]) == {*SUBGRAPH_PORTS, "worker", "relay"}
    assert "router" not in postgres_users["values"]


def test_disruption_budgets_autoscalers_and_an_ingress_with_tls() -> None:
    documents = rendered("prod")
    budgets = {d["metadata"]["name"] for d in documents if d["kind"] == "PodDisruptionBudget"}
    assert budgets == {*SUBGRAPH_PORTS, "router", "worker"}
    scalers = {
        d["metadata"]["name"]: d["spec"] for d in documents
        if d["kind"] == "HorizontalPodAutoscaler"
    }  # fmt: skip
    assert set(scalers) == {*SUBGRAPH_PORTS, "router"}
    assert all(spec["minReplicas"] >= 2 for spec in scalers.values())
    [ingress] = [d for d in documents if d["kind"] == "Ingress"]
    [tls] = ingress["spec"]["tls"]
    assert tls["secretName"] and tls["hosts"] == [ingress["spec"]["rules"][0]["host"]]
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == "router"


def test_every_deployment_is_consistent_with_its_service_and_references() -> None:
    documents = manifests()
    by_kind: dict[str, dict[str, dict[str, Any]]] = {}
    for document in documents:
        by_kind.setdefault(document["kind"], {})[document["metadata"]["name"]] = document
    deployments, services = by_kind["Deployment"], by_kind["Service"]
    assert set(deployments) == {*SUBGRAPH_PORTS, "router", "worker", "relay", "beat"}
    assert set(services) == {*SUBGRAPH_PORTS, "router"}
    ports = {**SUBGRAPH_PORTS, "router": 8080}
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]
        labels = pod["metadata"]["labels"]
        assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
        assert pod["spec"]["securityContext"]["runAsUser"] == 10001
        (container,) = pod["spec"]["containers"]
        assert container["image"] == "registry.example.com/agora/agora:0.1.0"
        volumes = {volume["name"] for volume in pod["spec"]["volumes"]}
        assert {mount["name"] for mount in container["volumeMounts"]} <= volumes
        for source in container["envFrom"]:
            reference = source.get("configMapRef") or source.get("secretRef")
            kind = "ConfigMap" if "configMapRef" in source else "Secret"
            assert reference["name"] in by_kind[kind], reference
        if name in services:
            service = services[name]
            assert service["spec"]["selector"].items() <= labels.items()
            assert service["spec"]["ports"][0]["port"] == ports[name]
            assert container["ports"][0]["containerPort"] == ports[name]
            assert str(ports[name]) in " ".join(container["command"])
    assert deployments["beat"]["spec"]["replicas"] == 1
    (relay,) = deployments["relay"]["spec"]["template"]["spec"]["containers"]
    assert relay["command"] == ["agora", "relay"]
    # Every pod has a liveness check: HTTP for servers, a ping or a heartbeat file otherwise.
    for name in ("worker", "relay", "beat"):
        (container,) = deployments[name]["spec"]["template"]["spec"]["containers"]
        probe = " ".join(container["livenessProbe"]["exec"]["command"])
        assert "inspect ping" in probe or probe.startswith("agora alive /tmp/"), probe
        if probe.startswith("agora alive"):
            env = {item["name"]: item["value"] for item in container["env"]}
            assert probe.split()[2] in env.values()
    # The relay serves its outbox metrics where Prometheus is told to look.
    (relay_container,) = deployments["relay"]["spec"]["template"]["spec"]["containers"]
    relay_env = {item["name"]: item["value"] for item in relay_container["env"]}
    relay_annotations = deployments["relay"]["spec"]["template"]["metadata"]["annotations"]
    assert relay_annotations["prometheus.io/port"] == relay_env["AGORA_RELAY_METRICS_PORT"]
    (worker_container,) = deployments["worker"]["spec"]["template"]["spec"]["containers"]
    worker_env = {item["name"]: item["value"] for item in worker_container["env"]}
    worker_annotations = deployments["worker"]["spec"]["template"]["metadata"]["annotations"]
    assert worker_annotations["prometheus.io/port"] == worker_env["AGORA_WORKER_METRICS_PORT"]
    users_volumes = deployments["users"]["spec"]["template"]["spec"]["volumes"]
    assert {
        "name": "jwt",
        "secret": {"secretName": "agora-jwt", "defaultMode": 0o440},
    } in users_volumes
    assert "agora-jwt" in by_kind["Secret"]


def test_production_leaves_introspection_and_graphiql_off_and_dev_turns_them_on() -> None:
    def config(overlay: str) -> dict[str, str]:
        [found] = [d for d in rendered(overlay) if d["kind"] == "ConfigMap"]
        data: dict[str, str] = found["data"]
        return data

    assert config("prod")["AGORA_ROUTER_INTROSPECTION"] == "false"
    assert config("prod")["AGORA_ROUTER_GRAPHIQL"] == "false"
    assert config("dev")["AGORA_ROUTER_INTROSPECTION"] == "true"
    # Tracing is off until an overlay names a collector (telemetry.tracing reads OTEL_*).
    assert not tracing.wanted(config("prod"))
    assert tracing.wanted({**config("prod"), "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"})
    router = (K8S / "base" / "router.yaml").read_text()
    assert "agora-config" in router  # the router reads that ConfigMap (envFrom)


def test_the_base_lists_every_manifest_of_its_folder() -> None:
    kustomization = yaml.safe_load((K8S / "base" / "kustomization.yaml").read_text())
    expected = {path.name for path in (K8S / "base").glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == expected


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    """requirements.lock (`make lock`) matches pyproject.toml: each runtime dependency pinned
    to a version its range allows, every pin hashed."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "requirements.lock").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", lock, re.MULTILINE))
    pinned = {canonicalize_name(name): version for name, version in pins.items()}
    assert pinned
    for requirement in map(Requirement, project["dependencies"]):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not in requirements.lock: run make lock"
        assert requirement.specifier.contains(pinned[name]), (name, pinned[name])
    blocks = lock.split("==")[1:]
    assert all("--hash=sha256:" in block.split("\n#")[0] for block in blocks)
