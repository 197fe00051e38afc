import ComplianceCore
import FluentKit
import Foundation

final class OrganizationModel: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID, slug: String, name: String, kind: String, createdAt: Date) {
        self.id = id
        self.slug = slug
        self.name = name
        self.kind = kind
        self.createdAt = createdAt
    }

    func domain() throws -> Organization {
        guard let kind = OrganizationKind(rawValue: kind) else { throw StoredDataError("organizations.kind", kind) }
        return Organization(id: try requireID(), slug: try Slug(slug), name: name, kind: kind, createdAt: createdAt.roundedToMilliseconds)
    }
}

/// A stored value that the domain does not accept: the database was changed outside Attest.
struct StoredDataError: Error, CustomStringConvertible {
    let column: String
    let value: String

    init(_ column: String, _ value: String) {
        self.column = column
        self.value = value
    }

    var description: String { "Stored value '\(value)' in \(column) is not valid; the database was changed outside Attest." }
}
