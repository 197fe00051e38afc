import Foundation

/// Where a review stands.
public enum EvidenceStatus: String, Codable, Sendable, CaseIterable {
    case notReady = "not_ready"
    case ready, approved, flagged
    case notApplicable = "not_applicable"
}

/// How a version came to exist: uploaded by a person, collected by a program, or imported.
public struct EvidenceSource: Codable, Sendable, Hashable {
    /// `auditor`: a population the engagement's auditor pulled from the system and uploaded themselves.
    public enum Kind: String, Codable, Sendable { case upload, collector, `import`, auditor }

    public let kind: Kind
    /// The person who uploaded it or ran the import (`user:<uuid>`, `cli:<name>`).
    public let actor: String
    public let collector: String?
    public let collectorVersion: String?
    /// The query, command or filter that produced it, for the auditor to re-perform.
    public let method: String?

    public init(kind: Kind, actor: String, collector: String? = nil, collectorVersion: String? = nil, method: String? = nil) {
        self.kind = kind
        self.actor = actor
        self.collector = collector
        self.collectorVersion = collectorVersion
        self.method = method
    }
}

/// One stored file of an evidence item. Versions are never changed; a new upload is a new version.
public struct EvidenceVersion: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let itemID: UUID
    public let number: Int
    public let sha256: String
    public let size: Int64
    /// Sniffed from the bytes, never taken from the client.
    public let contentType: String
    /// Sanitised: no path, no control characters.
    public let fileName: String
    public let period: EvidencePeriod?
    public let source: EvidenceSource
    /// For populations: the number of data rows.
    public let rowCount: Int?
    public let createdAt: Date

    public init(
        id: UUID, itemID: UUID, number: Int, sha256: String, size: Int64, contentType: String, fileName: String,
        period: EvidencePeriod?, source: EvidenceSource, rowCount: Int?, createdAt: Date
    ) {
        self.id = id
        self.itemID = itemID
        self.number = number
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.fileName = fileName
        self.period = period
        self.source = source
        self.rowCount = rowCount
        self.createdAt = createdAt
    }
}

/// A piece of evidence: what it is, what it serves, its review, and its versions.
public struct EvidenceItem: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let organizationID: UUID
    public var title: String
    public var description: String
    /// Control ids it serves, e.g. `AC-01`.
    public var controls: [String]
    /// Criteria it serves, by exact id.
    public var criteria: [String]
    /// Request-list item ids it answers.
    public var requests: [String]
    public var frequency: Frequency?
    public var status: EvidenceStatus
    public var reviewer: String?
    public var reviewComment: String?
    public let createdAt: Date
    public var latest: EvidenceVersion?

    public init(
        id: UUID, organizationID: UUID, title: String, description: String, controls: [String], criteria: [String],
        requests: [String], frequency: Frequency?, status: EvidenceStatus, reviewer: String?, reviewComment: String?,
        createdAt: Date, latest: EvidenceVersion?
    ) {
        self.id = id
        self.organizationID = organizationID
        self.title = title
        self.description = description
        self.controls = controls
        self.criteria = criteria
        self.requests = requests
        self.frequency = frequency
        self.status = status
        self.reviewer = reviewer
        self.reviewComment = reviewComment
        self.createdAt = createdAt
        self.latest = latest
    }

    /// When the evidence must be renewed: the end of what it evidences (or its upload) plus the
    /// frequency's interval. Nil without a frequency or a version.
    public var dueAt: Date? {
        guard let frequency, let latest else { return nil }
        let interval = frequency.freshFor
        return Timestamp.adding(months: interval.months, days: interval.days, to: latest.period?.end ?? latest.createdAt)
    }

    public func isExpired(at now: Date) -> Bool {
        dueAt.map { $0 < now } ?? false
    }
}
