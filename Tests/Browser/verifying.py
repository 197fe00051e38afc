"""An independent verifier for Attest's records, written in Python from VERIFYING.md and RFC 9162
alone (no code shared with Attest): change-log leaves, the Merkle tree and its proofs, signed tree
heads, C2SP checkpoints, published key lists, and the report seal in HTML and PDF.

Every check returns a reason when it fails, so that the tests can say what a verifier would."""
import base64
import hashlib
import json
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


# --- Merkle tree (RFC 9162 §2.1) -----------------------------------------------------------------

def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root(hashes):
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return node_hash(root(hashes[:k]), root(hashes[k:]))


def verify_inclusion(leaf, index, size, path, expected_root):
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(first, second, first_root, second_root, proof):
    if first == second:
        return not proof and first_root == second_root
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while True:
                    fn >>= 1
                    sn >>= 1
                    if fn & 1 or fn == 0:
                        break
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# --- Signatures ----------------------------------------------------------------------------------

def ed25519_ok(public_key, signature, message):
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except (InvalidSignature, ValueError):
        return False


# --- §1 events and §3 tree heads -----------------------------------------------------------------

def event_hash(leaf):
    return hashlib.sha256(leaf).hexdigest()


def head_bytes(organization_id, tree_size, root_hex, timestamp):
    return f"attest-tree-head-v1\n{organization_id.lower()}\n{tree_size}\n{root_hex}\n{timestamp}\n".encode()


def verify_head(head, organization_id):
    """A head as /log/head serves it; returns None when good, else the reason."""
    message = head_bytes(organization_id, head["tree_size"], head["root_hash"], head["timestamp"])
    if not ed25519_ok(base64.b64decode(head["public_key"]), base64.b64decode(head["signature"]), message):
        return "the tree head's signature does not verify"
    return None


# --- §4 checkpoints ------------------------------------------------------------------------------

EM_DASH = "\u2014"


def key_id(name, public_key):
    return hashlib.sha256(name.encode() + b"\x0a\x01" + public_key).digest()[:4]


def open_checkpoint(note, public_key):
    """(origin, size, root bytes) when `public_key` signed the note; raises ValueError with a reason."""
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise ValueError("control characters in the note")
    split = note.rfind("\n\n")
    if split < 0:
        raise ValueError("no blank line before the signatures")
    text = note[: split + 1]
    lines = text.split("\n")[:-1]
    if len(lines) < 3 or not lines[1].isdigit():
        raise ValueError("the body is not origin, size, root")
    origin, size, root_hash = lines[0], int(lines[1]), base64.b64decode(lines[2])
    wanted = key_id(origin, public_key)
    for line in note[split + 2:].split("\n"):
        if not line:
            continue
        dash, name, blob = line.split(" ")
        if dash != EM_DASH:
            raise ValueError("a signature line does not start with an em dash")
        blob = base64.b64decode(blob)
        if name == origin and blob[:4] == wanted:
            if len(blob) != 68 or not ed25519_ok(public_key, blob[4:], text.encode()):
                raise ValueError("the checkpoint's signature does not verify")
            return origin, size, root_hash
    raise ValueError("no signature by this key")


# --- §5 key lists --------------------------------------------------------------------------------

def check_key_list(keys):
    """Each listed key's fingerprint and note key id are what §5 says they are."""
    for key in keys["keys"]:
        raw = base64.b64decode(key["public_key"])
        assert key["algorithm"] == "Ed25519" and len(raw) == 32
        assert key["fingerprint"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        assert key["note_key_id"] == key_id(keys["origin"], raw).hex()


def key_good_at(key, issued_at):
    # RFC 3339 with milliseconds in UTC compares correctly as text.
    return "valid_until" not in key or issued_at <= key["valid_until"]


# --- §6 and §7 the seal --------------------------------------------------------------------------

HTML_OPEN = b"\n<!-- attest-seal "
HTML_CLOSE = b" -->\n"
PDF_MARKER = b"%attest-seal-v1\n"


def _pdf_update(content, seal_b64):
    window = content[-65536:].decode("latin-1")
    trailer = window[window.rfind("trailer"):]
    size = re.search(r"/Size\s+(\d+)", trailer).group(1)
    root_ref = re.search(r"/Root\s+(\d+)\s+(\d+)\s+R", trailer)
    info_ref = re.search(r"/Info\s+(\d+)\s+(\d+)\s+R", trailer)
    prev = re.search(r"startxref\s+(\d+)", window[window.rfind("startxref"):]).group(1)
    info = f" /Info {info_ref.group(1)} {info_ref.group(2)} R" if info_ref else ""
    text = (f"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size {size} /Root {root_ref.group(1)} {root_ref.group(2)} R{info}"
            f" /Prev {prev} /AttestSeal ({seal_b64}) >>\nstartxref\n{len(content) + len(PDF_MARKER)}\n%%EOF\n")
    return PDF_MARKER + text.encode()


def split_sealed(data):
    """(content, seal JSON bytes) of an HTML or PDF file; raises ValueError with a reason."""
    if data.startswith(b"%PDF-"):
        at = data.rfind(PDF_MARKER)
        if at < 0:
            raise ValueError("altered: another tool re-wrote it" if b"/AttestSeal (" in data else "no attest-seal")
        content = data[:at]
        opening = data.find(b"/AttestSeal (", at)
        closing = data.find(b")", opening)
        if opening < 0 or closing < 0:
            raise ValueError("damaged seal")
        seal_b64 = data[opening + 13:closing].decode("ascii")
        try:
            expected = _pdf_update(content, seal_b64)
        except AttributeError:
            raise ValueError("altered: the printed PDF's trailer is gone")
        if data[at:] != expected:
            raise ValueError("altered: the seal's update is not as written")
        return content, base64.b64decode(seal_b64)
    at = data.rfind(HTML_OPEN)
    if at < 0:
        raise ValueError("no attest-seal")
    if not data.endswith(HTML_CLOSE):
        raise ValueError("damaged seal")
    return data[:at], base64.b64decode(data[at + len(HTML_OPEN): -len(HTML_CLOSE)])


def payload_bytes(seal_json):
    """The signed payload exactly as it appears in the seal JSON (§6): never re-serialised."""
    prefix = b'{"payload":'
    marker = b',"signature":"'
    cut = seal_json.rfind(marker)
    if not seal_json.startswith(prefix) or cut < 0 or not seal_json.endswith(b'"}'):
        raise ValueError("the seal JSON is not {payload, signature}")
    return seal_json[len(prefix):cut], base64.b64decode(seal_json[cut + len(marker):-2])


def verify_seal_json(seal_json, content_sha256=None):
    """Checks a seal's own signatures (payload, log head, checkpoint); returns the payload."""
    signed, signature = payload_bytes(seal_json)
    payload = json.loads(signed)
    if content_sha256 is not None and payload["content_sha256"] != content_sha256:
        raise ValueError("altered: the content's SHA-256 differs from the signed one")
    if not ed25519_ok(base64.b64decode(payload["public_key"]), signature, signed):
        raise ValueError("the payload's signature does not verify")
    head = payload.get("log_head")
    if head:
        head_key = base64.b64decode(head["public_key"])
        message = head_bytes(head["organization_id"], head["tree_size"], head["root_hash"], head["timestamp"])
        if not ed25519_ok(head_key, base64.b64decode(head["signature"]), message):
            raise ValueError("the embedded log head does not verify")
        if "checkpoint" in payload:
            origin, size, root_hash = open_checkpoint(payload["checkpoint"], head_key)
            if (origin, size, root_hash.hex()) != ("attest/" + head["organization_id"].lower(), head["tree_size"], head["root_hash"]):
                raise ValueError("the embedded checkpoint is not the embedded head")
    return payload


def verify_document(data, key_list):
    """(genuine, reason, payload) for a sealed HTML or PDF file against the issuer's key list."""
    try:
        content, seal_json = split_sealed(data)
        payload = verify_seal_json(seal_json, hashlib.sha256(content).hexdigest())
    except ValueError as error:
        return False, str(error), None
    if payload["issuer"] != key_list["organization"]:
        return False, "the key list is not the issuer's", payload
    key = next((k for k in key_list["keys"] if k["public_key"] == payload["public_key"]), None)
    if key is None:
        return False, "signed with a key the issuer does not publish", payload
    if not key_good_at(key, payload["issued_at"]):
        return False, "signed with a key retired before the issue date", payload
    return True, "genuine", payload
