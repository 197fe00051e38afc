import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import Reports
import UseCases
import WebViews

/// The compliance programme in the browser: engagement and request list, controls, policies,
/// acknowledgements, readiness and the ISO crosswalk.
struct ProgrammePages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/programme", use: engagement)
        router.post("/orgs/{org}/programme", use: createEngagement)
        router.post("/orgs/{org}/programme/{id}/scope", use: updateScope)
        router.post("/orgs/{org}/programme/{id}/applicability", use: applicability)
        router.post("/orgs/{org}/programme/{id}/audit-firm", use: inviteAuditFirm)
        router.post("/orgs/{org}/programme/{id}/requests/import", use: importRequests)
        router.post("/orgs/{org}/programme/{id}/requests/{number}", use: updateRequest)
        router.get("/orgs/{org}/controls", use: controls)
        router.post("/orgs/{org}/controls", use: createControl)
        router.post("/orgs/{org}/controls/adopt", use: adopt)
        router.get("/orgs/{org}/controls/{key}", use: control)
        router.post("/orgs/{org}/controls/{key}", use: updateControl)
        router.post("/orgs/{org}/controls/{key}/retire", use: retire)
        router.post("/orgs/{org}/controls/{key}/edit", use: editControl)
        router.get("/orgs/{org}/policies", use: policies)
        router.post("/orgs/{org}/policies", use: adoptPolicy)
        router.get("/orgs/{org}/policies/{key}", use: policy)
        router.post("/orgs/{org}/policies/{key}/edit", use: editPolicy)
        router.post("/orgs/{org}/policies/{key}/transition", use: transition)
        router.get("/orgs/{org}/policies/{key}/diff", use: diff)
        router.get("/orgs/{org}/policies/{key}/document", use: document)
        router.post("/orgs/{org}/policies/{key}/acknowledge", use: acknowledge)
        router.get("/orgs/{org}/my-policies", use: myPolicies)
        router.get("/orgs/{org}/acknowledgements", use: acknowledgements)
        router.get("/orgs/{org}/readiness", use: readiness)
        router.post("/orgs/{org}/readiness/snapshots", use: snapshot)
        router.post("/orgs/{org}/readiness/remediation", use: remediation)
        router.get("/orgs/{org}/crosswalk", use: crosswalk)
    }

    // MARK: Engagement

    @Sendable func engagement(_ request: Request, context: AttestContext) async throws -> Response {
        try await engagementPage(request, context: context, chosen: request.uri.queryParameters.get("engagement").flatMap { UUID(uuidString: String($0)) })
    }

    private func engagementPage(_ request: Request, context: AttestContext, chosen: UUID?, message: String? = nil, error: String? = nil,
                                status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let all = try await workflows.engagements.list(in: scope)
        let current = all.choose(chosen)
        var requests: [RequestItem] = []
        if let current { requests = try await workflows.requestList.requests(of: current.id, in: scope) }
        let model = EngagementPage.Model(
            organization: scope.organization, engagements: all, engagement: current,
            criteria: current?.criteriaInScope(workflows.content.catalog) ?? [], requests: requests, today: Day(Date()),
            canManage: scope.allows(.manageProgramme), canInvite: scope.allows(.manageEngagementGrants), csrf: context.csrfToken,
            message: message, error: error)
        return HTMLPage(EngagementPage.render(model, shell: try await support.shell(identity, current: scope, active: "programme")), status: status).response()
    }

    @Sendable func createEngagement(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let created = try await workflows.engagements.create(name: form["name"] ?? "", scope: try Self.scope(from: form), in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme?engagement=\(created.id.uuidString.lowercased())")
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: nil, error: message, status: status)
        }
    }

    @Sendable func updateScope(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try ProgrammeRoutes.uuid(context, "id", "Engagement")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            _ = try await workflows.engagements.updateScope(id, name: form["name"], scope: try Self.scope(from: form), in: scope)
            return try await engagementPage(request, context: context, chosen: id, message: "Scope saved; the request list now follows it.")
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    /// Reads the scoping form. Every field is checked again by `EngagementScope.validated()`.
    static func scope(from form: FormFields) throws(DomainError) -> EngagementScope {
        func day(_ name: String) throws(DomainError) -> Day? {
            guard let raw = form[name], !raw.isEmpty else { return nil }
            return try Day.parse(raw, field: name)
        }
        guard let type = ReportType(rawValue: form["report_type"] ?? "") else { throw .invalid("report_type", "choose Type 1 or Type 2.") }
        var categories: [TrustServicesCategory] = [.security]
        for raw in form.all("categories") {
            guard let category = TrustServicesCategory(rawValue: raw) else { throw .invalid("categories", "'\(raw.prefix(30))' is not a category.") }
            categories.append(category)
        }
        var clouds: [CloudProvider] = []
        for raw in form.all("clouds") {
            guard let cloud = CloudProvider(rawValue: raw) else { throw .invalid("clouds", "'\(raw.prefix(30))' is not a hosting option.") }
            clouds.append(cloud)
        }
        guard let headcount = HeadcountBand(rawValue: form["headcount"] ?? "1-50") else { throw .invalid("headcount", "choose a headcount band.") }
        var subservices: [SubserviceOrganization] = []
        for entry in (form["subservices"] ?? "").split(separator: ";") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = entry.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, let method = SubserviceOrganization.Method(rawValue: parts[2]) else {
                throw .invalid("subservices", "write each as 'name | service | carve_out' (or inclusive); '\(entry.prefix(60))' is not.")
            }
            subservices.append(SubserviceOrganization(name: parts[0], service: parts[1], method: method))
        }
        return EngagementScope(
            reportType: type, asOf: type == .type1 ? try day("as_of") : nil,
            periodStart: type == .type2 ? try day("period_start") : nil, periodEnd: type == .type2 ? try day("period_end") : nil,
            categories: categories, standards: form["isae3000"] == "yes" ? [.atc205, .isae3000] : [.atc205],
            systemName: form["system_name"] ?? "", services: form["services"] ?? "", boundaries: form["boundaries"] ?? "", clouds: clouds,
            locations: (form["locations"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) },
            headcount: headcount, subservices: subservices, currency: form["currency"] ?? "GBP")
    }

    @Sendable func applicability(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try ProgrammeRoutes.uuid(context, "id", "Engagement")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let reason = form["applicable"] == "yes" ? nil : (form["reason"] ?? "")
            _ = try await workflows.engagements.setApplicability(id, criterion: form["criterion"] ?? "", notApplicableBecause: reason, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme?engagement=\(id.uuidString.lowercased())")
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func inviteAuditFirm(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try ProgrammeRoutes.uuid(context, "id", "Engagement")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let firm = (form["audit_firm"] ?? "").trimmingCharacters(in: .whitespaces)
            _ = try await workflows.engagements.invite(auditFirm: firm, to: id, in: scope)
            return try await engagementPage(request, context: context, chosen: id, message: "\(firm) is now this engagement's audit firm.")
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func updateRequest(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try ProgrammeRoutes.uuid(context, "id", "Engagement")
        let number = try context.parameters.require("number")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let status = RequestStatus(rawValue: form["status"] ?? "") else { throw DomainError.invalid("status", "choose a status.") }
            guard let item = try await workflows.requestList.requests(of: id, in: scope).first(where: { $0.number == number }) else {
                throw DomainError.notFound("Request \(number.prefix(20))")
            }
            let owner = form["owner"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            _ = try await workflows.requestList.updateRequest(item.id, of: id, in: scope) { item in
                item.status = status
                item.owner = owner
            }
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme?engagement=\(id.uuidString.lowercased())#\(number)")
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func importRequests(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try ProgrammeRoutes.uuid(context, "id", "Engagement")
        return try await PageSupport.handling {
            try scope.require(.manageProgramme)
            _ = try await workflows.engagements.get(id, in: scope)
            let blobs = support.environment.evidence.blobs
            let upload = try await MultipartUpload.receive(request, spoolDirectory: blobs.spoolDirectory, limit: 5 << 20)
            guard let file = upload.file else { throw DomainError.invalid("file", "choose a CSV or XLSX file.") }
            defer { upload.discard() }
            let data = try Data(contentsOf: file.file)
            let rows = try RequestListFile.read(data, fileName: upload.fileName.isEmpty ? "upload" : upload.fileName)
            let result = try await workflows.requestList.importRequests(rows, into: id, in: scope)
            return try await engagementPage(request, context: context, chosen: id,
                                            message: "Imported: \(result.updated) updated, \(result.added) added, \(result.unchanged) unchanged.")
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    // MARK: Controls

    @Sendable func controls(_ request: Request, context: AttestContext) async throws -> Response {
        try await controlsPage(request, context: context)
    }

    private func controlsPage(_ request: Request, context: AttestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let model = ControlsPage.Model(
            organization: scope.organization, controls: try await workflows.controls.list(in: scope), libraryCount: workflows.content.library.controls.count,
            statusFilter: request.uri.queryParameters.get("status").map { String($0) } ?? "", canManage: scope.allows(.manageProgramme),
            csrf: context.csrfToken, error: error)
        return HTMLPage(ControlsPage.render(model, shell: try await support.shell(identity, current: scope, active: "controls")), status: status).response()
    }

    @Sendable func adopt(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        _ = try await FormFields.read(request, context: context)
        try await workflows.controls.adopt(nil, in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/controls")
    }

    @Sendable func createControl(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let type = ControlType(rawValue: form["type"] ?? ""), let frequency = Frequency(rawValue: form["frequency"] ?? "") else {
                throw DomainError.invalid("type", "choose a type and a frequency.")
            }
            let criteria = (form["criteria"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            let created = try await workflows.controls.create(key: (form["key"] ?? "").trimmingCharacters(in: .whitespaces).uppercased(), title: form["title"] ?? "",
                                                          description: form["description"] ?? "", type: type, frequency: frequency,
                                                          ownerRole: "security_officer", criteria: criteria, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/controls/\(created.key)")
        } orShow: { message, status in
            try await controlsPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func control(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let control = try await workflows.controls.get(key, in: scope)
        let history = try await workflows.controls.history(key, in: scope).map {
            (at: $0.at, actor: $0.actor, action: $0.action, status: $0.status.displayName, owner: $0.owner ?? "—")
        }
        let model = ControlPage.Model(organization: scope.organization, control: control, history: history,
                                      canManage: scope.allows(.manageProgramme), csrf: context.csrfToken)
        return HTMLPage(ControlPage.render(model, shell: try await support.shell(identity, current: scope, active: "controls"))).response()
    }

    @Sendable func updateControl(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let status = ImplementationStatus(rawValue: form["status"] ?? "") else { throw DomainError.invalid("status", "choose a status.") }
            let owner = form["owner"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
            let current = try await workflows.controls.get(key, in: scope)
            let action = current.status != status ? "status_changed" : "owner_assigned"
            _ = try await workflows.controls.update(key, action: action, in: scope) { control in
                control.status = status
                control.owner = owner
            }
            return PageSupport.seeOther(request.headers[.referer].flatMap { $0.contains("/controls/") ? "/orgs/\(scope.organization.slug)/controls/\(key)" : nil }
                                        ?? "/orgs/\(scope.organization.slug)/controls")
        } orShow: { message, status in
            try await controlsPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func editControl(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let frequency = Frequency(rawValue: form["frequency"] ?? "") else { throw DomainError.invalid("frequency", "choose a frequency.") }
            let criteria = (form["criteria"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            let title = form["title"] ?? "", description = form["description"] ?? ""
            _ = try await workflows.controls.update(key, action: "edited", in: scope) { control in
                control.title = title
                control.description = description
                control.frequency = frequency
                control.criteria = criteria
            }
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/controls/\(key)")
        } orShow: { message, status in
            try await controlsPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func retire(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let form = try await FormFields.read(request, context: context)
        let retired = form["retired"] == "yes"
        _ = try await workflows.controls.update(key, action: retired ? "retired" : "reinstated", in: scope) { $0.retired = retired }
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/controls/\(key)")
    }

    // MARK: Policies

    @Sendable func policies(_ request: Request, context: AttestContext) async throws -> Response {
        try await policiesPage(request, context: context)
    }

    private func policiesPage(_ request: Request, context: AttestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let engagements = try await workflows.engagements.list(in: scope)
        let categories = engagements.choose(nil)?.scope.categories ?? [.security]
        let outstanding = try await workflows.policies.outstanding(in: scope).map(\.missing.count).reduce(0, +)
        let model = PoliciesPage.Model(
            organization: scope.organization, policies: try await workflows.policies.list(in: scope),
            templates: workflows.content.policies.filter { $0.isOffered(for: categories) }, outstanding: outstanding, today: Day(Date()),
            canManage: scope.allows(.manageProgramme), csrf: context.csrfToken, error: error)
        return HTMLPage(PoliciesPage.render(model, shell: try await support.shell(identity, current: scope, active: "policies")), status: status).response()
    }

    @Sendable func adoptPolicy(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let owner = (form["owner"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !owner.isEmpty else { throw DomainError.invalid("owner", "name the policy's owner.") }
            let contact = (form["security_contact"] ?? "").trimmingCharacters(in: .whitespaces)
            let variables = PolicyVariables(company: scope.organization.name, owner: owner, securityContact: contact.isEmpty ? "the security officer" : contact)
            let policy = try await workflows.policies.adopt(template: form["template"] ?? "", variables: variables, owner: owner, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/policies/\(policy.key)")
        } orShow: { message, status in
            try await policiesPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func policy(_ request: Request, context: AttestContext) async throws -> Response {
        try await policyPage(request, context: context)
    }

    private func policyPage(_ request: Request, context: AttestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let policy = try await workflows.policies.get(try context.parameters.require("key"), in: scope)
        let requested = request.uri.queryParameters.get("version").flatMap { Int(String($0)) }
        let shown = try requested.map { number throws(DomainError) in
            guard let version = policy.version(number) else { throw DomainError.notFound("Version \(number)") }
            return version
        } ?? policy.latest
        let model = PolicyPage.Model(organization: scope.organization, policy: policy, shown: shown, bodyHTML: Markdown.html(shown.body),
                                     canManage: scope.allows(.manageProgramme), canApprove: scope.allows(.approvePolicies), csrf: context.csrfToken, error: error)
        return HTMLPage(PolicyPage.render(model, shell: try await support.shell(identity, current: scope, active: "policies")), status: status).response()
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
        return HTMLPage(PolicyDiffPage.render(organization: scope.organization, policy: policy, from: from, to: to, lines: LineDiff.diff(old.body, new.body),
                                              shell: try await support.shell(identity, current: scope, active: "policies"))).response()
    }

    @Sendable func document(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try context.requireIdentity()
        let scope = try await support.scope(context)
        let policy = try await workflows.policies.get(try context.parameters.require("key"), in: scope)
        let number = request.uri.queryParameters.get("version").flatMap { Int(String($0)) }
        guard let version = number.map({ policy.version($0) }) ?? policy.published ?? policy.latest else { throw DomainError.notFound("That version") }
        let html = PolicyDocument.html(policy, version: version, organization: scope.organization.name)
        let name = "\(policy.key)-v\(version.number)"
        switch request.uri.queryParameters.get("format").map({ String($0) }) ?? "html" {
        case "pdf":
            let pdf = try await PDFRenderer.locate().pdf(html: html)
            return ProgrammeRoutes.download(pdf, type: "application/pdf", name: "\(name).pdf")
        case "html":
            return HTMLPage(html).response()
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
        return HTMLPage(MyPoliciesPage.render(organization: scope.organization, rows: rows, canAcknowledge: canAcknowledge, csrf: context.csrfToken,
                                              shell: try await support.shell(identity, current: scope, active: "policies"))).response()
    }

    @Sendable func acknowledgements(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let people = try await workflows.policies.outstanding(in: scope).map {
            AcknowledgementsPage.Person(email: $0.email, name: $0.name, acknowledged: $0.acknowledged.count, missing: $0.missing)
        }
        return HTMLPage(AcknowledgementsPage.render(organization: scope.organization, people: people,
                                                    shell: try await support.shell(identity, current: scope, active: "policies"))).response()
    }

    // MARK: Readiness

    @Sendable func readiness(_ request: Request, context: AttestContext) async throws -> Response {
        try await readinessPage(request, context: context, chosen: request.uri.queryParameters.get("engagement").flatMap { UUID(uuidString: String($0)) })
    }

    private func readinessPage(_ request: Request, context: AttestContext, chosen: UUID?, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let all = try await workflows.engagements.list(in: scope)
        guard let engagement = all.choose(chosen) else {
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme")
        }
        let model = ReadinessPage.Model(
            organization: scope.organization, engagement: engagement, report: try await workflows.readiness.compute(engagement.id, in: scope),
            snapshots: try await workflows.readiness.snapshots(engagement.id, in: scope), remediation: try await workflows.readiness.remediations(engagement.id, in: scope),
            canManage: scope.allows(.manageProgramme), csrf: context.csrfToken, error: error)
        return HTMLPage(ReadinessPage.render(model, shell: try await support.shell(identity, current: scope, active: "readiness")), status: status).response()
    }

    @Sendable func snapshot(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        guard let id = form["engagement"].flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("Engagement") }
        try await workflows.readiness.recordSnapshot(id, in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/readiness?engagement=\(id.uuidString.lowercased())")
    }

    @Sendable func remediation(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        guard let id = form["engagement"].flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("Engagement") }
        return try await PageSupport.handling {
            let item = try RemediationItem(criterion: form["criterion"] ?? "", owner: form["owner"] ?? "",
                                           dueDate: try Day.parse(form["due_date"] ?? "", field: "due_date"), plan: form["plan"] ?? "")
            _ = try await workflows.readiness.plan(item, for: id, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/readiness?engagement=\(id.uuidString.lowercased())#gap-\(item.criterion)")
        } orShow: { message, status in
            try await readinessPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    // MARK: Crosswalk

    @Sendable func crosswalk(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let coverage = workflows.content.crosswalk.coverage(of: try await workflows.controls.list(in: scope))
        return HTMLPage(CrosswalkPage.render(organization: scope.organization, source: workflows.content.crosswalk.source, coverage: coverage,
                                             shell: try await support.shell(identity, current: scope, active: "crosswalk"))).response()
    }
}
