import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// The organisation's own pages: dashboard, members, event log.
struct OrganizationPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/", use: home)
        router.get("/orgs/{org}", use: dashboard)
        router.get("/orgs/{org}/members", use: members)
        router.post("/orgs/{org}/members", use: setMember)
        router.post("/orgs/{org}/members/remove", use: removeMember)
        router.get("/orgs/{org}/events", use: events)
        router.post("/orgs/{org}/grants", use: grantAccess)
        router.post("/orgs/{org}/grants/{id}/extend", use: extendGrant)
        router.post("/orgs/{org}/grants/{id}/revoke", use: revokeGrant)
        router.get("/invitations", use: invitations)
        router.post("/invitations/{id}/accept", use: accept)
        router.post("/invitations/{id}/decline", use: decline)
    }

    /// The first organisation the user can reach, or a page that says there is none.
    @Sendable func home(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        if let first = try await workflows.organizations.reachable(by: identity.user.id).first {
            return PageSupport.seeOther("/orgs/\(first.0.slug)")
        }
        if try await !workflows.invitations.addressed(to: identity.user).isEmpty { return PageSupport.seeOther("/invitations") }
        let shell = try await support.shell(identity, current: nil, active: "")
        return HTMLPage(
            MessagePage.render(
                title: "No organisation yet",
                message: "You are not a member of any organisation. Ask an owner to add you, or create one with `attest org create`.", shell: shell)
        ).response()
    }

    @Sendable func dashboard(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let members = scope.allows(.viewMembers) ? try await workflows.memberships.members(in: scope) : []
        let counts = Role.allCases.compactMap { role -> (role: String, count: Int)? in
            let count = members.filter { $0.role == role }.count
            return count > 0 ? (role.rawValue, count) : nil
        }
        let catalog = support.environment.catalog
        var readiness: (engagement: String, report: ReadinessReport, snapshots: [ReadinessSnapshot])?
        var reminders: [Reminder] = []
        let engagements = try await workflows.engagements.list(in: scope)
        let latest = engagements.choose(support.rememberedEngagement(request, in: scope))
        if let latest {
            readiness = (
                latest.name, try await workflows.readiness.compute(latest.id, in: scope),
                try await workflows.readiness.snapshots(latest.id, in: scope)
            )
            // A final report needs renewing unless a later engagement already covers a later period.
            var issued: [Reminder.IssuedReport] = []
            for engagement in engagements where engagement.id == latest.id {
                if let until = try await workflows.reports.versions(engagement.id, in: scope).last(where: { $0.status == .final })?.validUntil {
                    issued.append(.init(engagement: engagement, validUntil: until))
                }
            }
            reminders = Reminder.due(
                policies: try await workflows.policies.list(in: scope), remediation: try await workflows.readiness.remediations(latest.id, in: scope),
                requests: try await workflows.requestList.requests(of: latest.id, in: scope), reports: issued, today: Day(Date()))
        }
        var model = DashboardPage.Model(
            organization: scope.organization, standing: scope.standing.label, memberCounts: counts,
            criteriaByCategory: TrustServicesCategory.allCases.map { ($0, catalog.criteria(in: $0).count) },
            recentEvents: scope.allows(.viewEvents) ? try await workflows.events.events(in: scope, limit: 8) : nil, readiness: readiness,
            reminders: reminders, notifications: try await workflows.requestList.notifications(in: scope), csrf: context.csrfToken)
        model.eventNames = try await workflows.events.names(of: model.recentEvents ?? [])
        if scope.organization.kind == .auditFirm {
            model.clients = try await workflows.clientEngagements(of: scope, userID: identity.user.id).map { row in
                ClientEngagementsList.Row(
                    client: row.client.name, clientSlug: row.client.slug.rawValue, engagement: row.engagement.name,
                    engagementID: row.engagement.id.uuidString.lowercased(), period: row.engagement.scope.periodLabel,
                    report: row.reportStatus.map { $0 == .final ? "issued" : $0.rawValue.replacingOccurrences(of: "_", with: " ") } ?? "not drafted",
                    openRequests: row.openRequests, overdueRequests: row.overdueRequests, blockers: row.blockers,
                    archived: row.engagement.status == .closed)
            }
        }
        guard let latest else {
            return HTMLPage(DashboardPage.render(model, shell: try await support.shell(identity, current: scope, active: "dashboard"))).response()
        }
        // The dashboard speaks of the engagement in view, and the header says which.
        let menu = support.engagementMenu(engagements, current: latest, path: "/orgs/\(scope.organization.slug)/programme", in: scope)
        return HTMLPage(DashboardPage.render(model, shell: try await support.shell(identity, current: scope, active: "dashboard").showing(menu)))
            .response()
    }

    @Sendable func members(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        return try await membersPage(identity, scope, message: context.notice, error: nil, status: .ok)
    }

    private func membersPage(
        _ identity: Identity, _ scope: TenantScope, message: String?, error: String?, formEmail: String = "", status: HTTPResponse.Status
    ) async throws -> Response {
        let members = try await workflows.memberships.members(in: scope)
        let grants = try await workflows.grants.list(in: scope).map { view in
            MembersPage.GrantRow(
                id: view.grant.id, auditorEmail: view.auditorEmail, firmName: view.firmName, expiresAt: view.grant.expiresAt,
                active: view.grant.isActive(at: Date()), revoked: view.grant.revokedAt != nil)
        }
        let model = MembersPage.Model(
            organization: scope.organization,
            rows: members.map { .init(name: $0.user.name, email: $0.user.email.rawValue, role: $0.role) },
            grants: grants, canManage: scope.allows(.manageMembers), canGrant: scope.allows(.manageEngagementGrants),
            assignableRoles: Role.allCases.filter { $0 != .owner || scope.allows(.grantOwnership) },
            message: message, error: error, formEmail: formEmail)
        return HTMLPage(MembersPage.render(model, shell: try await support.shell(identity, current: scope, active: "members")), status: status)
            .response()
    }

    @Sendable func setMember(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        do {
            guard let role = Role(rawValue: form["role"] ?? "") else { throw DomainError.invalid("role", "choose owner, admin, member or viewer.") }
            let notice =
                switch try await workflows.invitations.invite(try EmailAddress(form["email"] ?? ""), as: role, in: scope) {
                case .changed(let member): "\(member.user.name) is now \(member.role.rawValue)."
                case .invited(let invitation): "\(invitation.email) is invited as \(invitation.role.rawValue), and joins on accepting."
                }
            return support.seeOther("/orgs/\(scope.organization.slug)/members", notice: notice, request: request)
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await membersPage(identity, scope, message: nil, error: message, formEmail: form["email"] ?? "", status: status)
        }
    }

    @Sendable func removeMember(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        do {
            let email = try EmailAddress(form["email"] ?? "")
            try await workflows.memberships.remove(email, from: scope)
            return support.seeOther("/orgs/\(scope.organization.slug)/members", notice: "\(email) was removed.", request: request)
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await membersPage(identity, scope, message: nil, error: message, status: status)
        }
    }

    @Sendable func events(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let before = try request.integer("before", in: 1...Int.max).map(Int64.init)
        let events = try await workflows.events.events(in: scope, limit: 50, before: before)
        let problems = try await workflows.events.verifyChain(of: scope.organizationID)
        let oldest = events.last?.sequence ?? 1
        let model = EventsPage.Model(
            organization: scope.organization, events: events,
            nextBefore: oldest > 1 && events.count == 50 ? oldest : nil, chainProblems: problems,
            names: try await workflows.events.names(of: events))
        return HTMLPage(EventsPage.render(model, shell: try await support.shell(identity, current: scope, active: "events"))).response()
    }

    // MARK: Auditor access (the owner's)

    @Sendable func grantAccess(_ request: Request, context: AttestContext) async throws -> Response {
        try await grantForm(request, context: context) { form, scope in
            let grant = try await workflows.grants.grant(
                auditor: try EmailAddress(form["auditor"] ?? ""), of: try Slug(form["audit_firm"] ?? ""),
                until: try GrantRequest.date(form["expires_at"] ?? ""), in: scope)
            return "Access granted until \(Timestamp.rfc3339(grant.expiresAt).prefix(10))."
        }
    }

    @Sendable func extendGrant(_ request: Request, context: AttestContext) async throws -> Response {
        try await grantForm(request, context: context) { form, scope in
            let grant = try await workflows.grants.extend(
                try context.uuid("id", "Grant"), until: try GrantRequest.date(form["expires_at"] ?? ""), in: scope)
            return "Access extended until \(Timestamp.rfc3339(grant.expiresAt).prefix(10))."
        }
    }

    @Sendable func revokeGrant(_ request: Request, context: AttestContext) async throws -> Response {
        try await grantForm(request, context: context) { _, scope in
            _ = try await workflows.grants.revoke(try context.uuid("id", "Grant"), in: scope)
            return "Access revoked."
        }
    }

    private func grantForm(
        _ request: Request, context: AttestContext, _ action: (FormFields, TenantScope) async throws -> String
    ) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        do {
            let notice = try await action(form, scope)
            return support.seeOther("/orgs/\(scope.organization.slug)/members", notice: notice, request: request)
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await membersPage(identity, scope, message: nil, error: message, status: status)
        }
    }

    // MARK: Invitations addressed to the signed-in person

    @Sendable func invitations(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        return HTMLPage(
            InvitationsPage.render(
                invitations: try await workflows.invitations.addressed(to: identity.user), message: context.notice,
                shell: try await support.shell(identity, current: nil, active: ""))
        ).response()
    }

    @Sendable func accept(_ request: Request, context: AttestContext) async throws -> Response {
        try await answer(request, context: context, accept: true)
    }

    @Sendable func decline(_ request: Request, context: AttestContext) async throws -> Response {
        try await answer(request, context: context, accept: false)
    }

    private func answer(_ request: Request, context: AttestContext, accept: Bool) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let invitation = try await workflows.invitations.answer(try context.uuid("id", "Invitation"), accept: accept, by: identity.user)
        guard accept else { return support.seeOther("/invitations", notice: "Declined: \(invitation.organizationName).", request: request) }
        guard
            let slug = try await workflows.organizations.reachable(by: identity.user.id).first(where: { $0.0.id == invitation.organizationID })?.0
                .slug
        else { return PageSupport.seeOther("/invitations") }
        return support.seeOther("/orgs/\(slug)", notice: "Welcome to \(invitation.organizationName).", request: request)
    }
}
