import ComplianceCore
import EvidenceStore
import Foundation
import Persistence

/// An organisation's signing keys as the world sees them, their rotation, and its log's checkpoint.
public struct KeyWorkflow: Sendable {
    let organizations: OrganizationRepository
    let log: TransparencyLog

    /// The published key list of any organisation, for anyone: keys are what outsiders verify with.
    /// An unknown slug is a 404 like any other.
    public func published(slug: String) async throws -> PublishedKeyList {
        guard let organization = try await organizations.find(slug: slug) else { throw DomainError.notFound("Organisation '\(slug.prefix(64))'") }
        return PublishedKeyList(
            organization: organization.slug.rawValue, organizationID: organization.id, name: organization.name,
            keys: try await log.publishedKeys(of: organization.id))
    }

    /// Replaces the organisation's signing key; the change is an event in its log and the old key
    /// stays listed, closed at the moment of rotation.
    public func rotate(in scope: TenantScope, now: Date = Date()) async throws -> PublishedKey {
        try scope.require(.rotateSigningKey)
        return try await log.rotateKey(of: scope.organizationID, actor: scope.actor, now: now)
    }

    /// The latest signed head as a C2SP checkpoint (signing one if the log grew), for whoever may
    /// read the organisation's log.
    public func checkpoint(in scope: TenantScope) async throws -> String {
        try scope.require(.viewEvidence)
        return try await log.checkpoint(of: scope.organizationID)
    }
}
