import ComplianceCore
import Foundation

// Policies as the API answers them. Each body is its own type, built from the stored
// document: renaming a stored field does not rename an API field, and the OpenAPI document is
// checked against these bodies, not against the stored types.

/// `Policy` as the API answers it.
struct PolicyBody: Encodable, Sendable {
    let id: UUID
    let organizationID: UUID
    let key: String
    let title: String
    let criteria: [String]
    let owner: String
    let reviewMonths: Int
    let versions: [PolicyVersionBody]

    init(_ value: Policy) {
        id = value.id
        organizationID = value.organizationID
        key = value.key
        title = value.title
        criteria = value.criteria
        owner = value.owner
        reviewMonths = value.reviewMonths
        versions = value.versions.map(PolicyVersionBody.init)
    }
}

/// `PolicyVersion` as the API answers it.
struct PolicyVersionBody: Encodable, Sendable {
    let number: Int
    let body: String
    let status: PolicyStatus
    let changeNote: String
    let author: String
    let approver: String?
    let approvedAt: Date?
    let publishedAt: Date?
    let createdAt: Date
    let selfApproval: String?

    init(_ value: PolicyVersion) {
        number = value.number
        body = value.body
        status = value.status
        changeNote = value.changeNote
        author = value.author
        approver = value.approver
        approvedAt = value.approvedAt
        publishedAt = value.publishedAt
        createdAt = value.createdAt
        selfApproval = value.selfApproval
    }
}

/// `PolicyAcknowledgement` as the API answers it.
struct PolicyAcknowledgementBody: Encodable, Sendable {
    let policyID: UUID
    let version: Int
    let userID: UUID
    let email: String
    let acknowledgedAt: Date

    init(_ value: PolicyAcknowledgement) {
        policyID = value.policyID
        version = value.version
        userID = value.userID
        email = value.email
        acknowledgedAt = value.acknowledgedAt
    }
}
