import ComplianceCore
import Foundation
import Hummingbird
import UseCases

struct AdoptPolicyRequest: StrictBody {
    static let fields: Set<String> = ["template", "owner", "security_contact", "review_cadence"]
    let template: String
    let owner: String
    let securityContact: String?
    let reviewCadence: String?
    enum CodingKeys: String, CodingKey {
        case template, owner
        case securityContact = "security_contact"
        case reviewCadence = "review_cadence"
    }
}

struct PolicyEdit: StrictBody {
    static let fields: Set<String> = ["body", "change_note"]
    let body: String
    let changeNote: String
    enum CodingKeys: String, CodingKey {
        case body
        case changeNote = "change_note"
    }
}

struct PolicyTransition: StrictBody {
    static let fields: Set<String> = ["status"]
    let status: PolicyStatus
}

struct PolicySummary: Codable {
    let key: String
    let title: String
    let criteria: [String]
    let owner: String
    let latestVersion: Int
    let latestStatus: PolicyStatus
    let publishedVersion: Int?
    let reviewDue: Day?
    let reviewOverdue: Bool

    init(_ policy: Policy, today: Day) {
        key = policy.key
        title = policy.title
        criteria = policy.criteria
        owner = policy.owner
        latestVersion = policy.latest.number
        latestStatus = policy.latest.status
        publishedVersion = policy.published?.number
        reviewDue = policy.reviewDue
        reviewOverdue = policy.reviewDue.map { $0 <= today } ?? false
    }
}

struct PolicyList: ResponseEncodable {
    let count: Int
    let policies: [PolicySummary]
}

struct PolicyResult: ResponseEncodable {
    let policy: PolicyBody

    init(policy: Policy) {
        self.policy = PolicyBody(policy)
    }
}

struct DiffLine: Codable {
    let op: String
    let text: String
}

struct PolicyDiff: ResponseEncodable {
    let from: Int
    let to: Int
    let lines: [DiffLine]
}

struct AcknowledgementResult: ResponseEncodable {
    let acknowledgement: PolicyAcknowledgementBody

    init(acknowledgement: PolicyAcknowledgement) {
        self.acknowledgement = PolicyAcknowledgementBody(acknowledgement)
    }
}

struct AcknowledgementReport: ResponseEncodable {
    let people: [AcknowledgementStatus]
    let outstanding: Int
}
