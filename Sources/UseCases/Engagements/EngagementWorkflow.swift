import ComplianceCore
import Foundation
import Persistence

/// Engagements: scoping, applicability, the audit firm.
public struct EngagementWorkflow: Sendable {
    let storage: EngagementRepository

    /// Creates an engagement and generates its request list from the scope, in one transaction.
    public func create(name: String, scope engagementScope: EngagementScope, in scope: TenantScope, now: Date = Date()) async throws -> Engagement {
        try await storage.create(name: name, scope: engagementScope, in: scope, now: now)
    }

    /// The engagement, or not found: for another organisation's, and for an auditor of another firm.
    public func get(_ id: UUID, in scope: TenantScope) async throws -> Engagement {
        try await storage.get(id, in: scope)
    }

    /// Names the audit firm (an organisation of kind audit_firm) that will audit this engagement.
    public func invite(auditFirm slug: String, to id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> Engagement {
        try await storage.invite(auditFirm: slug, to: id, in: scope, now: now)
    }

    /// The organisation's engagements; an auditor sees only those of their own firm.
    public func list(in scope: TenantScope) async throws -> [Engagement] {
        try await storage.list(in: scope)
    }

    /// Marks a criterion not applicable (a reason is required) or, with a nil reason, applicable again.
    public func setApplicability(_ id: UUID, criterion: String, notApplicableBecause reason: String?, in scope: TenantScope, now: Date = Date())
        async throws -> Engagement
    {
        try await storage.setApplicability(id, criterion: criterion, notApplicableBecause: reason, in: scope, now: now)
    }

    /// Changes the scope; the request list follows (edited items are kept, items the new scope no
    /// longer needs are removed, new ones are added) and the change is in the log.
    public func updateScope(_ id: UUID, name: String? = nil, scope engagementScope: EngagementScope, in scope: TenantScope, now: Date = Date())
        async throws -> Engagement
    {
        try await storage.updateScope(id, name: name, scope: engagementScope, in: scope, now: now)
    }
}
