import Foundation

/// A person who signs in. Credentials live in persistence, never in this value.
public struct User: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let email: EmailAddress
    public let name: String
    public let totpEnabled: Bool
    public let createdAt: Date

    public init(id: UUID, email: EmailAddress, name: String, totpEnabled: Bool, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.totpEnabled = totpEnabled
        self.createdAt = createdAt
    }
}

/// An email address, trimmed and lowercased, with a plausible shape (local@domain.tld).
public struct EmailAddress: Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(_ raw: String) throws(DomainError) {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let wellFormed =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && value.count <= 254
            && !value.unicodeScalars.contains { $0.properties.isWhitespace || $0.properties.generalCategory == .control }
        guard wellFormed else { throw .invalid("email", "'\(raw.prefix(80))' is not a valid email address.") }
        rawValue = value
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}
