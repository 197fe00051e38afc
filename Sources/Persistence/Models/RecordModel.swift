import FluentKit
import Foundation

/// A row of `programme_records`: one domain value as canonical JSON.
final class RecordModel: Model, @unchecked Sendable {
    static let schema = "programme_records"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "kind") var kind: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @Field(key: "key") var key: String
    @Field(key: "document") var document: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}
