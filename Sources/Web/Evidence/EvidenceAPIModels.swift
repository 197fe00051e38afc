import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import UseCases

struct VersionBody: Codable {
    let number: Int
    let sha256: String
    let size: Int64
    let contentType: String
    let fileName: String
    let period: String?
    let source: EvidenceSource
    let rowCount: Int?
    let createdAt: Date

    init(_ version: EvidenceVersion) {
        number = version.number
        sha256 = version.sha256
        size = version.size
        contentType = version.contentType
        fileName = version.fileName
        period = version.period?.description
        source = version.source
        rowCount = version.rowCount
        createdAt = version.createdAt
    }
}

struct EvidenceBody: Codable {
    let id: UUID
    let title: String
    let description: String
    let controls: [String]
    let criteria: [String]
    let requests: [String]
    let frequency: Frequency?
    let status: EvidenceStatus
    let reviewer: String?
    let reviewComment: String?
    let createdAt: Date
    let dueAt: Date?
    let expired: Bool
    /// The latest version's digest.
    let sha256: String?
    let latestVersion: VersionBody?
    let versions: [VersionBody]?

    init(_ item: EvidenceItem, versions: [EvidenceVersion]? = nil, now: Date = Date()) {
        id = item.id
        title = item.title
        description = item.description
        controls = item.controls
        criteria = item.criteria
        requests = item.requests
        frequency = item.frequency
        status = item.status
        reviewer = item.reviewer
        reviewComment = item.reviewComment
        createdAt = item.createdAt
        dueAt = item.dueAt
        expired = item.isExpired(at: now)
        sha256 = item.latest?.sha256
        latestVersion = item.latest.map(VersionBody.init)
        self.versions = versions?.map(VersionBody.init)
    }
}

struct EvidenceResponse: ResponseEncodable { let evidence: EvidenceBody }

struct ReviewRequest: StrictBody {
    static let fields: Set<String> = ["status", "comment"]
    let status: EvidenceStatus
    let comment: String?
}

struct TreeHeadBody: ResponseEncodable {
    let treeSize: Int
    let rootHash: String
    let timestamp: Int64
    let signature: String
    let publicKey: String

    init(_ stored: StoredTreeHead) {
        treeSize = stored.head.treeSize
        rootHash = stored.head.rootHash.hex
        timestamp = stored.head.timestamp
        signature = Data(stored.head.signature).base64EncodedString()
        publicKey = Data(stored.publicKey).base64EncodedString()
    }
}

struct LeavesBody: ResponseEncodable {
    let start: Int
    let leaves: [String]
}

extension InclusionProofDocument: ResponseEncodable {}
extension ConsistencyProofDocument: ResponseEncodable {}

struct EvidenceProofBody: ResponseEncodable {
    let version: Int
    let sha256: String
    let leafIndex: Int
    /// Base64 of the leaf bytes: the log entry that recorded this version.
    let leaf: String
    let auditPath: [String]
    let head: TreeHeadBody
    let verified: Bool
}
