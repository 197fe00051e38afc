import ComplianceCore
import Crypto
import Foundation

/// The key that seals connection credentials. It is never in the database: it comes from
/// `ATTEST_SECRETS_KEY` (base64 of 32 bytes) or from a key file beside it (`secrets.key` in the data
/// directory, made on first use, readable by its owner only), so a copy of the database or a
/// backup of it holds no usable credential without the key, which is kept and backed up apart.
public struct ConnectionKey: Sendable {
    /// The raw key (a `SymmetricKey` is made from it for each use, as that type is not Sendable).
    let bytes: [UInt8]
    var key: SymmetricKey { SymmetricKey(data: bytes) }
    /// The first 8 bytes of the key's SHA-256, hex: names the key without revealing it.
    public let id: String

    public init(bytes: [UInt8]) throws(DomainError) {
        guard bytes.count == 32 else { throw .invalid("secrets_key", "the secrets key must be 32 bytes (it has \(bytes.count)).") }
        self.bytes = bytes
        id = SHA256.hash(data: bytes).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A key that lives only in this process (tests, benchmarks): what it seals opens nowhere else.
    public static func ephemeral() -> ConnectionKey {
        try! ConnectionKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }

    /// The key from the environment, else from `file`, which is created when missing.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment, file: URL) throws -> ConnectionKey {
        if let text = environment["ATTEST_SECRETS_KEY"], !text.isEmpty {
            guard let bytes = Data(base64Encoded: text) else {
                throw DomainError.invalid("secrets_key", "ATTEST_SECRETS_KEY is not base64 (make one with `openssl rand -base64 32`).")
            }
            return try ConnectionKey(bytes: Array(bytes))
        }
        if let data = try? Data(contentsOf: file) {
            guard let bytes = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw DomainError.invalid("secrets_key", "\(file.path) does not hold a base64 key.")
            }
            return try ConnectionKey(bytes: Array(bytes))
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Created with owner-only permissions from the start, never world-readable for a moment.
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: Data(Data(fresh).base64EncodedString().utf8), attributes: [.posixPermissions: 0o600])
        else { throw DomainError.invalid("secrets_key", "cannot write the secrets key to \(file.path).") }
        return try ConnectionKey(bytes: fresh)
    }

    /// Seals `plaintext`, bound to `binding` (organisation and connection ids).
    func seal(_ plaintext: [UInt8], binding: String) throws -> SealedSecret {
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(binding.utf8))
        guard let combined = box.combined else { throw DomainError.invalid("secret", "could not seal the secret.") }
        return SealedSecret(keyID: id, sealed: combined.base64EncodedString())
    }

    /// Opens a sealed secret; a different key, a changed byte or another binding is refused.
    func open(_ secret: SealedSecret, binding: String) throws(DomainError) -> [UInt8] {
        guard secret.keyID == id else {
            throw DomainError(
                .conflict, code: "secrets_key_mismatch",
                "The connection's credentials were sealed with key \(secret.keyID), not this server's \(id); set ATTEST_SECRETS_KEY to that key or enter the credentials again."
            )
        }
        do {
            guard let data = Data(base64Encoded: secret.sealed) else { throw DomainError.invalid("secret", "not base64") }
            let box = try AES.GCM.SealedBox(combined: data)
            return Array(try AES.GCM.open(box, using: key, authenticating: Array(binding.utf8)))
        } catch {
            throw DomainError(.conflict, code: "secret_unreadable", "The connection's credentials do not open with this key; enter them again.")
        }
    }
}
