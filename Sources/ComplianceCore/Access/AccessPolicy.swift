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

    /// Which side of the wall the caller speaks from (a fact for labels, never a right).
    public var side: Side {
        switch self {
        case .member: .client
        case .auditor: .auditor
        case .operator: .operator
        }
    }

    /// The engagement grant an auditor reaches the organisation through.
    public var grantID: UUID? {
        if case .auditor(let grantID) = self { grantID } else { nil }
    }
}

/// The two sides of the audit, and the operator at the machine.
public enum Side: String, Sendable {
    case client, auditor, `operator`
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
    /// Add and edit request items: the client's admins organise, the auditor issues them.
    case editRequestList
    /// Provide what a request asks for (the client's side of the request conversation).
    case provideRequests
    /// Comment on requests and report versions (viewers only read).
    case comment
    /// Approve and publish policy versions.
    case approvePolicies
    /// Acknowledge published policies (every member, for themselves).
    case acknowledgePolicies
    /// Auditor work: independence, frozen populations, samples (the audit firm only).
    case performFieldwork
    /// An auditor confirms their own independence for an engagement.
    case confirmIndependence
    /// See test results and exceptions the auditor has not released yet.
    case viewUnreleasedResults
    /// Read the report's drafts before the auditor sends one for management review.
    case viewReportDrafts
    /// Management's response to an exception.
    case respondToExceptions
    /// Management accepts its assertion (Section II).
    case acceptAssertion
    /// Management signs a bridge letter after a final report.
    case writeBridgeLetter
    /// The engagement's audit firm issues the final report.
    case issueReport
    /// Run the collectors (AWS, GitHub, the identity provider) and store what they find as evidence.
    case runCollectors
    /// Link checks to controls and mute failing findings (with an owner, a reason and an expiry).
    case manageMonitors
    /// Read the workforce roster, the system account listings and the reconciliation's findings:
    /// HR data (end dates, managers), so the client's admins and the auditors, not every member.
    case viewPeople
    /// Import the roster and account listings; start and close access review campaigns.
    case managePeople
    /// Decide keep, revoke or modify in an access review (never on one's own access).
    case reviewAccess
    /// Replace the organisation's signing key (the old one stays published for old documents).
    case rotateSigningKey

    /// What a refusal says when a generic "your role does not allow" would not tell the caller why.
    var refusal: String? {
        switch self {
        case .provideRequests: "The client provides what is requested."
        case .confirmIndependence: "Independence is confirmed by the engagement's auditors, each for themselves."
        case .respondToExceptions: "Management responses come from the client's management."
        case .acceptAssertion: "Management's assertion is the service organisation's to make."
        case .writeBridgeLetter: "A bridge letter is management's, not the auditor's."
        case .issueReport: "Only the engagement's audit firm issues the report."
        case .runCollectors: "Collectors run for the service organisation, by its admins; auditors read what they found."
        case .manageMonitors: "Monitors and mutes are the service organisation's admins' to set; auditors see them as they are."
        case .acknowledgePolicies: "Members acknowledge policies, each for themselves; viewers and auditors only read them."
        case .viewPeople: "The roster and access findings are HR data: the client's admins and the auditors read them."
        case .managePeople: "The roster and account listings are imported by the service organisation's admins."
        case .reviewAccess: "Access is reviewed by the service organisation's admins; auditors inspect the signed-off campaign."
        default: nil
        }
    }
}

/// The one place that decides who may do what. Use cases ask it once; nothing else switches on a
/// standing to decide a right.
public enum AccessPolicy {
    public static func allows(_ standing: Standing, _ permission: Permission) -> Bool {
        AccessTrace.current?.record(permission)
        return switch standing {
        case .member(let role): member(role, permission)
        case .auditor: auditor(permission)
        case .operator: `operator`(permission)
        }
    }

    private static func member(_ role: Role, _ permission: Permission) -> Bool {
        switch permission {
        case .viewOrganization, .viewMembers, .viewEvidence, .viewProgramme:
            true
        case .viewEvents:
            role == .viewer || role >= .admin
        case .uploadEvidence, .provideRequests, .comment, .acknowledgePolicies:
            role >= .member
        case .manageMembers, .reviewEvidence, .manageProgramme, .editRequestList, .approvePolicies, .respondToExceptions, .acceptAssertion,
            .writeBridgeLetter, .runCollectors, .manageMonitors, .viewPeople, .managePeople, .reviewAccess:
            role >= .admin
        case .grantOwnership, .manageEngagementGrants, .rotateSigningKey:
            role == .owner
        case .performFieldwork, .confirmIndependence, .viewUnreleasedResults, .viewReportDrafts, .issueReport:
            false
        }
    }

    private static func auditor(_ permission: Permission) -> Bool {
        switch permission {
        case .viewOrganization, .viewMembers, .viewEvents, .viewEvidence, .viewProgramme, .editRequestList, .comment, .performFieldwork,
            .confirmIndependence,
            .viewUnreleasedResults, .viewReportDrafts, .issueReport, .viewPeople:
            true
        default:
            false
        }
    }

    /// The operator holds the database, but does not speak for either side: management's own acts
    /// (assertion, bridge letter, responses, acknowledgements, access review decisions) and the auditor's (independence,
    /// issuing the report) stay with the people who make them.
    private static func `operator`(_ permission: Permission) -> Bool {
        switch permission {
        case .acknowledgePolicies, .confirmIndependence, .respondToExceptions, .acceptAssertion, .writeBridgeLetter, .issueReport, .reviewAccess:
            false
        default:
            true
        }
    }

    /// An auditor confirms independence before any fieldwork; the operator at the machine does not.
    public static func requiresIndependence(_ standing: Standing) -> Bool {
        standing.side == .auditor
    }

    /// Throws `forbidden` when the standing does not allow the permission.
    public static func require(_ standing: Standing, _ permission: Permission) throws(DomainError) {
        guard allows(standing, permission) else {
            throw DomainError(
                .forbidden, code: "forbidden",
                permission.refusal ?? "Your role (\(standing.label)) does not allow this action (\(permission.rawValue)).")
        }
    }
}
