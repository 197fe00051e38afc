import ComplianceCore
import Foundation
import Persistence

/// The evidence locker: items, versions, reviews, and the locker as it stood on a date.
public struct EvidenceWorkflow: Sendable {
    let storage: EvidenceRepository

    public init(storage: EvidenceRepository) {
        self.storage = storage
    }

    /// Evidence as it stood at the end of `date`, replayed from the change log's stored states.
    public func asOf(_ date: Date, in scope: TenantScope, filter: EvidenceFilter = EvidenceFilter()) async throws -> [EvidenceItem] {
        try scope.require(.viewEvidence)
        return try await storage.asOf(date, in: scope, filter: filter)
    }

    /// One item and all its versions, newest first.
    public func get(_ itemID: UUID, in scope: TenantScope) async throws -> (EvidenceItem, [EvidenceVersion]) {
        try scope.require(.viewEvidence)
        return try await storage.get(itemID, in: scope)
    }

    /// The organisation's evidence with each item's latest version, filtered, newest first.
    public func list(in scope: TenantScope, filter: EvidenceFilter = EvidenceFilter(), now: Date = Date()) async throws -> [EvidenceItem] {
        try scope.require(.viewEvidence)
        return try await storage.list(in: scope, filter: filter, now: now)
    }

    /// The log position (last sequence) of an organisation: any change to its evidence moves it.
    public func position(in scope: TenantScope) async throws -> Int64 {
        try scope.require(.viewEvidence)
        return try await storage.position(in: scope)
    }

    /// Records a review: status and comment, by the reviewer.
    public func review(_ itemID: UUID, status: EvidenceStatus, comment: String?, in scope: TenantScope, now: Date = Date()) async throws
        -> EvidenceItem
    {
        try scope.require(.reviewEvidence)
        return try await storage.review(itemID, status: status, comment: comment, in: scope, now: now)
    }

    /// Every item, unfiltered, with the log position it was read at.
    public func snapshot(in scope: TenantScope) async throws -> (items: [EvidenceItem], position: Int64) {
        try scope.require(.viewEvidence)
        return try await storage.snapshot(in: scope)
    }
}
