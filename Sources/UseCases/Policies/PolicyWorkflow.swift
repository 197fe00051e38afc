import ComplianceCore
import Foundation
import Persistence

/// Policies: adoption, versions, approval, acknowledgements.
public struct PolicyWorkflow: Sendable {
    let storage: PolicyRepository

    /// The signed-in member confirms they read the published version of a policy.
    public func acknowledge(_ key: String, userID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> PolicyAcknowledgement {
        try await storage.acknowledge(key, userID: userID, in: scope, now: now)
    }

    public func acknowledgements(in scope: TenantScope) async throws -> [PolicyAcknowledgement] {
        try await storage.acknowledgements(in: scope)
    }

    /// Starts a policy from a template: the placeholders filled in, as version 1 in draft.
    public func adopt(template id: String, variables: PolicyVariables, owner: String, in scope: TenantScope, now: Date = Date()) async throws
        -> Policy
    {
        try await storage.adopt(template: id, variables: variables, owner: owner, in: scope, now: now)
    }

    /// Moves the latest version one step along draft → in_review → approved → published.
    /// Submitting for review is for managers; approving and publishing need approval rights.
    public func advance(_ key: String, to status: PolicyStatus, in scope: TenantScope, now: Date = Date()) async throws -> Policy {
        try await storage.advance(key, to: status, in: scope, now: now)
    }

    /// New text: changes a draft in place, or starts a new version when the latest is approved or published.
    public func edit(_ key: String, body: String, changeNote: String, in scope: TenantScope, now: Date = Date()) async throws -> Policy {
        try await storage.edit(key, body: body, changeNote: changeNote, in: scope, now: now)
    }

    public func get(_ key: String, in scope: TenantScope) async throws -> Policy {
        try await storage.get(key, in: scope)
    }

    public func list(in scope: TenantScope) async throws -> [Policy] {
        try await storage.list(in: scope)
    }

    /// Who must still acknowledge what: every member against the published version of every policy.
    public func outstanding(in scope: TenantScope) async throws -> [AcknowledgementStatus] {
        try await storage.outstanding(in: scope)
    }
}
