import Collectors
import ComplianceCore
import EvidenceStore
import Foundation
import Persistence

/// Stores what a collector found: every check's findings as a new version of that check's evidence
/// item (JSON, with the run's provenance), one CSV of every finding, each listing as CSV evidence,
/// and then the run record the monitors read. Evidence goes through the locker, so the
/// transparency log covers every result.
public struct CollectionWorkflow: Sendable {
    let records: any RecordStorage
    let intake: EvidenceService

    public init(records: any RecordStorage, intake: EvidenceService) {
        self.records = records
        self.intake = intake
    }

    /// Decides the right to run collectors, before any source is called.
    public func permit(_ scope: TenantScope) throws(DomainError) -> EvidenceService.Permit {
        try scope.require(.runCollectors)
        return try intake.permit(scope)
    }

    /// Records a finished run. The blobs are durable before any record names them; the run record
    /// is written last, so a run that fails half way leaves evidence but no run claiming it.
    public func record(
        _ result: CollectionResult, permit: EvidenceService.Permit, demo: Bool = false, now: Date = Date()
    ) async throws -> CollectorRun {
        let scope = permit.scope
        let runID = UUID()
        let previous = try await runs(in: scope).last { $0.connector == result.connector && $0.account == result.account }
        let period = try EvidencePeriod(start: result.startedAt, end: max(result.startedAt, result.finishedAt))
        let source = EvidenceSource(
            kind: .collector, actor: scope.actor.description, collector: result.connector, collectorVersion: result.connectorVersion,
            method: "attest collect \(result.connector), run \(runID.uuidString.lowercased()); \(result.calls.total) API calls")
        var summaries: [CheckSummary] = []
        for outcome in result.outcomes {
            let document: [UInt8] = CollectionDocument.check(outcome, of: result, runID: runID, demo: demo)
            let item = try await store(
                document, fileName: "\(outcome.check.id).json", title: "\(Self.label(result)) · \(outcome.check.id)",
                description: outcome.check.title, criteria: outcome.check.criteria.map(\.criterion),
                previous: previous?.summary(of: outcome.check.id)?.evidenceID, period: period, source: source, permit: permit, now: now)
            summaries.append(CheckSummary(outcome, evidenceID: item.id))
        }
        let findingsID = previous?.listings.first { $0.name == "findings" }?.evidenceID
        let findings = try await store(
            Array(CollectionDocument.findingsCSV(result).utf8), fileName: "\(result.connector)-findings.csv",
            title: "\(Self.label(result)) · all findings", description: "Every resource each check judged in the run, one row each.",
            criteria: Array(Set(result.outcomes.flatMap { $0.check.criteria.map(\.criterion) })).sorted(), previous: findingsID, period: period,
            source: source, permit: permit, now: now, rows: result.outcomes.reduce(0) { $0 + $1.resources.count })
        var listings = [
            ListingSummary(name: "findings", title: "All findings", rows: findings.latest?.rowCount ?? 0, sourceCount: nil, evidenceID: findings.id)
        ]
        for listing in result.listings {
            let item = try await store(
                Array(listing.csv.utf8), fileName: "\(listing.name).csv", title: listing.title,
                description: "Query: \(listing.query)."
                    + (listing.sourceCount.map {
                        " The source counts \($0) (\(listing.sourceCountQuery ?? "")); the listing has \(listing.rows.count) rows."
                    } ?? ""),
                criteria: [], previous: previous?.listings.first { $0.name == listing.name }?.evidenceID, period: period, source: source,
                permit: permit, now: now, rows: listing.rows.count)
            listings.append(
                ListingSummary(
                    name: listing.name, title: listing.title, rows: listing.rows.count, sourceCount: listing.sourceCount, evidenceID: item.id))
        }
        let run = CollectorRun(
            id: runID, organizationID: scope.organizationID, connector: result.connector, connectorVersion: result.connectorVersion,
            account: result.account, regions: result.regions, startedBy: scope.actor.description, startedAt: result.startedAt,
            finishedAt: result.finishedAt, calls: result.calls, errors: result.errors, checks: summaries, listings: listings, demo: demo)
        let accountListings = Self.accountListings(of: result, runID: runID)
        try await records.write { transaction in
            try await transaction.save(
                .collectorRun, run, id: runID, organization: scope.organizationID, parent: nil, key: runID.uuidString.lowercased(),
                action: "collector_run.recorded", actor: scope.actor, now: now)
            for listing in accountListings {
                try await transaction.save(
                    .accountListing, listing, id: listing.id, organization: scope.organizationID, parent: nil,
                    key: listing.id.uuidString.lowercased(), action: "accounts.collected", actor: scope.actor, now: now)
            }
            let earlier = try await transaction.all(.collectorRun, organization: scope.organizationID).filter { $0.id != runID }
            let troubled = MonitorAlerts.newlyTroubled(
                by: run, earlier: earlier, monitors: try await transaction.all(.monitor, organization: scope.organizationID),
                mutes: try await transaction.all(.findingMute, organization: scope.organizationID), now: max(now, run.finishedAt))
            try await MonitorAlerts.notify(troubled, run: run, scope: scope, on: transaction, now: now)
        }
        return run
    }

    /// The run's account listings as systems for the leavers' reconciliation: `okta`, `google`,
    /// `github`, and `aws-<account>` (one AWS account is one system).
    static func accountListings(of result: CollectionResult, runID: UUID) -> [AccountListing] {
        result.listings.compactMap { listing in
            listing.accounts.map { accounts in
                AccountListing(
                    system: result.connector == "aws" ? "aws-\(result.account)" : result.connector, takenAt: result.startedAt.roundedToMilliseconds,
                    source: "collector \(result.connector) \(result.connectorVersion), run \(runID.uuidString.lowercased())", query: listing.query,
                    digest: Digest.sha256Hex(Array(listing.csv.utf8)), accounts: accounts)
            }
        }
    }

    /// Stores runs made up by the demo seed, without evidence, to give the monitors a history.
    /// Only runs marked `demo` are taken: a real run always comes with its evidence, through `record`.
    public func recordDemoHistory(_ history: [CollectorRun], permit: EvidenceService.Permit, now: Date = Date()) async throws {
        let scope = permit.scope
        guard history.allSatisfy({ $0.demo && $0.organizationID == scope.organizationID }) else {
            throw DomainError.invalid("run", "only the demo's own runs are stored without evidence.")
        }
        try await records.write { transaction in
            for run in history {
                try await transaction.save(
                    .collectorRun, run, id: run.id, organization: scope.organizationID, parent: nil, key: run.id.uuidString.lowercased(),
                    action: "collector_run.recorded", actor: scope.actor, now: now)
            }
        }
    }

    /// The organisation's runs, oldest first.
    public func runs(in scope: TenantScope) async throws -> [CollectorRun] {
        try scope.require(.viewEvidence)
        return try await records.all(.collectorRun, organization: scope.organizationID).sorted { $0.startedAt < $1.startedAt }
    }

    public func run(_ id: UUID, in scope: TenantScope) async throws -> CollectorRun {
        try scope.require(.viewEvidence)
        return try await records.existing(.collectorRun, id: id, organization: scope.organizationID, what: "Collector run")
    }

    static func label(_ result: CollectionResult) -> String {
        switch result.connector {
        case "aws": "AWS \(result.account)"
        case "github": "GitHub \(result.account)"
        default: "\(result.connector.capitalized) \(result.account)"
        }
    }

    /// Spools bytes and ingests them as a new item, or a new version of `previous` when it still exists.
    func store(
        _ bytes: [UInt8], fileName: String, title: String, description: String, criteria: [String], previous: UUID?, period: EvidencePeriod,
        source: EvidenceSource, permit: EvidenceService.Permit, now: Date, rows: Int? = nil
    ) async throws -> EvidenceItem {
        let spool = try BlobSpool(directory: intake.blobs.spoolDirectory, limit: intake.sizeLimit)
        try spool.write(bytes)
        let spooled = try spool.finish()
        defer { spooled.discard() }
        // A new version of the previous run's item, unless that item has since been deleted.
        var existing = previous
        if let id = previous, try await records.newestVersionTime(ofEvidence: id, organization: permit.scope.organizationID) == nil {
            existing = nil
        }
        let upload = EvidenceService.Upload(
            fileName: fileName, period: period, source: source, rowCount: rows, itemID: existing,
            details: NewEvidence(title: title, description: description, criteria: criteria))
        return try await intake.ingest(spooled, upload, permit: permit, now: now)
    }
}
