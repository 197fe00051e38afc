import Foundation

/// The two kinds of tenant: the company being examined, and the CPA firm examining it.
public enum OrganizationKind: String, Codable, Sendable, CaseIterable {
    case serviceOrganization = "service_organization"
    case auditFirm = "audit_firm"

    public var displayName: String {
        switch self {
        case .serviceOrganization: "Service organisation"
        case .auditFirm: "Audit firm"
        }
    }
}

/// A tenant. Every piece of tenant data belongs to exactly one organisation.
public struct Organization: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let slug: Slug
    public let name: String
    public let kind: OrganizationKind
    public let createdAt: Date

    public init(id: UUID, slug: Slug, name: String, kind: OrganizationKind, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.kind = kind
        self.createdAt = createdAt
    }

    /// Checks a display name: trimmed, 1 to 200 characters, no control characters.
    public static func validName(_ raw: String, field: String = "name") throws(DomainError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw .invalid(field, "must not be empty.") }
        // Counted as JSON Schema's maxLength counts (code points, before trimming), so the
        // published limit and this one agree on every string.
        guard raw.unicodeScalars.count <= 200 else { throw .invalid(field, "must be at most 200 characters.") }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalid(field, "must not contain control characters.")
        }
        return name
    }
}

/// A URL-safe organisation handle: lowercase letters, digits and inner hyphens, 2 to 63 characters.
///
/// Slugs appear in paths (`/api/v1/orgs/{slug}`), so `/`, `..`, spaces and anything else are refused.
public struct Slug: Codable, Sendable, Hashable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init(_ raw: String) throws(DomainError) {
        let allowed = raw.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        guard allowed, (2...63).contains(raw.count), !raw.hasPrefix("-"), !raw.hasSuffix("-") else {
            throw .invalid(
                "slug",
                "'\(raw.prefix(80))' is not a valid slug: use 2 to 63 lowercase letters, digits and inner hyphens."
            )
        }
        rawValue = raw
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        try self.init(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (lhs: Slug, rhs: Slug) -> Bool { lhs.rawValue < rhs.rawValue }
}
