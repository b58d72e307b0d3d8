"""compose.yaml and the Kubernetes manifests give the router secret (which signs client IPs for
the subgraphs) to the router and every subgraph, from a secret, never as a committed value."""

from __future__ import annotations

from agora.subgraphs import SUBGRAPH_PORTS
from tests.infra.test_infra_deploy import compose, manifests

SIGNING_SERVICES = {*SUBGRAPH_PORTS, "router"}


def test_compose_mounts_the_router_secret_in_router_and_subgraphs() -> None:
    document = compose()
    assert document["secrets"]["router_secret"] == {
        "file": "${AGORA_ROUTER_SECRET_FILE:-./.data/secrets/router_secret}"
    }
    for name in SIGNING_SERVICES:
        service = document["services"][name]
        assert "router_secret" in service["secrets"], name
        assert service["environment"]["AGORA_ROUTER_SECRET_FILE"] == "/run/secrets/router_secret"
        assert "AGORA_ROUTER_SECRET" not in service["environment"]


def test_kubernetes_takes_the_router_secret_from_a_secret() -> None:
    documents = manifests()
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    for name in SIGNING_SERVICES:
        (container,) = deployments[name]["spec"]["template"]["spec"]["containers"]
        secrets = [s["secretRef"]["name"] for s in container["envFrom"] if "secretRef" in s]
        assert "agora-router" in secrets, name
    (example,) = [
        d for d in documents if d["kind"] == "Secret" and d["metadata"]["name"] == "agora-router"
    ]
    assert set(example["stringData"]) == {"AGORA_ROUTER_SECRET"}
    for document in documents:
        if document["kind"] == "ConfigMap":
            assert "AGORA_ROUTER_SECRET" not in document["data"]
