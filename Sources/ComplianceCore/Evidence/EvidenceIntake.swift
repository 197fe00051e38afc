import Foundation

/// What a new evidence item says about itself.
public struct NewEvidence: Sendable {
    public var title: String
    public var description: String = ""
    public var controls: [String] = []
    public var criteria: [String] = []
    public var requests: [String] = []
    public var frequency: Frequency?

    public init(
        title: String, description: String = "", controls: [String] = [], criteria: [String] = [], requests: [String] = [],
        frequency: Frequency? = nil
    ) {
        self.title = title
        self.description = description
        self.controls = controls
        self.criteria = criteria
        self.requests = requests
        self.frequency = frequency
    }
}

/// A stored blob to attach as a version: already durable in the blob store.
public struct AttachedBlob: Sendable {
    public let sha256: String
    public let size: Int64
    public let contentType: String
    public let fileName: String
    public let period: EvidencePeriod?
    public let source: EvidenceSource
    public let rowCount: Int?

    public init(sha256: String, size: Int64, contentType: String, fileName: String, period: EvidencePeriod?, source: EvidenceSource, rowCount: Int?) {
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.fileName = fileName
        self.period = period
        self.source = source
        self.rowCount = rowCount
    }
}

extension EvidenceItem {
    /// A new item as its uploader describes it, checked once: a title of 1 to 200 characters and a
    /// description cut at 10,000.
    public static func new(_ new: NewEvidence, organizationID: UUID, now: Date) throws(DomainError) -> EvidenceItem {
        EvidenceItem(
            id: UUID(), organizationID: organizationID, title: try Organization.validName(new.title, field: "title"),
            description: String(new.description.prefix(10_000)), controls: new.controls, criteria: new.criteria, requests: new.requests,
            frequency: new.frequency, status: .notReady, reviewer: nil, reviewComment: nil, createdAt: now.roundedToMilliseconds, latest: nil)
    }
}

extension EvidenceItem {
    /// A new version is new content: a review of the old content no longer speaks for it, so an
    /// approved or flagged item goes back to waiting for review. Returns whether anything changed.
    public mutating func resetReviewForNewVersion() -> Bool {
        guard status == .approved || status == .flagged else { return false }
        status = .ready
        reviewer = nil
        reviewComment = nil
        return true
    }
}
