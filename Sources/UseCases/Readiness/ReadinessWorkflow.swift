import ComplianceCore
import Foundation
import Persistence

/// Readiness computed from the programme, remediation plans and snapshots.
public struct ReadinessWorkflow: Sendable {
    let storage: ReadinessRepository
    let people: PeopleFields

    public func compute(_ engagementID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ReadinessReport {
        try await storage.compute(engagementID, in: scope, now: now)
    }

    /// Records who fixes a gap and by when (replacing an earlier plan for the same criterion).
    public func plan(_ item: RemediationItem, for engagementID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> RemediationItem {
        try scope.require(.manageProgramme)
        var item = item
        item.owner = try await people.member(item.owner, field: "owner", in: scope)
        return try await storage.plan(item, for: engagementID, in: scope, now: now)
    }

    @discardableResult
    public func recordSnapshot(_ engagementID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ReadinessSnapshot {
        try await storage.recordSnapshot(engagementID, in: scope, now: now)
    }

    public func remediations(_ engagementID: UUID, in scope: TenantScope) async throws -> [RemediationItem] {
        try await storage.remediations(engagementID, in: scope)
    }

    public func snapshots(_ engagementID: UUID, in scope: TenantScope) async throws -> [ReadinessSnapshot] {
        try await storage.snapshots(engagementID, in: scope)
    }
}
