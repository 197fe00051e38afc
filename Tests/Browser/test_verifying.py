"""VERIFYING.md holds: its worked examples verify with verifying.py (written from it alone), and so
does everything a live demo serves: heads, checkpoints, key lists, and the sealed report, SOC 3 and
bridge letter in HTML and PDF. One changed byte, a re-saved PDF or a stranger's key list fails."""
import base64
import hashlib
import io
import json
import os
import re
import urllib.request

import pytest
from pypdf import PdfReader, PdfWriter

import verifying as v
from pages import fetch, token_for

SPEC = os.path.join(os.path.dirname(__file__), "..", "..", "VERIFYING.md")


def examples():
    text = open(SPEC, encoding="utf-8").read()
    return {name: body for name, body in re.findall(r"```example-([a-z-]+)\n(.*?)```", text, re.S)}


def test_the_worked_examples_verify_as_written():
    ex = examples()
    leaf = base64.b64decode(ex["leaf"].strip())
    assert json.loads(leaf)["sequence"] == "1" and leaf.startswith(b'{"type":"change_event","action":')
    assert v.event_hash(leaf) == ex["event-hash"].strip()
    assert v.leaf_hash(leaf).hex() == ex["leaf-hash"].strip()
    head = json.loads(ex["tree-head"])
    org_id = json.loads(leaf)["organization_id"]
    assert v.verify_head(head, org_id) is None
    public_key = base64.b64decode(head["public_key"])
    origin, size, root_hash = v.open_checkpoint(ex["checkpoint"], public_key)
    assert (origin, size, root_hash.hex()) == ("attest/" + org_id, head["tree_size"], head["root_hash"])
    keys = json.loads(ex["keys"])
    v.check_key_list(keys)
    assert keys["keys"][0]["public_key"] == head["public_key"]
    payload = v.verify_seal_json(ex["seal"].strip().encode())
    assert payload["kind"] == "soc2" and payload["log_head"]["public_key"] == head["public_key"]
    # One changed character in the checkpoint or the seal fails.
    with pytest.raises(ValueError):
        v.open_checkpoint(ex["checkpoint"].replace("\n1611\n", "\n1612\n"), public_key)
    with pytest.raises(ValueError):
        v.verify_seal_json(ex["seal"].strip().replace('"version":2', '"version":3').encode())


@pytest.fixture(scope="module")
def live(demo):
    token = token_for(demo["data"], "olivia@acme.example")

    def get(path, auth=True):
        if auth:
            return fetch(demo["base"], token, path)
        with urllib.request.urlopen(demo["base"] + path) as response:
            return response.read()

    engagements = json.loads(get("/api/v1/orgs/acme-cloud/engagements"))["engagements"]
    reported = next(e["id"] for e in engagements if e["name"] == "SOC 2 Type 2 FY2026")
    return {"get": get, "base": f"/api/v1/orgs/acme-cloud/engagements/{reported}"}


def test_heads_checkpoints_and_keys_from_the_server(live):
    get = live["get"]
    keys = json.loads(get("/.well-known/attest/keys/acme-cloud", auth=False))
    v.check_key_list(keys)
    note = get("/api/v1/orgs/acme-cloud/log/checkpoint").decode()
    origin, size, root_hash = v.open_checkpoint(note, base64.b64decode(keys["keys"][-1]["public_key"]))
    assert origin == keys["origin"]
    leaves = []
    while len(leaves) < size:
        leaves += [base64.b64decode(x) for x in json.loads(get(f"/api/v1/orgs/acme-cloud/log/leaves?start={len(leaves)}&end={size}"))["leaves"]]
    assert v.root([v.leaf_hash(x) for x in leaves]) == root_hash
    published = [json.loads(x) for x in leaves if json.loads(x)["entity_type"] == "signing_key"]
    assert [e["action"] for e in published][:1] == ["published"], "the key was published in the log before it signed"
    head = json.loads(get("/api/v1/orgs/acme-cloud/log/head"))
    assert v.verify_head(head, keys["organization_id"]) is None


def test_the_sealed_documents_verify_in_html_and_pdf_and_nothing_else_does(live):
    get = live["get"]
    firm = json.loads(get("/.well-known/attest/keys/example-assurance", auth=False))
    client = json.loads(get("/.well-known/attest/keys/acme-cloud", auth=False))
    letters = json.loads(get(live["base"] + "/bridge-letters"))["letters"]
    documents = [
        ("report?format=html", firm, "soc2"), ("report?format=pdf", firm, "soc2"),
        ("soc3?format=html", firm, "soc3"), ("soc3?format=pdf", firm, "soc3"),
        (f"bridge-letters/{letters[0]['id']}?format=html", client, "bridge_letter"),
        (f"bridge-letters/{letters[0]['id']}?format=pdf", client, "bridge_letter"),
    ]
    for path, keys, kind in documents:
        data = get(f"{live['base']}/{path}")
        genuine, reason, payload = v.verify_document(data, keys)
        assert genuine, (path, reason)
        assert payload["kind"] == kind
        changed = bytearray(data)
        changed[len(changed) // 2] ^= 0x01
        assert not v.verify_document(bytes(changed), keys)[0], path
        stranger = dict(keys, keys=[dict(keys["keys"][0], public_key=base64.b64encode(os.urandom(32)).decode())])
        assert not v.verify_document(data, stranger)[0], path
        if path.endswith("pdf"):
            # Any PDF reader opens it; a copy re-saved by another tool no longer verifies.
            reader = PdfReader(io.BytesIO(data))
            assert len(reader.pages) >= 1
            writer = PdfWriter(clone_from=reader)
            out = io.BytesIO()
            writer.write(out)
            assert not v.verify_document(out.getvalue(), keys)[0], "a re-saved PDF is an altered PDF"
    # The report pins the client's log: its embedded checkpoint is signed by the client's key.
    report = get(f"{live['base']}/report?format=html")
    payload = v.verify_document(report, firm)[2]
    client_key = base64.b64decode(client["keys"][0]["public_key"])
    origin, size, _ = v.open_checkpoint(payload["checkpoint"], client_key)
    assert origin == client["origin"] and size == payload["log_head"]["tree_size"]
    assert hashlib.sha256(base64.b64decode(firm["keys"][0]["public_key"])).hexdigest() in firm["keys"][0]["fingerprint"]
