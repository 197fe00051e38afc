import ComplianceCore
import EvidenceStore
import Foundation

/// Access review campaigns: started on a system's newest listing, decided account by account by
/// reviewers who never judge their own access, closed only when revocations are proven by a later
/// listing, and then stored as evidence for CC6.2 and CC6.3.
public struct AccessReviewWorkflow: Sendable {
    let records: any RecordStorage
    let people: PeopleWorkflow
    let collectors: CollectionWorkflow

    public func reviews(in scope: TenantScope) async throws -> [AccessReview] {
        try scope.require(.viewPeople)
        return try await records.all(.accessReview, organization: scope.organizationID).sorted { $0.createdAt < $1.createdAt }
    }

    public func review(_ id: UUID, in scope: TenantScope) async throws -> AccessReview {
        try scope.require(.viewPeople)
        return try await records.existing(.accessReview, id: id, organization: scope.organizationID, what: "Access review")
    }

    /// Starts a campaign on the system's newest listing, with what changed since its last campaign.
    public func start(system: String, periodStart: Day, periodEnd: Day, in scope: TenantScope, now: Date = Date()) async throws -> AccessReview {
        try scope.require(.managePeople)
        try AccountListing.checkSystem(system)
        guard let listing = try await people.latestListings(in: scope).first(where: { $0.system == system }) else {
            throw DomainError.unprocessable(
                "system", "no listing of \(system) yet: run its collector or `attest access import --system \(system) FILE` first.")
        }
        let reconciliation = try await people.reconciliation(in: scope)
        let previous = try await reviews(in: scope).last { $0.system == system }
        let review = try AccessReview(
            listing: listing, periodStart: periodStart, periodEnd: periodEnd, owners: { reconciliation.owner(of: $0)?.email }, previous: previous,
            by: try await records.label(scope.actor), at: now.roundedToMilliseconds)
        try await save(review, action: "access_review.started", in: scope, now: now)
        return review
    }

    public func decide(
        _ id: UUID, account: String, decision: AccessReview.Decision, reason: String?, in scope: TenantScope, now: Date = Date()
    ) async throws -> AccessReview {
        try scope.require(.reviewAccess)
        let reviewer = try await records.label(scope.actor)
        return try await records.write { tx in
            var review = try await tx.existing(.accessReview, id: id, organization: scope.organizationID, what: "Access review")
            try review.decide(account: account, decision, reason: reason, reviewer: reviewer, at: now.roundedToMilliseconds)
            try await tx.save(
                .accessReview, review, id: id, organization: scope.organizationID, parent: nil, key: id.uuidString.lowercased(),
                action: "access_review.decided", actor: scope.actor, now: now)
            return review
        }
    }

    /// Closes the campaign (see `AccessReview.close`) and stores it, signed off, as evidence.
    public func close(_ id: UUID, unproven: [String: String] = [:], in scope: TenantScope, now: Date = Date()) async throws -> AccessReview {
        try scope.require(.managePeople)
        var review = try await review(id, in: scope)
        let listings = try await records.all(.accountListing, organization: scope.organizationID)
        try review.close(laterListings: listings, unproven: unproven, by: try await records.label(scope.actor), at: now.roundedToMilliseconds)
        let permit = try collectors.intake.permit(scope)
        let item = try await collectors.store(
            Array(review.csv.utf8), fileName: "access-review-\(review.system)-\(review.periodEnd).csv",
            title: "Access review of \(review.system), \(review.periodStart) to \(review.periodEnd)",
            description:
                "Signed off by \(review.closedBy ?? "") on \(Day(now)). Listing \(review.listingID.uuidString.lowercased()) (\(review.query)), \(review.sourceCount) accounts at the source, \(review.items.count) active reviewed.",
            criteria: ["CC6.2", "CC6.3"], previous: nil,
            period: try EvidencePeriod(start: review.periodStart.date, end: review.periodEnd.date.addingTimeInterval(86_399)),
            source: EvidenceSource(kind: .import, actor: scope.actor.description, method: "access review campaign \(id.uuidString.lowercased())"),
            permit: permit, now: now, rows: review.items.count)
        review.evidenceID = item.id
        try await save(review, action: "access_review.closed", in: scope, now: now)
        return review
    }

    func save(_ review: AccessReview, action: String, in scope: TenantScope, now: Date) async throws {
        try await records.write { tx in
            try await tx.save(
                .accessReview, review, id: review.id, organization: scope.organizationID, parent: nil, key: review.id.uuidString.lowercased(),
                action: action, actor: scope.actor, now: now)
        }
    }
}
