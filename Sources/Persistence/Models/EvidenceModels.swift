import ComplianceCore
import FluentKit
import Foundation

final class EvidenceItemModel: Model, @unchecked Sendable {
    static let schema = "evidence_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    /// JSON arrays of ids.
    @Field(key: "controls") var controls: String
    @Field(key: "criteria") var criteria: String
    @Field(key: "requests") var requests: String
    @OptionalField(key: "frequency") var frequency: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "reviewer") var reviewer: String?
    @OptionalField(key: "review_comment") var reviewComment: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ item: EvidenceItem) {
        id = item.id
        organizationID = item.organizationID
        createdAt = item.createdAt
        apply(item)
    }

    func apply(_ item: EvidenceItem) {
        title = item.title
        description = item.description
        controls = JSONList.encode(item.controls)
        criteria = JSONList.encode(item.criteria)
        requests = JSONList.encode(item.requests)
        frequency = item.frequency?.rawValue
        status = item.status.rawValue
        reviewer = item.reviewer
        reviewComment = item.reviewComment
    }

    func domain(latest: EvidenceVersion?) throws -> EvidenceItem {
        guard let status = EvidenceStatus(rawValue: status) else { throw StoredDataError("evidence_items.status", status) }
        return EvidenceItem(
            id: try requireID(), organizationID: organizationID, title: title, description: description,
            controls: JSONList.decode(controls), criteria: JSONList.decode(criteria), requests: JSONList.decode(requests),
            frequency: frequency.flatMap(Frequency.init(rawValue:)), status: status, reviewer: reviewer,
            reviewComment: reviewComment, createdAt: createdAt.roundedToMilliseconds, latest: latest)
    }
}

final class EvidenceVersionModel: Model, @unchecked Sendable {
    static let schema = "evidence_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "item_id") var itemID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "number") var number: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "size") var size: Int64
    @Field(key: "content_type") var contentType: String
    @Field(key: "file_name") var fileName: String
    @OptionalField(key: "period_start") var periodStart: Date?
    @OptionalField(key: "period_end") var periodEnd: Date?
    /// The `EvidenceSource` as canonical JSON.
    @Field(key: "source") var source: String
    @OptionalField(key: "row_count") var rowCount: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ version: EvidenceVersion, organizationID: UUID) throws {
        id = version.id
        itemID = version.itemID
        self.organizationID = organizationID
        number = version.number
        sha256 = version.sha256
        size = version.size
        contentType = version.contentType
        fileName = version.fileName
        periodStart = version.period?.start
        periodEnd = version.period?.end
        source = String(decoding: try CanonicalJSON.encode(version.source), as: UTF8.self)
        rowCount = version.rowCount
        createdAt = version.createdAt
    }

    func domain() throws -> EvidenceVersion {
        let period = try periodStart.flatMap { start in
            try periodEnd.map { try EvidencePeriod(start: start.roundedToMilliseconds, end: $0.roundedToMilliseconds) }
        }
        return EvidenceVersion(
            id: try requireID(), itemID: itemID, number: number, sha256: sha256, size: size, contentType: contentType,
            fileName: fileName, period: period, source: try JSONDecoder().decode(EvidenceSource.self, from: Data(source.utf8)),
            rowCount: rowCount, createdAt: createdAt.roundedToMilliseconds)
    }
}

final class TreeHeadModel: Model, @unchecked Sendable {
    static let schema = "tree_heads"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "tree_size") var treeSize: Int64
    @Field(key: "root_hash") var rootHash: String
    @Field(key: "timestamp_ms") var timestamp: Int64
    @Field(key: "signature") var signature: String
    @Field(key: "public_key") var publicKey: String

    init() {}
}

/// Lists of ids stored as JSON arrays in one text column.
enum JSONList {
    static func encode(_ list: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
