import ComplianceCore
import Foundation
import Hummingbird
import UseCases

// Request bodies name their JSON fields in snake_case explicitly; responses are converted by the encoder.

struct EngagementRequest: StrictBody {
    static let fields: Set<String> = [
        "name", "report_type", "as_of", "period_start", "period_end", "categories", "standards", "system_name",
        "services", "boundaries", "clouds", "locations", "headcount", "subservices", "currency",
    ]
    static let nestedFields: [String: Set<String>] = ["subservices[]": ["name", "service", "method"]]
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
        case reportType = "report_type"
        case asOf = "as_of"
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case systemName = "system_name"
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
    enum CodingKeys: String, CodingKey {
        case criterion
        case notApplicableReason = "not_applicable_reason"
    }
}

struct InviteRequest: StrictBody {
    static let fields: Set<String> = ["audit_firm"]
    let auditFirm: String
    enum CodingKeys: String, CodingKey { case auditFirm = "audit_firm" }
}

// Responses.

struct CriterionScopeBody: Codable {
    let id: String
    let title: String
    let category: TrustServicesCategory
    let applicable: Bool
    let notApplicableReason: String?
}

struct EngagementList: ResponseEncodable {
    let engagements: [EngagementBody]

    init(engagements: [Engagement]) {
        self.engagements = engagements.map(EngagementBody.init)
    }
}

struct EngagementResult: ResponseEncodable {
    let engagement: EngagementBody
    let timeline: Timeline
    let estimate: CostEstimate
    let criteria: [CriterionScopeBody]

    /// The engagement with what the API derives from its scope: the timeline, the estimate, and
    /// each criterion in scope with its applicability.
    init(_ engagement: Engagement, catalog: Catalog) {
        self.engagement = EngagementBody(engagement)
        timeline = Timeline.plan(for: engagement.scope, startingOn: Day(engagement.createdAt))
        estimate = CostEstimate.estimate(for: engagement.scope)
        criteria = engagement.criteriaInScope(catalog).map { criterion in
            let exclusion = engagement.exclusion(for: criterion.id)
            return CriterionScopeBody(
                id: criterion.id, title: criterion.title, category: criterion.category,
                applicable: exclusion == nil, notApplicableReason: exclusion?.reason)
        }
    }
}
