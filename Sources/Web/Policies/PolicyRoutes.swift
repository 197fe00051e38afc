import ComplianceCore
import Foundation
import Hummingbird
import NIOCore
import Reports
import UseCases

/// Policies over the API: adoption, versions, transitions, diffs, acknowledgements.
struct PolicyRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }
    var content: ProgrammeContent { workflows.content }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/policies", use: policies)
        org.post("/policies", use: adoptPolicy)
        org.get("/policies/{key}", use: policy)
        org.put("/policies/{key}", use: editPolicy)
        org.post("/policies/{key}/transition", use: transition)
        org.get("/policies/{key}/diff", use: diff)
        org.post("/policies/{key}/acknowledge", use: acknowledge)
        org.get("/acknowledgements", use: acknowledgements)
    }

    @Sendable func policies(_ request: Request, context: AttestContext) async throws -> PolicyList {
        let scope = try await context.organizationScope(in: workflows)
        let today = Day(Date())
        let list = try await workflows.policies.list(in: scope).map { PolicySummary($0, today: today) }
        return PolicyList(count: list.count, policies: list)
    }

    @Sendable func adoptPolicy(_ request: Request, context: AttestContext) async throws -> EditedResponse<PolicyResult> {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(AdoptPolicyRequest.self, from: request, context: context)
        let variables = PolicyVariables(
            company: scope.organization.name, owner: body.owner, reviewCadence: body.reviewCadence ?? "every year",
            securityContact: body.securityContact ?? "the security officer")
        let policy = try await workflows.policies.adopt(template: body.template, variables: variables, owner: body.owner, in: scope)
        return EditedResponse(status: .created, response: PolicyResult(policy: policy))
    }

    @Sendable func policy(_ request: Request, context: AttestContext) async throws -> PolicyResult {
        let scope = try await context.organizationScope(in: workflows)
        return PolicyResult(policy: try await workflows.policies.get(try context.parameters.require("key"), in: scope))
    }

    @Sendable func editPolicy(_ request: Request, context: AttestContext) async throws -> PolicyResult {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(PolicyEdit.self, from: request, context: context)
        return PolicyResult(
            policy: try await workflows.policies.edit(try context.parameters.require("key"), body: body.body, changeNote: body.changeNote, in: scope))
    }

    @Sendable func transition(_ request: Request, context: AttestContext) async throws -> PolicyResult {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(PolicyTransition.self, from: request, context: context)
        return PolicyResult(policy: try await workflows.policies.advance(try context.parameters.require("key"), to: body.status, in: scope))
    }

    @Sendable func diff(_ request: Request, context: AttestContext) async throws -> PolicyDiff {
        let scope = try await context.organizationScope(in: workflows)
        let policy = try await workflows.policies.get(try context.parameters.require("key"), in: scope)
        let to =
            try request.uri.queryParameters.get("to").map { raw throws(DomainError) in
                guard let number = Int(raw) else { throw .invalid("to", "is a version number.") }
                return number
            } ?? policy.latest.number
        let from =
            try request.uri.queryParameters.get("from").map { raw throws(DomainError) in
                guard let number = Int(raw) else { throw .invalid("from", "is a version number.") }
                return number
            } ?? max(1, to - 1)
        guard let old = policy.version(from), let new = policy.version(to) else { throw DomainError.notFound("That version") }
        let lines = LineDiff.diff(old.body, new.body).map { line -> DiffLine in
            switch line {
            case .same(let text): DiffLine(op: "same", text: text)
            case .added(let text): DiffLine(op: "added", text: text)
            case .removed(let text): DiffLine(op: "removed", text: text)
            }
        }
        return PolicyDiff(from: from, to: to, lines: lines)
    }

    @Sendable func acknowledge(_ request: Request, context: AttestContext) async throws -> AcknowledgementResult {
        let scope = try await context.organizationScope(in: workflows)
        let user = try context.requireIdentity().user
        return AcknowledgementResult(
            acknowledgement: try await workflows.policies.acknowledge(try context.parameters.require("key"), userID: user.id, in: scope))
    }

    @Sendable func acknowledgements(_ request: Request, context: AttestContext) async throws -> AcknowledgementReport {
        let scope = try await context.organizationScope(in: workflows)
        let people = try await workflows.policies.outstanding(in: scope)
        return AcknowledgementReport(people: people, outstanding: people.map(\.missing.count).reduce(0, +))
    }
}
