"""SCIM 2.0 against `attest serve --demo`, spoken by a real SCIM client (scim2-client with its
httpx engine and scim2-models): discovery, create, search by filter, patch, deactivate and
delete, each answer validated by the client against the schemas the server published.
"""
import subprocess

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_models import (Error, ListResponse, PatchOp, PatchOperation, SearchRequest)

from conftest import BINARY


def scim_token(data_dir, org):
    return subprocess.run([BINARY, "scim", "token", "--org", org, "--data-dir", data_dir],
                          check=True, capture_output=True, text=True).stdout.strip()


def client(server, token, org="acme-cloud"):
    http = httpx2.Client(base_url=f"{server}/scim/v2/{org}", headers={"Authorization": f"Bearer {token}"})
    scim = SyncSCIMClient(http)
    scim.discover()
    return scim


def test_an_identity_provider_provisions_and_deprovisions_a_person(server, demo):
    scim = client(server, scim_token(demo["data"], "acme-cloud"))
    assert {t.name for t in scim.resource_types} == {"User", "Group"}
    assert scim.service_provider_config.patch.supported

    user_model = scim.get_resource_model("User")
    created = scim.create(user_model(
        user_name="hana@acme.example", name={"givenName": "Hana", "familyName": "Hart"},
        title="Support Engineer", active=True))
    assert created.id and created.user_name == "hana@acme.example" and created.meta.version

    found = scim.query(user_model, query_parameters=SearchRequest(filter='userName eq "hana@acme.example"'))
    assert isinstance(found, ListResponse) and found.total_results == 1
    assert found.resources[0].id == created.id

    # The demo's roster came from the CSV import: it is visible over SCIM too.
    everyone = scim.query(user_model, query_parameters=SearchRequest(count=5, start_index=1))
    assert everyone.total_results >= 15 and len(everyone.resources) == 5

    patch = PatchOp[user_model](operations=[
        PatchOperation[user_model](op=PatchOperation.Op.replace_, path="title", value="Support Lead")])
    patched = scim.modify(user_model, created.id, patch)
    assert patched is None or patched.title == "Support Lead"

    off = PatchOp[user_model](operations=[
        PatchOperation[user_model](op=PatchOperation.Op.replace_, path="active", value=False)])
    scim.modify(user_model, created.id, off)
    again = scim.query(user_model, created.id)
    assert again.active is False

    group_model = scim.get_resource_model("Group")
    group = scim.create(group_model(display_name="Support", members=[{"value": created.id}]))
    assert group.id and len(group.members) == 1
    scim.delete(group_model, group.id)

    scim.delete(user_model, created.id)
    gone = scim.query(user_model, created.id, raise_scim_errors=False)
    assert isinstance(gone, Error) and gone.status == 404


def test_a_token_of_another_organisation_finds_nothing(server, demo):
    token = scim_token(demo["data"], "acme-cloud")
    http = httpx2.Client(base_url=f"{server}/scim/v2/example-assurance", headers={"Authorization": f"Bearer {token}"})
    answer = http.get("/Users")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/scim+json")
    assert answer.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
