import ComplianceCore
import Foundation

/// A collector's listing frozen as a population: the auditor names the run and the listing, and
/// the workpaper's source, query and completeness procedure are written from what the run
/// recorded, including the source's own count beside the listing's rows. A listing whose rows do
/// not match that count is refused: an incomplete population cannot be sampled from.
extension FieldworkWorkflow {
    public struct ListingSource: Sendable {
        public let evidenceID: UUID
        /// The evidence version that run stored (a later run adds a newer one).
        public let evidenceVersion: Int
        public let details: FreezeDetails
    }

    public func listingSource(
        run: CollectorRun, listing name: String, item: EvidenceItem, versions: [EvidenceVersion], populationName: String?, controls: [String],
        into id: UUID, in scope: TenantScope
    ) async throws -> ListingSource {
        _ = try await writable(id, in: scope)
        guard let listing = run.listings.first(where: { $0.name == name }), listing.evidenceID == item.id else {
            throw DomainError.notFound("Listing '\(name.prefix(60))' in run \(run.id.uuidString.lowercased())")
        }
        let runTag = "run \(run.id.uuidString.lowercased())"
        guard let version = versions.first(where: { $0.source.method?.contains(runTag) == true }) else {
            throw DomainError.conflict(
                "listing_version_gone", "The evidence version run \(run.id.uuidString.lowercased()) stored for '\(name)' is no longer there.")
        }
        guard let count = listing.sourceCount else {
            throw DomainError.unprocessable(
                "listing", "'\(name)' has no count from the source to prove it complete; freeze it with your own completeness procedure instead.")
        }
        guard count == listing.rows else {
            throw DomainError.unprocessable(
                "listing", "'\(name)' is incomplete: the source counts \(count) but the listing has \(listing.rows) rows; it cannot be sampled from.")
        }
        let source =
            "\(run.connector.uppercased()) \(run.account), \(run.connector) collector \(run.connectorVersion)" + (run.demo ? " (demo data)" : "")
        let completeness =
            "The listing has \(listing.rows) rows, equal to the source's own count (\(count)) taken in the same run, \(Timestamp.rfc3339(run.startedAt)) to \(Timestamp.rfc3339(run.finishedAt)); both are recorded in evidence version \(version.number)."
        return ListingSource(
            evidenceID: item.id, evidenceVersion: version.number,
            details: FreezeDetails(
                name: populationName ?? listing.title, sourceSystem: source, extractionQuery: String(item.description.prefix(4000)),
                completenessProcedure: completeness, controls: controls))
    }
}
