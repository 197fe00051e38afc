import ComplianceCore
import Foundation
import Persistence

/// Readiness computed from the programme's data, its snapshots over time, and remediation plans.
public struct ReadinessWorkflow: Sendable {
    let records: any RecordStorage
    let content: ProgrammeContent
    let engagements: EngagementWorkflow
    let controls: ControlWorkflow
    let policies: PolicyWorkflow
    let evidence: EvidenceRepository
    let people: PeopleFields
    let monitors: MonitorWorkflow

    public func compute(_ engagementID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ReadinessReport {
        let engagement = try await engagements.get(engagementID, in: scope)
        let controlList = try await controls.list(in: scope)
        let policyList = try await policies.list(in: scope)
        let facts =
            scope.allows(.viewEvidence)
            ? try await evidence.list(in: scope, now: now).map { item in
                EvidenceFact(
                    criteria: item.criteria, controls: item.controls, approved: item.status == .approved, current: !item.isExpired(at: now),
                    id: item.id, title: item.title)
            } : []
        let monitoring = try await monitors.board(in: scope, now: now)
        return ReadinessReport.compute(
            engagement: engagement, catalog: content.catalog, controls: controlList, policies: policyList,
            policyTemplates: content.policies, evidence: facts, monitoring: monitoring, now: now.roundedToMilliseconds)
    }

    /// Computes readiness now and keeps it as a snapshot for the trend.
    @discardableResult
    public func recordSnapshot(_ engagementID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ReadinessSnapshot {
        try scope.require(.manageProgramme)
        let snapshot = ReadinessSnapshot(try await compute(engagementID, in: scope, now: now))
        try await save(snapshot, in: scope, now: now)
        return snapshot
    }

    /// Stores a snapshot as given (the demo uses this to lay down a history).
    public func save(_ snapshot: ReadinessSnapshot, in scope: TenantScope, now: Date = Date()) async throws {
        try scope.require(.manageProgramme)
        try await records.write { tx in
            try await tx.save(
                .snapshot, snapshot, id: UUID(), organization: scope.organizationID, parent: snapshot.engagementID,
                key: "\(snapshot.engagementID.uuidString.lowercased())/\(Timestamp.rfc3339(snapshot.takenAt))",
                action: "recorded", actor: scope.actor, now: now)
        }
    }

    public func snapshots(_ engagementID: UUID, in scope: TenantScope) async throws -> [ReadinessSnapshot] {
        _ = try await engagements.get(engagementID, in: scope)
        return try await records.all(.snapshot, organization: scope.organizationID, parent: engagementID).sorted { $0.takenAt < $1.takenAt }
    }

    public func remediations(_ engagementID: UUID, in scope: TenantScope) async throws -> [RemediationItem] {
        _ = try await engagements.get(engagementID, in: scope)
        return try await records.all(.remediation, organization: scope.organizationID, parent: engagementID).sorted { $0.criterion < $1.criterion }
    }

    /// Records who fixes a gap and by when (replacing an earlier plan for the same criterion).
    public func plan(_ item: RemediationItem, for engagementID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> RemediationItem {
        try scope.require(.manageProgramme)
        var item = item
        item.owner = try await people.member(item.owner, field: "owner", in: scope)
        let engagement = try await engagements.get(engagementID, in: scope)
        guard engagement.criteriaInScope(content.catalog).contains(where: { $0.id == item.criterion }) else {
            throw DomainError.unprocessable("criterion", "'\(item.criterion.prefix(20))' is not in this engagement's scope.")
        }
        let key = "\(engagementID.uuidString.lowercased())/\(item.criterion)"
        try await records.write { [item] tx in
            let id = try await tx.find(.remediation, organization: scope.organizationID, key: key)?.id ?? UUID()
            try await tx.save(
                .remediation, item, id: id, organization: scope.organizationID, parent: engagementID,
                key: key, action: "planned", actor: scope.actor, now: now)
        }
        return item
    }
}
