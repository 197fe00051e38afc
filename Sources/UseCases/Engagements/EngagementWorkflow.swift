import ComplianceCore
import Foundation

/// Engagements: scoping, applicability, the audit firm. (Their request lists are `RequestListWorkflow`.)
public struct EngagementWorkflow: Sendable {
    let records: any RecordStorage
    let content: ProgrammeContent

    /// The organisation's engagements; an auditor sees only those of their own firm.
    public func list(in scope: TenantScope) async throws -> [Engagement] {
        try scope.require(.viewProgramme)
        let all = try await records.all(.engagement, organization: scope.organizationID)
        guard let firm = try await auditorFirm(scope) else { return all }
        return all.filter { $0.auditFirm == firm }
    }

    /// The engagement, or not found: for another organisation's, and for an auditor of another firm.
    public func get(_ id: UUID, in scope: TenantScope) async throws -> Engagement {
        try scope.require(.viewProgramme)
        return try await find(id, visibleTo: scope)
    }

    /// The engagement as this caller may see it, without deciding any right: the organisation's own,
    /// and for an auditor only through the engagement's own firm (anything else is not found).
    public func find(_ id: UUID, visibleTo scope: TenantScope) async throws -> Engagement {
        AccessTrace.load("engagement")
        guard let engagement = try await records.find(.engagement, organization: scope.organizationID, id: id) else {
            throw DomainError.notFound("Engagement \(id.uuidString.lowercased())")
        }
        if let firm = try await auditorFirm(scope), engagement.auditFirm != firm {
            throw DomainError.notFound("Engagement \(id.uuidString.lowercased())")
        }
        return engagement
    }

    /// The slug of the audit firm an auditor reaches the organisation through; nil for members and the operator.
    func auditorFirm(_ scope: TenantScope) async throws -> String? {
        guard let grantID = scope.standing.grantID else { return nil }
        guard let grant = try await records.grant(grantID), let firm = try await records.organization(grant.auditFirmID) else { return "" }
        return firm.slug.rawValue
    }

    /// Creates an engagement and generates its request list from the scope, in one transaction.
    public func create(name: String, scope engagementScope: EngagementScope, in scope: TenantScope, now: Date = Date()) async throws -> Engagement {
        try scope.require(.manageProgramme)
        let valid = try engagementScope.validated()
        let title = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty, title.count <= 200 else { throw DomainError.invalid("name", "an engagement needs a name of 1 to 200 characters.") }
        let engagement = Engagement(
            id: UUID(), organizationID: scope.organizationID, name: title, status: .scoping, auditFirm: nil,
            scope: valid, exclusions: [], createdAt: now.roundedToMilliseconds, updatedAt: now.roundedToMilliseconds)
        try await records.write { tx in
            try await tx.save(
                .engagement, engagement, id: engagement.id, organization: scope.organizationID, parent: nil,
                key: engagement.id.uuidString.lowercased(), action: "created", actor: scope.actor, now: now)
            try await regenerateRequests(for: engagement, scope: scope, now: now, on: tx)
        }
        return engagement
    }

    /// Changes the scope; the request list follows (edited items are kept, items the new scope no
    /// longer needs are removed, new ones are added) and the change is in the log.
    public func updateScope(_ id: UUID, name: String? = nil, scope engagementScope: EngagementScope, in scope: TenantScope, now: Date = Date())
        async throws -> Engagement
    {
        try scope.require(.manageProgramme)
        let valid = try engagementScope.validated()
        return try await records.write { tx in
            guard var engagement = try await tx.find(.engagement, organization: scope.organizationID, id: id) else {
                throw DomainError.notFound("Engagement \(id.uuidString.lowercased())")
            }
            try await requireUnreported(id, in: scope, on: tx)
            engagement.scope = valid
            if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty { engagement.name = String(name.prefix(200)) }
            // Exclusions only make sense for criteria still in scope.
            let inScope = Set(engagement.criteriaInScope(content.catalog).map(\.id))
            engagement.exclusions.removeAll { !inScope.contains($0.criterion) }
            engagement.updatedAt = now.roundedToMilliseconds
            try await tx.save(
                .engagement, engagement, id: id, organization: scope.organizationID, parent: nil,
                key: id.uuidString.lowercased(), action: "scoped", actor: scope.actor, now: now)
            try await regenerateRequests(for: engagement, scope: scope, now: now, on: tx)
            return engagement
        }
    }

    /// Marks a criterion not applicable (a reason is required) or, with a nil reason, applicable again.
    public func setApplicability(_ id: UUID, criterion: String, notApplicableBecause reason: String?, in scope: TenantScope, now: Date = Date())
        async throws -> Engagement
    {
        try scope.require(.manageProgramme)
        return try await records.write { tx in
            guard var engagement = try await tx.find(.engagement, organization: scope.organizationID, id: id) else {
                throw DomainError.notFound("Engagement \(id.uuidString.lowercased())")
            }
            try await requireUnreported(id, in: scope, on: tx)
            guard engagement.criteriaInScope(content.catalog).contains(where: { $0.id == criterion }) else {
                throw DomainError.unprocessable("criterion", "'\(criterion.prefix(20))' is not a criterion in this engagement's scope.")
            }
            engagement.exclusions.removeAll { $0.criterion == criterion }
            if let reason { engagement.exclusions.append(try CriterionExclusion(criterion: criterion, reason: reason)) }
            engagement.exclusions.sort { $0.criterion < $1.criterion }
            engagement.updatedAt = now.roundedToMilliseconds
            try await tx.save(
                .engagement, engagement, id: id, organization: scope.organizationID, parent: nil,
                key: id.uuidString.lowercased(), action: reason == nil ? "criterion_applicable" : "criterion_not_applicable",
                actor: scope.actor, now: now)
            return engagement
        }
    }

    /// Archives a finished engagement (it stays as it was, reachable when chosen, and the pages no
    /// longer open it by default), or reopens it. A reported engagement may be archived too: its
    /// scope does not change.
    public func setArchived(_ id: UUID, _ archived: Bool, in scope: TenantScope, now: Date = Date()) async throws -> Engagement {
        try scope.require(.manageProgramme)
        return try await records.write { tx in
            guard var engagement = try await tx.find(.engagement, organization: scope.organizationID, id: id) else {
                throw DomainError.notFound("Engagement \(id.uuidString.lowercased())")
            }
            guard (engagement.status == .closed) != archived else { return engagement }
            engagement.status = archived ? .closed : .scoping
            engagement.updatedAt = now.roundedToMilliseconds
            try await tx.save(
                .engagement, engagement, id: id, organization: scope.organizationID, parent: nil,
                key: id.uuidString.lowercased(), action: archived ? "archived" : "reopened", actor: scope.actor, now: now)
            return engagement
        }
    }

    /// Names the audit firm (an organisation of kind audit_firm) that will audit this engagement.
    public func invite(auditFirm slug: String, to id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> Engagement {
        try scope.require(.manageEngagementGrants)
        return try await records.write { tx in
            guard let firm = try await tx.organization(slug: slug), firm.kind == .auditFirm else {
                throw DomainError.unprocessable("audit_firm", "'\(slug.prefix(40))' is not an audit firm on this server.")
            }
            guard var engagement = try await tx.find(.engagement, organization: scope.organizationID, id: id) else {
                throw DomainError.notFound("Engagement \(id.uuidString.lowercased())")
            }
            try await requireUnreported(id, in: scope, on: tx)
            if let current = engagement.auditFirm, current != slug {
                throw DomainError.conflict("audit_firm_set", "This engagement is already with \(current); an engagement has one audit firm.")
            }
            engagement.auditFirm = slug
            engagement.updatedAt = now.roundedToMilliseconds
            try await tx.save(
                .engagement, engagement, id: id, organization: scope.organizationID, parent: nil,
                key: id.uuidString.lowercased(), action: "audit_firm_invited", actor: scope.actor, now: now)
            return engagement
        }
    }

    private func regenerateRequests(for engagement: Engagement, scope: TenantScope, now: Date, on tx: any RecordTransaction) async throws {
        let plan = Timeline.plan(for: engagement.scope, startingOn: Day(engagement.createdAt))
        let lines = RequestListGenerator.lines(content.requests, for: engagement.scope, timeline: plan)
        let wanted = Set(lines.map(\.key))
        var existing = try await tx.all(.request, organization: scope.organizationID, parent: engagement.id)
        for item in existing where !item.isCustom && !wanted.contains(item.key) {
            try await tx.delete(.request, id: item.id, organization: scope.organizationID, actor: scope.actor, now: now)
        }
        existing.removeAll { !$0.isCustom && !wanted.contains($0.key) }
        let have = Set(existing.map(\.key))
        for line in lines where !have.contains(line.key) {
            let item = RequestItem(
                id: UUID(), engagementID: engagement.id, number: RequestListWorkflow.number(after: existing), key: line.key, area: line.area,
                title: line.title, provide: line.provide, kind: line.kind, criteria: line.criteria, dueDate: line.due,
                owner: nil, status: .open)
            existing.append(item)
            try await tx.save(
                .request, item, id: item.id, organization: scope.organizationID, parent: engagement.id,
                key: RequestListWorkflow.recordKey(item), action: "generated", actor: scope.actor, now: now)
        }
    }

    /// An engagement whose final report is issued keeps the scope the report speaks of: changes go
    /// into next year's engagement (issue 11, finding 7).
    func requireUnreported(_ id: UUID, in scope: TenantScope, on tx: any RecordTransaction) async throws {
        let versions = try await tx.all(.reportVersion, organization: scope.organizationID, parent: id)
        guard !versions.contains(where: { $0.status == .final }) else {
            throw DomainError.conflict(
                "engagement_reported",
                "The final report for this engagement is issued, so its scope is fixed; start next year's engagement for changes.")
        }
    }
}
