import ComplianceCore
import Foundation
import Hummingbird
import Reports
import UseCases

struct DraftRequest: StrictBody {
    static let fields: Set<String> = ["scope_limitation"]
    let scopeLimitation: String?
    enum CodingKeys: String, CodingKey { case scopeLimitation = "scope_limitation" }
}

struct CommentRequest: StrictBody {
    static let fields: Set<String> = ["text"]
    let text: String
}

struct AssertionRequest: StrictBody {
    static let fields: Set<String> = ["signatory", "position"]
    let signatory: String
    let position: String
}

struct BridgeLetterRequest: StrictBody {
    static let fields: Set<String> = ["through", "changes", "signatory", "position"]
    let through: Day
    let changes: [String]?
    let signatory: String
    let position: String
}

struct DescriptionRequest: StrictBody {
    static let fields: Set<String> = ["texts", "commitments", "user_entity_controls", "subservice_controls", "incidents", "changes", "adopted"]
    static let nestedFields: [String: Set<String>] = [
        "subservice_controls[]": ["subservice", "control", "criteria"], "incidents[]": ["date", "nature", "effect", "disposition"],
        "changes[]": ["date", "description"],
    ]
    struct Control: Decodable {
        let subservice: String
        let control: String
        let criteria: [String]?
    }
    struct Incident: Decodable {
        let date: Day
        let nature: String
        let effect: String
        let disposition: String
    }
    struct Change: Decodable {
        let date: Day
        let description: String
    }
    let texts: [String: String]?
    let commitments: [String]?
    let userEntityControls: [String]?
    let subserviceControls: [Control]?
    let incidents: [Incident]?
    let changes: [Change]?
    let adopted: [String]?
    enum CodingKeys: String, CodingKey {
        case texts, commitments, incidents, changes, adopted
        case userEntityControls = "user_entity_controls"
        case subserviceControls = "subservice_controls"
    }

    func description(for id: UUID) -> SystemDescription {
        SystemDescription(
            engagementID: id, texts: texts ?? [:], commitments: commitments ?? [], userEntityControls: userEntityControls ?? [],
            subserviceControls: (subserviceControls ?? []).map { .init(subservice: $0.subservice, control: $0.control, criteria: $0.criteria ?? []) },
            incidents: (incidents ?? []).map { .init(date: $0.date, nature: $0.nature, effect: $0.effect, disposition: $0.disposition) },
            changes: (changes ?? []).map { .init(date: $0.date, description: $0.description) }, adopted: adopted ?? [])
    }
}

struct TemplateRequest: StrictBody {
    static let fields: Set<String> = ["text"]
    let text: String?
}

/// A version without its sealed bytes (those come from `…/report?format=html`).
struct ReportVersionBody: Encodable {
    let number: Int
    let status: ReportVersion.Status
    let opinion: Opinion
    let exceptions: Int
    let comments: [CommentBody]
    let createdBy: String
    let createdAt: Date
    let issuedBy: String?
    let issuedAt: Date?
    let validUntil: Day?
    let sha256: String?

    init(_ version: ReportVersion) {
        number = version.number
        status = version.status
        opinion = version.document.opinion
        exceptions = version.document.exceptionCount
        comments = version.comments.map(CommentBody.init)
        createdBy = version.createdBy
        createdAt = version.createdAt
        issuedBy = version.issuedBy
        issuedAt = version.issuedAt
        validUntil = version.status == .final ? version.validUntil : nil
        sha256 = version.sealedHTML.map { Digest.sha256Hex(Array($0.utf8)) }
    }
}

/// A comment on a report version as the API answers it.
struct CommentBody: Encodable, Sendable {
    let by: String
    let side: String
    let text: String
    let at: Date

    init(_ value: ReportVersion.Comment) {
        by = value.by
        side = value.side
        text = value.text
        at = value.at
    }
}

struct VersionList: ResponseEncodable {
    let versions: [ReportVersionBody]
    let problems: [String]
}

struct VersionResult: ResponseEncodable { let version: ReportVersionBody }

struct DescriptionResult: ResponseEncodable {
    let description: SystemDescriptionBody

    init(description: SystemDescription, missing: [String]) {
        self.description = SystemDescriptionBody(description, missing: missing)
    }
}

struct AssertionResult: ResponseEncodable {
    let assertion: ManagementAssertionBody

    init(assertion: ManagementAssertion) {
        self.assertion = ManagementAssertionBody(assertion)
    }
}

struct LetterBody: Encodable {
    let id: UUID, reportVersion: Int, through: Day, changes: [String], signatory: String, position: String, createdAt: Date
    init(_ letter: BridgeLetter) {
        id = letter.id
        reportVersion = letter.reportVersion
        through = letter.through
        changes = letter.changes
        signatory = letter.signatory
        position = letter.position
        createdAt = letter.createdAt
    }
}

struct LetterList: ResponseEncodable { let letters: [LetterBody] }

struct LetterResult: ResponseEncodable { let letter: LetterBody }

struct TemplateBody: Encodable {
    let name: String
    let text: String
    let custom: Bool
}

struct TemplateList: ResponseEncodable {
    let templates: [TemplateBody]
    let variables: [String]
}

struct VerifyResult: ResponseEncodable {
    let genuine: Bool
    let reason: String
    let issuer: String?
    let organization: String?
    let period: String?
    let version: Int?
    let contentSHA256: String?
    /// What the seal covers: "SOC 2 Type 2 report", "SOC 3 report", "bridge letter to …".
    let document: String?
    let kind: String?
    enum CodingKeys: String, CodingKey {
        case genuine, reason, issuer, organization, period, version, document, kind
        case contentSHA256 = "content_sha256"
    }

    init(_ result: ReportSeal.Verification) {
        genuine = result.genuine
        reason = result.reason
        issuer = result.payload?.issuerName
        organization = result.payload?.organizationName
        period = result.payload?.period
        version = result.payload?.version
        contentSHA256 = result.payload?.contentSHA256
        document = result.payload?.documentName
        kind = result.payload?.kind
    }
}
