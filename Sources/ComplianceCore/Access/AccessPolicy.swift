import Foundation

/// How a user stands towards one organisation.
public enum Standing: Sendable, Hashable {
    /// A member of the organisation with a role.
    case member(Role)
    /// An auditor of an audit firm, through an active engagement grant.
    case auditor(grantID: UUID)
    /// The operator at the machine (the `attest` CLI), who holds the database anyway.
    case `operator`

    public var label: String {
        switch self {
        case .member(let role): role.rawValue
        case .auditor: "auditor"
        case .operator: "operator"
        }
    }
}

/// Something a user may want to do inside an organisation.
public enum Permission: String, Sendable, CaseIterable {
    case viewOrganization
    case viewMembers
    case manageMembers
    case grantOwnership
    case viewEvents
    case manageEngagementGrants
    case viewEvidence
    case uploadEvidence
    case reviewEvidence
    /// Read the engagement, request list, controls, policies and readiness.
    case viewProgramme
    /// Scope engagements, adopt and edit controls and policies, plan remediation.
    case manageProgramme
    /// Approve and publish policy versions.
    case approvePolicies
    /// Acknowledge published policies (every member, for themselves).
    case acknowledgePolicies
    /// Auditor work: independence, frozen populations, samples (the audit firm only).
    case performFieldwork
}

/// The one place that decides who may do what. Handlers ask it; they never decide themselves.
public enum AccessPolicy {
    public static func allows(_ standing: Standing, _ permission: Permission) -> Bool {
        switch (standing, permission) {
        case (.operator, _), (_, .viewOrganization):
            true
        case (.member(let role), .viewMembers):
            role >= .viewer
        case (.auditor, .viewMembers):
            true
        case (.member(let role), .manageMembers):
            role >= .admin
        case (.member(let role), .grantOwnership), (.member(let role), .manageEngagementGrants):
            role == .owner
        case (.member(let role), .viewEvents):
            role == .viewer || role >= .admin
        case (.auditor, .viewEvents), (.auditor, .viewEvidence):
            true
        case (.member, .viewEvidence):
            true
        case (.member(let role), .uploadEvidence):
            role >= .member
        case (.member(let role), .reviewEvidence), (.member(let role), .manageProgramme), (.member(let role), .approvePolicies):
            role >= .admin
        case (.member, .viewProgramme), (.auditor, .viewProgramme), (.member, .acknowledgePolicies), (.auditor, .performFieldwork):
            true
        case (.member, .performFieldwork):
            false
        case (.auditor, _):
            false
        }
    }

    /// Throws `forbidden` when the standing does not allow the permission.
    public static func require(_ standing: Standing, _ permission: Permission) throws(DomainError) {
        guard allows(standing, permission) else {
            throw DomainError(
                .forbidden, code: "forbidden",
                "Your role (\(standing.label)) does not allow this action (\(permission.rawValue))."
            )
        }
    }
}
