import ComplianceCore
import Foundation
import Hummingbird
import UseCases

/// Access review campaigns over the API: start one on a system's newest listing, decide each
/// account, close it once the revocations are proven.
struct AccessReviewRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/access/reviews", use: list)
        org.post("/access/reviews", use: start)
        org.get("/access/reviews/{id}", use: get)
        org.post("/access/reviews/{id}/decisions", use: decide)
        org.post("/access/reviews/{id}/close", use: close)
    }

    @Sendable func list(_ request: Request, context: AttestContext) async throws -> AccessReviewList {
        let scope = try await context.organizationScope(in: workflows)
        return AccessReviewList(reviews: try await workflows.accessReviews.reviews(in: scope).map(AccessReviewBody.init))
    }

    @Sendable func get(_ request: Request, context: AttestContext) async throws -> AccessReviewResult {
        let scope = try await context.organizationScope(in: workflows)
        return AccessReviewResult(
            review: AccessReviewBody(try await workflows.accessReviews.review(try context.uuid("id", "Access review"), in: scope)))
    }

    @Sendable func start(_ request: Request, context: AttestContext) async throws -> EditedResponse<AccessReviewResult> {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.managePeople)
        let body = try await StrictJSON.decode(StartReviewRequest.self, from: request, context: context)
        let review = try await workflows.accessReviews.start(
            system: body.system, periodStart: try Day.parse(body.periodStart, field: "period_start"),
            periodEnd: try Day.parse(body.periodEnd, field: "period_end"), in: scope)
        return EditedResponse(status: .created, response: AccessReviewResult(review: AccessReviewBody(review)))
    }

    @Sendable func decide(_ request: Request, context: AttestContext) async throws -> AccessReviewResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Access review")
        _ = try await workflows.accessReviews.review(id, in: scope)
        try scope.require(.reviewAccess)
        let body = try await StrictJSON.decode(DecisionRequest.self, from: request, context: context)
        guard let decision = AccessReview.Decision(rawValue: body.decision) else {
            throw DomainError.unprocessable("decision", "'\(body.decision.prefix(20))' is not keep, revoke or modify.")
        }
        let review = try await workflows.accessReviews.decide(id, account: body.account, decision: decision, reason: body.reason, in: scope)
        return AccessReviewResult(review: AccessReviewBody(review))
    }

    @Sendable func close(_ request: Request, context: AttestContext) async throws -> AccessReviewResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Access review")
        _ = try await workflows.accessReviews.review(id, in: scope)
        try scope.require(.managePeople)
        let body = try await StrictJSON.decode(CloseReviewRequest.self, from: request, context: context)
        let review = try await workflows.accessReviews.close(id, unproven: body.unproven ?? [:], in: scope)
        return AccessReviewResult(review: AccessReviewBody(review))
    }
}

struct StartReviewRequest: StrictBody {
    static let fields: Set<String> = ["system", "period_start", "period_end"]
    let system: String
    let periodStart: String
    let periodEnd: String
    enum CodingKeys: String, CodingKey {
        case system
        case periodStart = "period_start"
        case periodEnd = "period_end"
    }
}

struct DecisionRequest: StrictBody {
    static let fields: Set<String> = ["account", "decision", "reason"]
    let account: String
    let decision: String
    let reason: String?
}

struct CloseReviewRequest: StrictBody {
    static let fields: Set<String> = ["unproven"]
    /// Accounts whose revocation no listing proves, each with why not.
    let unproven: [String: String]?
}
