import ComplianceCore
import Foundation
import Hummingbird
import Reports
import UseCases
import WebViews

/// Policies in the browser: adopt, edit, approve and publish, diff, print, acknowledge, and who still has to.
struct PolicyPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/policies", use: policies)
        router.post("/orgs/{org}/policies", use: adoptPolicy)
        router.post("/orgs/{org}/policies/self-approval", use: selfApproval)
        router.get("/orgs/{org}/policies/{key}", use: policy)
        router.post("/orgs/{org}/policies/{key}/edit", use: editPolicy)
        router.post("/orgs/{org}/policies/{key}/transition", use: transition)
        router.get("/orgs/{org}/policies/{key}/diff", use: diff)
        router.get("/orgs/{org}/policies/{key}/document", use: document)
        router.post("/orgs/{org}/policies/{key}/acknowledge", use: acknowledge)
        router.get("/orgs/{org}/my-policies", use: myPolicies)
        router.get("/orgs/{org}/acknowledgements", use: acknowledgements)
    }

    @Sendable func policies(_ request: Request, context: AttestContext) async throws -> Response {
        try await policiesPage(request, context: context)
    }

    private func policiesPage(_ request: Request, context: AttestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let engagements = try await workflows.engagements.list(in: scope)
        let categories = engagements.choose(nil)?.scope.categories ?? [.security]
        let outstanding = try await workflows.policies.outstanding(in: scope).map(\.missing.count).reduce(0, +)
        var model = PoliciesPage.Model(
            organization: scope.organization, policies: try await workflows.policies.list(in: scope),
            templates: workflows.content.policies.filter { $0.isOffered(for: categories) }, outstanding: outstanding, today: Day(Date()),
            canManage: scope.allows(.manageProgramme), csrf: context.csrfToken, error: error)
        model.selfApproval = try await workflows.policies.settings(in: scope).selfApproval
        model.canApprove = scope.allows(.approvePolicies)
        model.message = context.notice
        return HTMLPage(PoliciesPage.render(model, shell: try await support.shell(identity, current: scope, active: "policies")), status: status)
            .response()
    }

    @Sendable func selfApproval(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let allowed = form["allowed"] == "yes"
            _ = try await workflows.policies.allowSelfApproval(allowed, reason: form["reason"] ?? "", in: scope)
            return support.seeOther(
                "/orgs/\(scope.organization.slug)/policies#separation-of-duties",
                notice: allowed
                    ? "Authors may now approve their own policies; the reason is in the log." : "A second person approves policies again.",
                request: request)
        } orShow: { message, status in
            try await policiesPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func adoptPolicy(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let owner = (form["owner"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !owner.isEmpty else { throw DomainError.invalid("owner", "name the policy's owner.") }
            let contact = (form["security_contact"] ?? "").trimmingCharacters(in: .whitespaces)
            let variables = PolicyVariables(
                company: scope.organization.name, owner: owner, securityContact: contact.isEmpty ? "the security officer" : contact)
            let policy = try await workflows.policies.adopt(template: form["template"] ?? "", variables: variables, owner: owner, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/policies/\(policy.key)")
        } orShow: { message, status in
            try await policiesPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func policy(_ request: Request, context: AttestContext) async throws -> Response {
        try await policyPage(request, context: context)
    }

    private func policyPage(_ request: Request, context: AttestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let policy = try await workflows.policies.get(try context.parameters.require("key"), in: scope)
        let requested = request.uri.queryParameters.get("version").flatMap { Int(String($0)) }
        let shown =
            try requested.map { number throws(DomainError) in
                guard let version = policy.version(number) else { throw DomainError.notFound("Version \(number)") }
                return version
            } ?? policy.latest
        let model = PolicyPage.Model(
            organization: scope.organization, policy: policy, shown: shown, bodyHTML: Markdown.html(shown.body),
            canManage: scope.allows(.manageProgramme), canApprove: scope.allows(.approvePolicies), csrf: context.csrfToken, error: error)
        return HTMLPage(PolicyPage.render(model, shell: try await support.shell(identity, current: scope, active: "policies")), status: status)
            .response()
    }

    @Sendable func editPolicy(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            _ = try await workflows.policies.edit(key, body: form["body"] ?? "", changeNote: form["change_note"] ?? "", in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/policies/\(key)")
        } orShow: { message, status in
            try await policyPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func transition(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let status = PolicyStatus(rawValue: form["status"] ?? "") else { throw DomainError.invalid("status", "unknown status.") }
            _ = try await workflows.policies.advance(key, to: status, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/policies/\(key)")
        } orShow: { message, status in
            try await policyPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func diff(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let policy = try await workflows.policies.get(try context.parameters.require("key"), in: scope)
        let to = request.uri.queryParameters.get("to").flatMap { Int(String($0)) } ?? policy.latest.number
        let from = request.uri.queryParameters.get("from").flatMap { Int(String($0)) } ?? max(1, to - 1)
        guard let old = policy.version(from), let new = policy.version(to) else { throw DomainError.notFound("That version") }
        return HTMLPage(
            PolicyDiffPage.render(
                organization: scope.organization, policy: policy, from: from, to: to, lines: LineDiff.diff(old.body, new.body),
                shell: try await support.shell(identity, current: scope, active: "policies"))
        ).response()
    }

    @Sendable func document(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try context.requireIdentity()
        let scope = try await support.scope(context)
        let policy = try await workflows.policies.get(try context.parameters.require("key"), in: scope)
        let number = request.uri.queryParameters.get("version").flatMap { Int(String($0)) }
        guard let version = number.map({ policy.version($0) }) ?? policy.published ?? policy.latest else {
            throw DomainError.notFound("That version")
        }
        let html = PolicyDocument.html(policy, version: version, organization: scope.organization.name)
        let name = "\(policy.key)-v\(version.number)"
        switch request.uri.queryParameters.get("format").map({ String($0) }) ?? "html" {
        case "pdf":
            let pdf = try await PDFRenderer.locate().pdf(html: html)
            return Download.attachment(pdf, type: "application/pdf", name: "\(name).pdf")
        case "html":
            // A standalone printable document with its own inline stylesheet and no scripts: the
            // page's policy allows exactly that (the site-wide one would drop its styles).
            var response = HTMLPage(html).response()
            response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
            return response
        case let other:
            throw DomainError.invalid("format", "'\(other.prefix(20))' is not html or pdf.")
        }
    }

    @Sendable func acknowledge(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        _ = try await FormFields.read(request, context: context)
        _ = try await workflows.policies.acknowledge(try context.parameters.require("key"), userID: identity.user.id, in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/my-policies")
    }

    @Sendable func myPolicies(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let acks = try await workflows.policies.acknowledgements(in: scope).filter { $0.userID == identity.user.id }
        let rows = try await workflows.policies.list(in: scope).compactMap { policy -> MyPoliciesPage.Row? in
            guard let published = policy.published else { return nil }
            let ack = acks.first { $0.policyID == policy.id && $0.version == published.number }
            return MyPoliciesPage.Row(key: policy.key, title: policy.title, version: published.number, acknowledgedAt: ack?.acknowledgedAt)
        }
        let canAcknowledge = scope.allows(.acknowledgePolicies)
        return HTMLPage(
            MyPoliciesPage.render(
                organization: scope.organization, rows: rows, canAcknowledge: canAcknowledge, csrf: context.csrfToken,
                shell: try await support.shell(identity, current: scope, active: "policies"))
        ).response()
    }

    @Sendable func acknowledgements(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let people = try await workflows.policies.outstanding(in: scope).map {
            AcknowledgementsPage.Person(email: $0.email, name: $0.name, acknowledged: $0.acknowledged.count, missing: $0.missing)
        }
        return HTMLPage(
            AcknowledgementsPage.render(
                organization: scope.organization, people: people,
                shell: try await support.shell(identity, current: scope, active: "policies"))
        ).response()
    }
}
