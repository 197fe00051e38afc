import Foundation

/// Proof that a caller reached an organisation: who they are, which organisation, and how they stand.
///
/// Repositories take a scope instead of a bare organisation id, and check the permission they need
/// themselves, so tenancy and roles hold whatever the handler above them does.
public struct TenantScope: Sendable {
    public let organization: Organization
    public let standing: Standing
    public let actor: Actor

    /// Built by persistence when it resolves a user's access, or by the local operator (CLI).
    public init(organization: Organization, standing: Standing, actor: Actor) {
        self.organization = organization
        self.standing = standing
        self.actor = actor
    }

    public var organizationID: UUID { organization.id }

    public func require(_ permission: Permission) throws(DomainError) {
        try AccessPolicy.require(standing, permission)
    }

    public func allows(_ permission: Permission) -> Bool {
        AccessPolicy.allows(standing, permission)
    }
}
