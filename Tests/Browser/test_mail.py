"""Email notifications against a real SMTP server (aiosmtpd) that insists on STARTTLS and a login.

Starts its own `attest serve --demo` configured with smtp_* settings, acts as the auditor over the
API, and waits for the client's mail to arrive: TLS upgraded, AUTH PLAIN accepted, headers and
body as the README promises.
"""
import base64
import datetime
import email
import ipaddress
import json
import os
import ssl
import tempfile
import time
import urllib.request

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import free_port, running_demo
from pages import token_for


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((session.authenticated, envelope))
        return "250 OK"


def check_login(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == b"attest" and auth_data.password == b"relay-secret-2026")


def self_signed(directory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                               x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(directory, "relay.pem"), os.path.join(directory, "relay.key")
    with open(cert_path, "wb") as handle:
        handle.write(certificate.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as handle:
        handle.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture(scope="module")
def relay():
    directory = tempfile.mkdtemp(prefix="attest-relay-")
    cert, key = self_signed(directory)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True,
                            authenticator=check_login, auth_require_tls=True)
    controller.start()
    yield {"inbox": inbox, "port": controller.port, "ca": cert}
    controller.stop()


@pytest.fixture(scope="module")
def mailing_server(relay):
    environment = dict(os.environ, ATTEST_SMTP_HOST="localhost", ATTEST_SMTP_PORT=str(relay["port"]),
                       ATTEST_SMTP_SECURITY="starttls", ATTEST_SMTP_USERNAME="attest", ATTEST_SMTP_PASSWORD="relay-secret-2026",
                       ATTEST_SMTP_FROM="attest@acme.example", ATTEST_SMTP_CA_FILE=relay["ca"],
                       ATTEST_PUBLIC_URL="https://attest.acme.example")
    with running_demo("attest-mail-", environment=environment) as running:
        yield running


def test_a_comment_from_the_auditor_reaches_the_client_by_mail(relay, mailing_server):
    token = token_for(mailing_server["data"], "alex@example-assurance.example")

    def call(method, path, body=None):
        request = urllib.request.Request(mailing_server["base"] + path, method=method, data=body and json.dumps(body).encode(),
                                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            return json.load(response)

    engagement = call("GET", "/api/v1/orgs/acme-cloud/engagements")["engagements"][0]["id"]
    text = "Please send the Q3 access review.\r\nBcc: everyone@evil.example"
    call("POST", f"/api/v1/orgs/acme-cloud/engagements/{engagement}/requests/IRL-001/actions", {"action": "comment", "text": text})

    deadline = time.time() + 30
    mine = []
    while time.time() < deadline and not mine:
        mine = [(auth, env) for auth, env in relay["inbox"].messages
                if b"Q3 access review" in base64.b64decode(email.message_from_bytes(env.content).get_payload())]
        time.sleep(0.3)
    assert mine, "no mail arrived; server log:\n" + open(mailing_server["log"]).read()[-3000:]
    recipients = sorted(env.rcpt_tos[0] for _, env in mine)
    assert "olivia@acme.example" in recipients
    authenticated, envelope = mine[0]
    assert authenticated, "the relay saw AUTH over TLS"
    assert envelope.mail_from == "attest@acme.example"
    message = email.message_from_bytes(envelope.content)
    assert "Bcc" not in message and "everyone@evil.example" not in (message.get("To") or "")
    assert message["Subject"].startswith("[Attest] Acme Cloud: ")
    body = base64.b64decode(message.get_payload()).decode()
    assert f"https://attest.acme.example/orgs/acme-cloud/programme?engagement={engagement.lower()}#IRL-001" in body

    # The in-app notice records that its mail went out.
    olivia = token_for(mailing_server["data"], "olivia@acme.example")
    token = olivia
    deadline = time.time() + 10
    while time.time() < deadline:
        notes = call("GET", "/api/v1/orgs/acme-cloud/notifications")["notifications"]
        ours = [n for n in notes if "Q3 access review" in n["text"]]
        if ours and ours[0].get("mailed_at"):
            break
        time.sleep(0.3)
    assert ours and ours[0].get("mailed_at"), ours
