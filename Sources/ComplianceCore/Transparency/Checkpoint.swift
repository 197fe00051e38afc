import Crypto
import Foundation

/// A signed tree head in the C2SP tlog-checkpoint format, as a C2SP signed note, so that witness
/// and verifier tooling written for Go's checksum database or Sigstore can read Attest's logs:
///
///     attest/<organisation id>\n          origin: names the log
///     <tree size, decimal>\n
///     <root hash, standard base64>\n
///     \n
///     — attest/<organisation id> <base64(key id ‖ Ed25519 signature)>\n
///
/// The signature covers the three body lines, final newline included. The key id is the first four
/// bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key); the key name is the origin.
public struct Checkpoint: Sendable, Hashable {
    public let origin: String
    public let treeSize: Int
    public let rootHash: [UInt8]

    public init(origin: String, treeSize: Int, rootHash: [UInt8]) {
        self.origin = origin
        self.treeSize = treeSize
        self.rootHash = rootHash
    }

    public init(_ head: TreeHead) {
        self.init(origin: Self.origin(of: head.organizationID), treeSize: head.treeSize, rootHash: head.rootHash)
    }

    /// The origin line (and key name) of an organisation's log.
    public static func origin(of organizationID: UUID) -> String { "attest/\(organizationID.uuidString.lowercased())" }

    /// The note text the signature covers.
    public var body: String { "\(origin)\n\(treeSize)\n\(Data(rootHash).base64EncodedString())\n" }

    /// The four-byte key id of an Ed25519 key under a key name (C2SP signed-note).
    public static func keyID(name: String, publicKey: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: Array(name.utf8) + [0x0A, 0x01] + publicKey).prefix(4))
    }

    /// The signed note: body, blank line, one signature line.
    public func note(signedWith key: Curve25519.Signing.PrivateKey) throws -> String {
        let publicKey = Array(key.publicKey.rawRepresentation)
        let signature = Array(try key.signature(for: Array(body.utf8)))
        let blob = Data(Self.keyID(name: origin, publicKey: publicKey) + signature).base64EncodedString()
        return body + "\n\u{2014} \(origin) \(blob)\n"
    }

    /// Notes are small; anything larger is not one of ours.
    public static let maxNoteBytes = 16 << 10

    /// Reads a signed note and checks it against `publicKey`: the body must be a checkpoint and a
    /// signature line under the origin's name with the key's id must verify. Throws a sentence that
    /// says what was wrong.
    public static func open(_ note: String, publicKey: [UInt8]) throws(DomainError) -> Checkpoint {
        let bytes = Array(note.utf8)
        guard bytes.count <= maxNoteBytes else { throw .invalid("checkpoint", "a checkpoint is at most \(maxNoteBytes) bytes.") }
        guard !bytes.contains(where: { $0 < 0x20 && $0 != 0x0A }) else {
            throw .invalid("checkpoint", "a signed note holds no control characters other than newline.")
        }
        guard let split = note.range(of: "\n\n", options: .backwards) else {
            throw .invalid("checkpoint", "no blank line separates the checkpoint from its signatures.")
        }
        let body = String(note[..<split.lowerBound]) + "\n"
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard lines.count >= 3, let size = Int(lines[1]), size >= 0, String(size) == lines[1],
            let root = Data(base64Encoded: String(lines[2])), root.count == 32
        else {
            throw .invalid("checkpoint", "the body is not origin, tree size and a base64 SHA-256 root, one per line.")
        }
        let checkpoint = Checkpoint(origin: String(lines[0]), treeSize: size, rootHash: Array(root))
        let expectedID = keyID(name: checkpoint.origin, publicKey: publicKey)
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
            throw .invalid("public_key", "not a 32-byte Ed25519 public key.")
        }
        let signatures = note[split.upperBound...].split(separator: "\n")
        for line in signatures {
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "\u{2014}", let blob = Data(base64Encoded: String(parts[2])) else {
                throw .invalid("checkpoint", "a signature line is not '— <name> <base64>'.")
            }
            guard parts[1] == checkpoint.origin, Array(blob.prefix(4)) == expectedID else { continue }
            guard blob.count == 68, key.isValidSignature(blob.dropFirst(4), for: Array(body.utf8)) else {
                throw .invalid("checkpoint", "the signature of \(checkpoint.origin) on this checkpoint does not verify: it was altered.")
            }
            return checkpoint
        }
        throw .invalid("checkpoint", "no signature by this key (id \(expectedID.hex)) on the checkpoint of \(checkpoint.origin).")
    }
}
