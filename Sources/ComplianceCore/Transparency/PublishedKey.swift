import Foundation

/// One of an organisation's signing keys as the world may know it: published in the organisation's
/// own log (entity `signing_key`) when first used, closed when rotated, listed at
/// `/.well-known/attest/keys/{org}` so that anyone can check heads, checkpoints and seals.
public struct PublishedKey: Codable, Sendable, Hashable, Identifiable {
    public let algorithm: String
    /// Standard base64 of the 32-byte Ed25519 public key.
    public let publicKey: String
    /// `sha256:` and the SHA-256 of the 32 key bytes, in hex.
    public let fingerprint: String
    /// The C2SP signed-note key id under the log's origin, in hex (what checkpoint signatures carry).
    public let noteKeyID: String
    public let validFrom: Date
    public var validUntil: Date?

    public var id: String { fingerprint }

    public init(publicKey: [UInt8], organizationID: UUID, validFrom: Date, validUntil: Date? = nil) {
        algorithm = "Ed25519"
        self.publicKey = Data(publicKey).base64EncodedString()
        fingerprint = Self.fingerprint(publicKey)
        noteKeyID = Checkpoint.keyID(name: Checkpoint.origin(of: organizationID), publicKey: publicKey).hex
        self.validFrom = validFrom.roundedToMilliseconds
        self.validUntil = validUntil?.roundedToMilliseconds
    }

    public static func fingerprint(_ publicKey: [UInt8]) -> String { "sha256:\(Digest.sha256Hex(publicKey))" }

    public var keyBytes: [UInt8] { Array(Data(base64Encoded: publicKey) ?? Data()) }

    /// Whether the key was the organisation's signing key at `date`.
    public func covers(_ date: Date) -> Bool { validUntil.map { date <= $0 } ?? true }

    enum CodingKeys: String, CodingKey {
        case algorithm, fingerprint
        case publicKey = "public_key"
        case noteKeyID = "note_key_id"
        case validFrom = "valid_from"
        case validUntil = "valid_until"
    }
}

/// The document at `/.well-known/attest/keys/{org}`, and what `--keys` reads.
public struct PublishedKeyList: Codable, Sendable, Hashable {
    public let format: String
    public let organization: String
    /// Lowercase, as in the log's origin.
    public let organizationID: String
    public let name: String
    public let origin: String
    public let keys: [PublishedKey]

    public static let formatName = "attest-keys-v1"

    public init(organization: String, organizationID: UUID, name: String, keys: [PublishedKey]) {
        format = Self.formatName
        self.organization = organization
        self.organizationID = organizationID.uuidString.lowercased()
        self.name = name
        origin = Checkpoint.origin(of: organizationID)
        self.keys = keys
    }

    /// The listed key with these bytes, if any.
    public func key(_ bytes: [UInt8]) -> PublishedKey? {
        let fingerprint = PublishedKey.fingerprint(bytes)
        return keys.first { $0.fingerprint == fingerprint }
    }

    enum CodingKeys: String, CodingKey {
        case format, organization, name, origin, keys
        case organizationID = "organization_id"
    }
}
