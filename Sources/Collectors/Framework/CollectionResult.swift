import ComplianceCore
import Foundation

/// What one run of a connector found, before it is stored: the verdicts, the calls made, and the
/// listings an auditor may freeze as populations.
public struct CollectionResult: Sendable {
    public let connector: String
    public let connectorVersion: String
    public let account: String
    public let regions: [String]
    public let startedAt: Date
    public let finishedAt: Date
    public let calls: [APICallCount]
    public let outcomes: [CheckOutcome]
    public let listings: [Listing]

    public init(
        connector: String, connectorVersion: String, account: String, regions: [String], startedAt: Date, finishedAt: Date,
        calls: [APICallCount], outcomes: [CheckOutcome], listings: [Listing]
    ) {
        self.connector = connector
        self.connectorVersion = connectorVersion
        self.account = account
        self.regions = regions
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.calls = calls
        self.outcomes = outcomes
        self.listings = listings
    }

    /// One sentence per check that ended in `error`.
    public var errors: [String] { outcomes.compactMap { $0.status == .error ? "\($0.check.id): \($0.reason ?? "no answer")" : nil } }
}

/// A full listing from the source (users, members), with how it was asked and, where the source
/// counts for itself, its own total: an auditor compares the two to accept the listing as complete.
public struct Listing: Sendable {
    public let name: String
    public let title: String
    public let columns: [String]
    public let rows: [[String]]
    public let query: String
    public let sourceCount: Int?
    public let sourceCountQuery: String?
    /// The listing as a system's accounts, where it is one (IAM users, GitHub members, the
    /// directory's users): stored as that system's newest account listing for the reconciliation.
    public let accounts: [SystemAccount]?

    public init(
        name: String, title: String, columns: [String], rows: [[String]], query: String, sourceCount: Int?, sourceCountQuery: String?,
        accounts: [SystemAccount]? = nil
    ) {
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
        self.query = query
        self.sourceCount = sourceCount
        self.sourceCountQuery = sourceCountQuery
        self.accounts = accounts
    }

    public var csv: String { ([columns] + rows).map(CSV.line).joined() }
}
