import Foundation

/// One run of a connector's checks against one account: who or what started it, what it asked the
/// source, how long it took, what broke and what each check found. The findings themselves are
/// evidence versions (`evidence`); the run keeps the verdicts so monitors can chart them.
public struct CollectorRun: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let organizationID: UUID
    /// `aws`, `github`, `okta`, `google`.
    public let connector: String
    public let connectorVersion: String
    /// The AWS account id, the GitHub organisation, the identity provider's domain.
    public let account: String
    public let regions: [String]
    /// `user:<uuid>`, `cli:<name>`, `scheduler`, `demo`.
    public let startedBy: String
    public let startedAt: Date
    public let finishedAt: Date
    /// Calls made, by service and action (`iam:ListUsers`), with how many were retried.
    public let calls: [APICallCount]
    /// Failures that cost a check its verdict, one sentence each; a secret never appears here.
    public let errors: [String]
    public let checks: [CheckSummary]
    /// Full listings kept as evidence (IAM users, members), for populations.
    public let listings: [ListingSummary]
    /// Recorded by the demo seed, not collected from a live account.
    public let demo: Bool

    public init(
        id: UUID = UUID(), organizationID: UUID, connector: String, connectorVersion: String, account: String, regions: [String],
        startedBy: String, startedAt: Date, finishedAt: Date, calls: [APICallCount], errors: [String], checks: [CheckSummary],
        listings: [ListingSummary] = [], demo: Bool = false
    ) {
        self.id = id
        self.organizationID = organizationID
        self.connector = connector
        self.connectorVersion = connectorVersion
        self.account = account
        self.regions = regions
        self.startedBy = startedBy
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.calls = calls
        self.errors = errors
        self.checks = checks
        self.listings = listings
        self.demo = demo
    }

    public var callCount: Int { calls.total }
    public var duration: TimeInterval { finishedAt.timeIntervalSince(startedAt) }

    public func summary(of check: String) -> CheckSummary? { checks.first { $0.check == check } }
}

/// How often one API action was called in a run.
public struct APICallCount: Codable, Sendable, Hashable {
    /// `iam:ListUsers`, `s3:GetBucketEncryption`, `github:GET /orgs/{org}/members`.
    public let action: String
    public let count: Int
    public let retries: Int

    public init(action: String, count: Int, retries: Int) {
        self.action = action
        self.count = count
        self.retries = retries
    }
}

extension [APICallCount] {
    /// Calls made in all, retries included.
    public var total: Int { reduce(0) { $0 + $1.count } }
}

/// A check's verdict in a run, and the evidence item its findings were stored in.
public struct CheckSummary: Codable, Sendable, Hashable {
    public let check: String
    public let status: CheckStatus
    public let resources: Int
    public let failing: Int
    public let reason: String?
    public let evidenceID: UUID?
    /// The failing resources' ARNs, so a monitor can tell a muted finding from an open one (nil in
    /// runs recorded before they were kept).
    public let failingResources: [String]?

    public init(
        check: String, status: CheckStatus, resources: Int, failing: Int, reason: String?, evidenceID: UUID?, failingResources: [String]? = nil
    ) {
        self.check = check
        self.status = status
        self.resources = resources
        self.failing = failing
        self.reason = reason
        self.evidenceID = evidenceID
        self.failingResources = failingResources
    }

    /// The verdict of a check's outcome, with its failing resources by ARN.
    public init(_ outcome: CheckOutcome, evidenceID: UUID?) {
        self.init(
            check: outcome.check.id, status: outcome.status, resources: outcome.resources.count, failing: outcome.failing.count,
            reason: outcome.reason, evidenceID: evidenceID, failingResources: outcome.failing.map(\.arn))
    }
}

/// A listing stored as evidence, with the source's own count beside the rows it returned.
public struct ListingSummary: Codable, Sendable, Hashable {
    public let name: String
    public let title: String
    public let rows: Int
    public let sourceCount: Int?
    public let evidenceID: UUID

    public init(name: String, title: String, rows: Int, sourceCount: Int?, evidenceID: UUID) {
        self.name = name
        self.title = title
        self.rows = rows
        self.sourceCount = sourceCount
        self.evidenceID = evidenceID
    }

    /// The listing holds as many rows as the source says it has.
    public var complete: Bool? { sourceCount.map { $0 == rows } }
}
