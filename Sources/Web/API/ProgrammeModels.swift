import ComplianceCore
import Foundation
import Hummingbird
import UseCases

// Request bodies name their JSON fields in snake_case explicitly; responses are converted by the encoder.

struct EngagementRequest: StrictBody {
    static let fields: Set<String> = ["name", "report_type", "as_of", "period_start", "period_end", "categories", "standards", "system_name",
                                      "services", "boundaries", "clouds", "locations", "headcount", "subservices", "currency"]
    struct Subservice: Decodable {
        let name: String
        let service: String
        let method: SubserviceOrganization.Method
    }

    let name: String?
    let reportType: ReportType
    let asOf: Day?
    let periodStart: Day?
    let periodEnd: Day?
    let categories: [TrustServicesCategory]?
    let standards: [AttestationStandard]?
    let systemName: String
    let services: String?
    let boundaries: String?
    let clouds: [CloudProvider]?
    let locations: [String]?
    let headcount: HeadcountBand?
    let subservices: [Subservice]?
    let currency: String?

    enum CodingKeys: String, CodingKey {
        case name, categories, standards, services, boundaries, clouds, locations, headcount, subservices, currency
        case reportType = "report_type", asOf = "as_of", periodStart = "period_start", periodEnd = "period_end", systemName = "system_name"
    }

    var scope: EngagementScope {
        EngagementScope(
            reportType: reportType, asOf: asOf, periodStart: periodStart, periodEnd: periodEnd, categories: categories ?? [.security],
            standards: standards ?? [.atc205], systemName: systemName, services: services ?? "", boundaries: boundaries ?? "",
            clouds: clouds ?? [], locations: locations ?? [], headcount: headcount ?? .upTo50,
            subservices: (subservices ?? []).map { SubserviceOrganization(name: $0.name, service: $0.service, method: $0.method) },
            currency: currency ?? "GBP"
        )
    }
}

struct ApplicabilityRequest: StrictBody {
    static let fields: Set<String> = ["criterion", "not_applicable_reason"]
    let criterion: String
    let notApplicableReason: String?
    enum CodingKeys: String, CodingKey { case criterion, notApplicableReason = "not_applicable_reason" }
}

struct InviteRequest: StrictBody {
    static let fields: Set<String> = ["audit_firm"]
    let auditFirm: String
    enum CodingKeys: String, CodingKey { case auditFirm = "audit_firm" }
}

struct RequestUpdate: StrictBody {
    static let fields: Set<String> = ["status", "owner", "due_date", "title", "provide"]
    let status: RequestStatus?
    let owner: String?
    let dueDate: Day?
    let title: String?
    let provide: String?
    enum CodingKeys: String, CodingKey { case status, owner, title, provide, dueDate = "due_date" }
}

struct NewRequestBody: StrictBody {
    static let fields: Set<String> = ["area", "title", "provide", "kind", "criteria", "due_date", "owner"]
    let area: String?
    let title: String
    let provide: String?
    let kind: RequestKind
    let criteria: [String]?
    let dueDate: Day?
    let owner: String?
    enum CodingKeys: String, CodingKey { case area, title, provide, kind, criteria, owner, dueDate = "due_date" }
}

struct AdoptControlsRequest: StrictBody {
    static let fields: Set<String> = ["ids"]
    /// Library ids; all of the library when absent.
    let ids: [String]?
}

struct ControlRequest: StrictBody {
    static let fields: Set<String> = ["key", "title", "description", "type", "frequency", "owner_role", "criteria"]
    let key: String
    let title: String
    let description: String?
    let type: ControlType
    let frequency: Frequency
    let ownerRole: String?
    let criteria: [String]
    enum CodingKeys: String, CodingKey { case key, title, description, type, frequency, criteria, ownerRole = "owner_role" }
}

struct ControlUpdate: StrictBody {
    static let fields: Set<String> = ["status", "owner", "retired", "title", "description", "criteria", "frequency"]
    let status: ImplementationStatus?
    let owner: String?
    let retired: Bool?
    let title: String?
    let description: String?
    let criteria: [String]?
    let frequency: Frequency?
}

struct AdoptPolicyRequest: StrictBody {
    static let fields: Set<String> = ["template", "owner", "security_contact", "review_cadence"]
    let template: String
    let owner: String
    let securityContact: String?
    let reviewCadence: String?
    enum CodingKeys: String, CodingKey { case template, owner, securityContact = "security_contact", reviewCadence = "review_cadence" }
}

struct PolicyEdit: StrictBody {
    static let fields: Set<String> = ["body", "change_note"]
    let body: String
    let changeNote: String
    enum CodingKeys: String, CodingKey { case body, changeNote = "change_note" }
}

struct PolicyTransition: StrictBody {
    static let fields: Set<String> = ["status"]
    let status: PolicyStatus
}

struct RemediationRequest: StrictBody {
    static let fields: Set<String> = ["criterion", "owner", "due_date", "plan"]
    let criterion: String
    let owner: String
    let dueDate: Day
    let plan: String
    enum CodingKeys: String, CodingKey { case criterion, owner, plan, dueDate = "due_date" }
}

// Responses.

struct CriterionScopeBody: Codable {
    let id: String
    let title: String
    let category: TrustServicesCategory
    let applicable: Bool
    let notApplicableReason: String?
}

struct EngagementBody: Codable {
    let engagement: Engagement
    let timeline: Timeline
    let estimate: CostEstimate
    let criteria: [CriterionScopeBody]?
}

struct EngagementList: ResponseEncodable { let engagements: [Engagement] }
struct EngagementResult: ResponseEncodable {
    let engagement: Engagement
    let timeline: Timeline
    let estimate: CostEstimate
    let criteria: [CriterionScopeBody]
}
struct RequestList: ResponseEncodable { let count: Int; let requests: [RequestItem] }
struct RequestResult: ResponseEncodable { let request: RequestItem }
struct ImportResult: ResponseEncodable { let result: RequestImportResult }
struct ReadinessResult: ResponseEncodable {
    let readiness: ReadinessReport
    let remediation: [RemediationItem]
    let snapshots: [ReadinessSnapshot]
}
struct SnapshotResult: ResponseEncodable { let snapshot: ReadinessSnapshot }
struct RemediationResult: ResponseEncodable { let remediation: RemediationItem }
struct LibraryInfo: Codable { let id: String; let version: String }
struct LibraryControls: ResponseEncodable { let library: LibraryInfo; let count: Int; let controls: [LibraryControl] }
struct LibraryPolicies: ResponseEncodable { let count: Int; let policies: [PolicyTemplate]; let variables: [String] }
struct ControlList: ResponseEncodable { let count: Int; let controls: [ProgrammeControl] }
struct ControlResult: ResponseEncodable { let control: ProgrammeControl; let history: [ControlChange]? }
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
struct PolicyList: ResponseEncodable { let count: Int; let policies: [PolicySummary] }
struct PolicyResult: ResponseEncodable { let policy: Policy }
struct DiffLine: Codable { let op: String; let text: String }
struct PolicyDiff: ResponseEncodable { let from: Int; let to: Int; let lines: [DiffLine] }
struct AcknowledgementResult: ResponseEncodable { let acknowledgement: PolicyAcknowledgement }
struct AcknowledgementReport: ResponseEncodable { let people: [AcknowledgementStatus]; let outstanding: Int }
struct CrosswalkResult: ResponseEncodable {
    let source: String
    let annexACount: Int
    let covered: Int
    let coverage: [Crosswalk.Coverage]
    let gaps: [String]
}
