import ComplianceCore
import Foundation

// Readiness records as the API answers them. Each body is its own type, built from the stored
// document: renaming a stored field does not rename an API field, and the OpenAPI document is
// checked against these bodies, not against the stored types.

/// `RemediationItem` as the API answers it.
struct RemediationItemBody: Encodable, Sendable {
    let criterion: String
    let owner: String
    let dueDate: Day
    let plan: String

    init(_ value: RemediationItem) {
        criterion = value.criterion
        owner = value.owner
        dueDate = value.dueDate
        plan = value.plan
    }
}

/// `ReadinessSnapshot` as the API answers it.
struct ReadinessSnapshotBody: Encodable, Sendable {
    let engagementID: UUID
    let takenAt: Date
    let overall: Double
    let categories: [CategoryScoreBody]
    let gapCount: Int

    init(_ value: ReadinessSnapshot) {
        engagementID = value.engagementID
        takenAt = value.takenAt
        overall = value.overall
        categories = value.categories.map(CategoryScoreBody.init)
        gapCount = value.gapCount
    }
}

/// `CategoryScore` as the API answers it.
struct CategoryScoreBody: Encodable, Sendable {
    let category: TrustServicesCategory
    let score: Double
    let ready: Int
    let applicable: Int

    init(_ value: CategoryScore) {
        category = value.category
        score = value.score
        ready = value.ready
        applicable = value.applicable
    }
}
