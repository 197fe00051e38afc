import ComplianceCore
import Crypto
import Foundation

/// Each organisation's Ed25519 signing key, one file per organisation in a key directory
/// (`<data-dir>/keys/<org-id>.ed25519`, base64 of the 32-byte private key, mode 0600).
/// Made on first use; two processes racing to make it agree on whichever file landed first.
/// A rotated key is kept beside it as `<org-id>.<first 16 hex of its fingerprint>.retired.ed25519`,
/// so that checkpoints of heads it signed can still be served.
public struct SigningKeys: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func key(for organizationID: UUID) throws -> Curve25519.Signing.PrivateKey {
        let file = keyFile(organizationID)
        if let existing = try read(file) { return existing }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = Curve25519.Signing.PrivateKey()
        guard try writeNew(key, to: file) else {
            if let existing = try read(file) { return existing }
            throw DomainError(.invalid, code: "key_unwritable", "Cannot create the signing key \(file.path): it is being written by another process.")
        }
        return key
    }

    /// The public key of an organisation that already has one; never makes a key (for checkers).
    public func existingPublicKey(for organizationID: UUID) throws -> [UInt8]? {
        try read(keyFile(organizationID)).map { Array($0.publicKey.rawRepresentation) }
    }

    private func read(_ file: URL) throws -> Curve25519.Signing.PrivateKey? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // A file being written by another process may still be empty.
        if text.isEmpty { return nil }
        guard let raw = Data(base64Encoded: text), let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw DomainError(.invalid, code: "key_corrupt", "The signing key \(file.path) is not a base64 Ed25519 private key.")
        }
        return key
    }

    /// Replaces the organisation's key with a new one, keeping the old one as retired. Returns the
    /// new key.
    public func rotate(for organizationID: UUID) throws -> Curve25519.Signing.PrivateKey {
        let current = try key(for: organizationID)
        let file = keyFile(organizationID)
        let retired = directory.appendingPathComponent(
            "\(organizationID.uuidString.lowercased()).\(Digest.sha256Hex(current.publicKey.rawRepresentation).prefix(16)).retired.ed25519")
        if !FileManager.default.fileExists(atPath: retired.path) {
            try FileManager.default.copyItem(at: file, to: retired)
        }
        let key = Curve25519.Signing.PrivateKey()
        let staging = directory.appendingPathComponent(".\(UUID().uuidString).ed25519")
        guard try writeNew(key, to: staging) else {
            throw DomainError(
                .invalid, code: "key_unwritable", "Cannot write a new signing key in \(directory.path): \(staging.lastPathComponent) exists.")
        }
        // rename(2) replaces the current key in one step: a reader sees the old key or the new one.
        guard rename(staging.path, file.path) == 0 else {
            throw DomainError(.invalid, code: "key_unwritable", "Cannot replace \(file.path): \(String(cString: strerror(errno))).")
        }
        return key
    }

    /// The private key (current or retired) whose public key is `publicKey`, if this directory holds it.
    public func privateKey(matching publicKey: [UInt8]) throws -> Curve25519.Signing.PrivateKey? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasSuffix(".ed25519") && !name.hasPrefix(".") {
            if let key = try read(directory.appendingPathComponent(name)), Array(key.publicKey.rawRepresentation) == publicKey { return key }
        }
        return nil
    }

    /// Writes a key file that must not exist yet (mode 0600, synced); false when it already exists,
    /// which is how two processes racing to make the same key learn that the other won.
    private func writeNew(_ key: Curve25519.Signing.PrivateKey, to file: URL) throws -> Bool {
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw DomainError(.invalid, code: "key_unwritable", "Cannot create the signing key \(file.path): \(String(cString: strerror(errno))).")
        }
        let text = Data(key.rawRepresentation).base64EncodedString() + "\n"
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        fsync(descriptor)
        close(descriptor)
        return true
    }

    private func keyFile(_ organizationID: UUID) -> URL {
        directory.appendingPathComponent("\(organizationID.uuidString.lowercased()).ed25519")
    }
}
