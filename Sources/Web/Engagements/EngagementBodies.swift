import ComplianceCore
import Foundation

// Engagements as the API answers them. Each body is its own type, built from the stored
// document: renaming a stored field does not rename an API field, and the OpenAPI document is
// checked against these bodies, not against the stored types.

/// `Engagement` as the API answers it.
struct EngagementBody: Encodable, Sendable {
    let id: UUID
    let organizationID: UUID
    let name: String
    let status: Engagement.Status
    let auditFirm: String?
    let scope: EngagementScopeBody
    let exclusions: [CriterionExclusionBody]
    let createdAt: Date
    let updatedAt: Date

    init(_ value: Engagement) {
        id = value.id
        organizationID = value.organizationID
        name = value.name
        status = value.status
        auditFirm = value.auditFirm
        scope = EngagementScopeBody(value.scope)
        exclusions = value.exclusions.map(CriterionExclusionBody.init)
        createdAt = value.createdAt
        updatedAt = value.updatedAt
    }
}

/// `EngagementScope` as the API answers it.
struct EngagementScopeBody: Encodable, Sendable {
    let reportType: ReportType
    let asOf: Day?
    let periodStart: Day?
    let periodEnd: Day?
    let categories: [TrustServicesCategory]
    let standards: [AttestationStandard]
    let systemName: String
    let services: String
    let boundaries: String
    let clouds: [CloudProvider]
    let locations: [String]
    let headcount: HeadcountBand
    let subservices: [SubserviceOrganizationBody]
    let currency: String

    init(_ value: EngagementScope) {
        reportType = value.reportType
        asOf = value.asOf
        periodStart = value.periodStart
        periodEnd = value.periodEnd
        categories = value.categories
        standards = value.standards
        systemName = value.systemName
        services = value.services
        boundaries = value.boundaries
        clouds = value.clouds
        locations = value.locations
        headcount = value.headcount
        subservices = value.subservices.map(SubserviceOrganizationBody.init)
        currency = value.currency
    }
}

/// `CriterionExclusion` as the API answers it.
struct CriterionExclusionBody: Encodable, Sendable {
    let criterion: String
    let reason: String

    init(_ value: CriterionExclusion) {
        criterion = value.criterion
        reason = value.reason
    }
}

/// `SubserviceOrganization` as the API answers it.
struct SubserviceOrganizationBody: Encodable, Sendable {
    let name: String
    let service: String
    let method: SubserviceOrganization.Method

    init(_ value: SubserviceOrganization) {
        name = value.name
        service = value.service
        method = value.method
    }
}
