"""An independent verifier (verifying.py, written from VERIFYING.md and RFC 9162 alone): it fetches the
demo organisation's log over the API, recomputes the Merkle root, checks the signed tree head with
the published public key over the documented bytes, and checks inclusion and consistency proofs."""
import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pages import fetch, token_for
from verifying import leaf_hash, root, verify_consistency, verify_inclusion


@pytest.fixture(scope="module")
def api(demo):
    token = token_for(demo["data"], "olivia@acme.example")
    return lambda path: json.loads(fetch(demo["base"], token, path))


def all_leaves(api, size):
    """The log's leaves, page by page: the server returns at most 1000 per request."""
    leaves = []
    while len(leaves) < size:
        page = api(f"/api/v1/orgs/acme-cloud/log/leaves?start={len(leaves)}&end={size}")["leaves"]
        assert page, "the server returned an empty page before the end of the log"
        leaves += [base64.b64decode(x) for x in page]
    return leaves


def sampled(size):
    """Every index of a small log; for a large one, the first 64, the last, and 200 spread between."""
    return sorted(set(range(min(size, 64))) | set(range(0, size, max(1, size // 200))) | {size - 1})


def test_signed_head_and_root(api):
    org_id = api("/api/v1/orgs/acme-cloud")["organization"]["id"].lower()
    head = api("/api/v1/orgs/acme-cloud/log/head")
    size = head["tree_size"]
    leaves = all_leaves(api, size)
    assert len(leaves) == size
    hashes = [leaf_hash(x) for x in leaves]
    assert root(hashes).hex() == head["root_hash"]
    signed = f"attest-tree-head-v1\n{org_id}\n{size}\n{head['root_hash']}\n{head['timestamp']}\n".encode()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(head["public_key"]))
    key.verify(base64.b64decode(head["signature"]), signed)  # raises if the signature is bad
    # Every leaf is a change event that names the SHA-256 of the leaf before it.
    events = [json.loads(x) for x in leaves]
    assert events[0]["previous_hash"] == "0" * 64
    for index in range(1, size):
        assert events[index]["previous_hash"] == hashlib.sha256(leaves[index - 1]).hexdigest(), index


def test_inclusion_and_consistency_proofs(api):
    head = api("/api/v1/orgs/acme-cloud/log/head")
    size = head["tree_size"]
    hashes = [leaf_hash(x) for x in all_leaves(api, size)]
    expected = bytes.fromhex(head["root_hash"])
    for index in sampled(size):
        proof = api(f"/api/v1/orgs/acme-cloud/log/inclusion?index={index}&tree_size={size}")
        path = [bytes.fromhex(p) for p in proof["audit_path"]]
        assert verify_inclusion(hashes[index], index, size, path, expected), index
        assert not verify_inclusion(hashes[index - 1], index, size, path, expected) or size == 1
    for first in [f for f in sampled(size) if f >= 1]:
        proof = [bytes.fromhex(p) for p in api(f"/api/v1/orgs/acme-cloud/log/consistency?first={first}&second={size}")["proof"]]
        assert verify_consistency(first, size, root(hashes[:first]), expected, proof), first


def test_evidence_proof_names_its_leaf(api):
    items = api("/api/v1/orgs/acme-cloud/evidence")["evidence"]
    item = next(i for i in items if i["title"] == "Quarterly user access review")
    proof = api(f"/api/v1/orgs/acme-cloud/evidence/{item['id']}/proof")
    leaf = base64.b64decode(proof["leaf"])
    event = json.loads(leaf)
    assert event["entity_type"] == "evidence_version"
    path = [bytes.fromhex(p) for p in proof["audit_path"]]
    assert verify_inclusion(leaf_hash(leaf), proof["leaf_index"], proof["head"]["tree_size"], path, bytes.fromhex(proof["head"]["root_hash"]))
