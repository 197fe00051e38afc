import ComplianceCore
import Crypto
import Foundation

/// Each organisation's Ed25519 signing key, one file per organisation in a key directory
/// (`<data-dir>/keys/<org-id>.ed25519`, base64 of the 32-byte private key, mode 0600).
/// Made on first use; two processes racing to make it agree on whichever file landed first.
public struct SigningKeys: Sendable {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func key(for organizationID: UUID) throws -> Curve25519.Signing.PrivateKey {
        let file = directory.appendingPathComponent("\(organizationID.uuidString.lowercased()).ed25519")
        if let existing = try read(file) { return existing }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = Curve25519.Signing.PrivateKey()
        let text = Data(key.rawRepresentation).base64EncodedString() + "\n"
        let descriptor = open(file.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor < 0 {
            if errno == EEXIST, let existing = try read(file) { return existing }
            throw DomainError(.invalid, code: "key_unwritable", "Cannot create the signing key \(file.path): \(String(cString: strerror(errno))).")
        }
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        fsync(descriptor)
        close(descriptor)
        return key
    }

    /// The public key of an organisation that already has one; never makes a key (for checkers).
    public func existingPublicKey(for organizationID: UUID) throws -> [UInt8]? {
        let file = directory.appendingPathComponent("\(organizationID.uuidString.lowercased()).ed25519")
        return try read(file).map { Array($0.publicKey.rawRepresentation) }
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
}
