import Crypto
import Foundation

/// A signed statement of an organisation's log at one moment: its size and root hash.
///
/// The signature is Ed25519 over `signedBytes`, exactly these UTF-8 bytes, each line ending in `\n`:
///
///     attest-tree-head-v1
///     <organisation id, lowercase UUID>
///     <tree size, decimal>
///     <root hash, 64 lowercase hex digits>
///     <timestamp, milliseconds since 1970-01-01T00:00:00Z, decimal>
public struct TreeHead: Codable, Sendable, Hashable {
    public let organizationID: UUID
    public let treeSize: Int
    public let rootHash: [UInt8]
    /// Milliseconds since the Unix epoch.
    public let timestamp: Int64
    public let signature: [UInt8]

    public init(organizationID: UUID, treeSize: Int, rootHash: [UInt8], timestamp: Int64, signature: [UInt8]) {
        self.organizationID = organizationID
        self.treeSize = treeSize
        self.rootHash = rootHash
        self.timestamp = timestamp
        self.signature = signature
    }

    public static func signedBytes(organizationID: UUID, treeSize: Int, rootHash: [UInt8], timestamp: Int64) -> [UInt8] {
        Array("attest-tree-head-v1\n\(organizationID.uuidString.lowercased())\n\(treeSize)\n\(rootHash.hex)\n\(timestamp)\n".utf8)
    }

    public var signedBytes: [UInt8] {
        Self.signedBytes(organizationID: organizationID, treeSize: treeSize, rootHash: rootHash, timestamp: timestamp)
    }

    /// Signs a head with the organisation's key.
    public static func sign(organizationID: UUID, treeSize: Int, rootHash: [UInt8], at date: Date, with key: Curve25519.Signing.PrivateKey) throws
        -> TreeHead
    {
        let timestamp = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let bytes = signedBytes(organizationID: organizationID, treeSize: treeSize, rootHash: rootHash, timestamp: timestamp)
        return TreeHead(
            organizationID: organizationID, treeSize: treeSize, rootHash: rootHash, timestamp: timestamp,
            signature: Array(try key.signature(for: bytes)))
    }

    public func verifySignature(with publicKey: Curve25519.Signing.PublicKey) -> Bool {
        publicKey.isValidSignature(signature, for: signedBytes)
    }

    public var date: Date { Date(timeIntervalSince1970: Double(timestamp) / 1000) }
}

extension Array where Element == UInt8 {
    /// Bytes from hexadecimal text; nil when the text is not even-length hex.
    public init?(hex text: String) {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        self = bytes
    }
}
