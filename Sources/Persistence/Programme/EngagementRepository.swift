import ComplianceCore
import FluentKit
import Foundation

/// Engagements and their information request lists.
public struct EngagementRepository: Sendable {
    let database: AttestDatabase
    let content: ProgrammeContent
    var records: Records { Records(database: database) }

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
        guard let grant = try await EngagementGrantModel.find(grantID, on: database.db),
            let firm = try await OrganizationModel.find(grant.auditFirmID, on: database.db)
        else { return "" }
        return firm.slug
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
        try await database.write { db in
            try await records.save(
                .engagement, engagement, id: engagement.id, organization: scope.organizationID, parent: nil,
                key: engagement.id.uuidString.lowercased(), action: "created", actor: scope.actor, now: now, on: db)
            try await regenerateRequests(for: engagement, scope: scope, now: now, on: db)
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
        return try await database.write { db in
            guard var engagement = try await records.find(.engagement, organization: scope.organizationID, id: id, on: db) else {
                throw DomainError.notFound("Engagement \(id.uuidString.lowercased())")
            }
            try await requireUnreported(id, in: scope, on: db)
            engagement.scope = valid
            if let name, !name.trimmingCharacters(in: .whitespaces).isEmpty { engagement.name = String(name.prefix(200)) }
            // Exclusions only make sense for criteria still in scope.
            let inScope = Set(engagement.criteriaInScope(content.catalog).map(\.id))
            engagement.exclusions.removeAll { !inScope.contains($0.criterion) }
            engagement.updatedAt = now.roundedToMilliseconds
            try await records.save(
                .engagement, engagement, id: id, organization: scope.organizationID, parent: nil,
                key: id.uuidString.lowercased(), action: "scoped", actor: scope.actor, now: now, on: db)
            try await regenerateRequests(for: engagement, scope: scope, now: now, on: db)
            return engagement
        }
    }

    /// Marks a criterion not applicable (a reason is required) or, with a nil reason, applicable again.
    public func setApplicability(_ id: UUID, criterion: String, notApplicableBecause reason: String?, in scope: TenantScope, now: Date = Date())
        async throws -> Engagement
    {
        try scope.require(.manageProgramme)
        return try await database.write { db in
            guard var engagement = try await records.find(.engagement, organization: scope.organizationID, id: id, on: db) else {
                throw DomainError.notFound("Engagement \(id.uuidString.lowercased())")
            }
            try await requireUnreported(id, in: scope, on: db)
            guard engagement.criteriaInScope(content.catalog).contains(where: { $0.id == criterion }) else {
                throw DomainError.unprocessable("criterion", "'\(criterion.prefix(20))' is not a criterion in this engagement's scope.")
            }
            engagement.exclusions.removeAll { $0.criterion == criterion }
            if let reason { engagement.exclusions.append(try CriterionExclusion(criterion: criterion, reason: reason)) }
            engagement.exclusions.sort { $0.criterion < $1.criterion }
            engagement.updatedAt = now.roundedToMilliseconds
            try await records.save(
                .engagement, engagement, id: id, organization: scope.organizationID, parent: nil,
                key: id.uuidString.lowercased(), action: reason == nil ? "criterion_applicable" : "criterion_not_applicable",
                actor: scope.actor, now: now, on: db)
            return engagement
        }
    }

    /// Names the audit firm (an organisation of kind audit_firm) that will audit this engagement.
    public func invite(auditFirm slug: String, to id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> Engagement {
        try scope.require(.manageEngagementGrants)
        return try await database.write { db in
            guard let firm = try await OrganizationModel.query(on: db).filter(\.$slug == slug).first(),
                try firm.domain().kind == .auditFirm
            else { throw DomainError.unprocessable("audit_firm", "'\(slug.prefix(40))' is not an audit firm on this server.") }
            guard var engagement = try await records.find(.engagement, organization: scope.organizationID, id: id, on: db) else {
                throw DomainError.notFound("Engagement \(id.uuidString.lowercased())")
            }
            try await requireUnreported(id, in: scope, on: db)
            if let current = engagement.auditFirm, current != slug {
                throw DomainError.conflict("audit_firm_set", "This engagement is already with \(current); an engagement has one audit firm.")
            }
            engagement.auditFirm = slug
            engagement.updatedAt = now.roundedToMilliseconds
            try await records.save(
                .engagement, engagement, id: id, organization: scope.organizationID, parent: nil,
                key: id.uuidString.lowercased(), action: "audit_firm_invited", actor: scope.actor, now: now, on: db)
            return engagement
        }
    }

    // MARK: Request list

    public func requests(of id: UUID, in scope: TenantScope) async throws -> [RequestItem] {
        _ = try await get(id, in: scope)
        return try await records.all(.request, organization: scope.organizationID, parent: id).sorted { $0.number < $1.number }
    }

    /// Changes one request's editable fields.
    public func updateRequest(
        _ requestID: UUID, of engagementID: UUID, in scope: TenantScope, now: Date = Date(),
        _ change: @escaping @Sendable (inout RequestItem) throws -> Void
    ) async throws -> RequestItem {
        try await requireRequestEditor(engagementID, in: scope)
        return try await database.write { db in
            guard var item = try await records.find(.request, organization: scope.organizationID, id: requestID, on: db),
                item.engagementID == engagementID
            else { throw DomainError.notFound("Request \(requestID.uuidString.lowercased())") }
            try change(&item)
            try Self.check(item)
            try await records.save(
                .request, item, id: item.id, organization: scope.organizationID, parent: engagementID,
                key: Self.recordKey(item), action: "updated", actor: scope.actor, now: now, on: db)
            return item
        }
    }

    /// Adds a request of the organisation's own.
    public func addRequest(
        to engagementID: UUID, area: String, title: String, provide: String, kind: RequestKind, criteria: [String],
        due: Day?, owner: String?, in scope: TenantScope, now: Date = Date()
    ) async throws -> RequestItem {
        try await requireRequestEditor(engagementID, in: scope)
        return try await database.write { db in
            let existing = try await records.all(.request, organization: scope.organizationID, parent: engagementID, on: db)
            let item = RequestItem(
                id: UUID(), engagementID: engagementID, number: Self.number(after: existing),
                key: "custom:\(UUID().uuidString.lowercased().prefix(8))",
                area: area, title: title, provide: provide, kind: kind, criteria: criteria, dueDate: due, owner: owner, status: .open)
            try Self.check(item, catalog: content.catalog)
            try await records.save(
                .request, item, id: item.id, organization: scope.organizationID, parent: engagementID,
                key: Self.recordKey(item), action: "created", actor: scope.actor, now: now, on: db)
            return item
        }
    }

    /// Applies an edited list (from CSV or XLSX) all at once: rows are matched by number; every row
    /// is checked before anything is written, so a bad file changes nothing.
    public func importRequests(_ rows: [RequestRow], into engagementID: UUID, in scope: TenantScope, now: Date = Date()) async throws
        -> RequestImportResult
    {
        try scope.require(.manageProgramme)
        _ = try await get(engagementID, in: scope)
        return try await database.write { db in
            let existing = try await records.all(.request, organization: scope.organizationID, parent: engagementID, on: db)
            var byNumber = Dictionary(existing.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
            var changed: [RequestItem] = []
            var added: [RequestItem] = []
            var seen = Set<String>()
            for row in rows {
                if !row.number.isEmpty {
                    guard seen.insert(row.number).inserted else {
                        throw DomainError.invalid("requests", "row \(row.line): request \(row.number) appears twice.")
                    }
                }
                if let current = byNumber[row.number] {
                    var item = current
                    row.apply(to: &item)
                    do throws(DomainError) { try Self.check(item, catalog: content.catalog) } catch {
                        throw DomainError.invalid("requests", "row \(row.line): \(error.message)")
                    }
                    if item != current { changed.append(item) }
                } else if row.number.isEmpty || row.number.hasPrefix("IRL-") {
                    var item = RequestItem(
                        id: UUID(), engagementID: engagementID, number: Self.number(after: Array(byNumber.values)),
                        key: "custom:\(UUID().uuidString.lowercased().prefix(8))", area: "", title: "", provide: "",
                        kind: .document, criteria: [], dueDate: nil, owner: nil, status: .open)
                    row.apply(to: &item)
                    do throws(DomainError) { try Self.check(item, catalog: content.catalog) } catch {
                        throw DomainError.invalid("requests", "row \(row.line): \(error.message)")
                    }
                    byNumber[item.number] = item
                    added.append(item)
                } else {
                    throw DomainError.invalid("requests", "row \(row.line): '\(row.number.prefix(20))' is not a request number (IRL-001).")
                }
            }
            for item in changed {
                try await records.save(
                    .request, item, id: item.id, organization: scope.organizationID, parent: engagementID,
                    key: Self.recordKey(item), action: "imported", actor: scope.actor, now: now, on: db)
            }
            for item in added {
                try await records.save(
                    .request, item, id: item.id, organization: scope.organizationID, parent: engagementID,
                    key: Self.recordKey(item), action: "created", actor: scope.actor, now: now, on: db)
            }
            return RequestImportResult(updated: changed.count, added: added.count, unchanged: rows.count - changed.count - added.count)
        }
    }

    private func regenerateRequests(for engagement: Engagement, scope: TenantScope, now: Date, on db: any Database) async throws {
        let plan = Timeline.plan(for: engagement.scope, startingOn: Day(engagement.createdAt))
        let lines = RequestListGenerator.lines(content.requests, for: engagement.scope, timeline: plan)
        let wanted = Set(lines.map(\.key))
        var existing = try await records.all(.request, organization: scope.organizationID, parent: engagement.id, on: db)
        for item in existing where !item.isCustom && !wanted.contains(item.key) {
            try await records.delete(.request, id: item.id, organization: scope.organizationID, actor: scope.actor, now: now, on: db)
        }
        existing.removeAll { !$0.isCustom && !wanted.contains($0.key) }
        let have = Set(existing.map(\.key))
        for line in lines where !have.contains(line.key) {
            let item = RequestItem(
                id: UUID(), engagementID: engagement.id, number: Self.number(after: existing), key: line.key, area: line.area,
                title: line.title, provide: line.provide, kind: line.kind, criteria: line.criteria, dueDate: line.due,
                owner: nil, status: .open)
            existing.append(item)
            try await records.save(
                .request, item, id: item.id, organization: scope.organizationID, parent: engagement.id,
                key: Self.recordKey(item), action: "generated", actor: scope.actor, now: now, on: db)
        }
    }

    /// The client's admins and the engagement's audit firm both edit the request list: the auditor
    /// issues it, the client organises who answers.
    func requireRequestEditor(_ engagementID: UUID, in scope: TenantScope) async throws {
        _ = try await get(engagementID, in: scope)
        try scope.require(.editRequestList)
    }

    /// An engagement whose final report is issued keeps the scope the report speaks of: changes go
    /// into next year's engagement (issue 11, finding 7).
    func requireUnreported(_ id: UUID, in scope: TenantScope, on db: any Database) async throws {
        let versions = try await records.all(.reportVersion, organization: scope.organizationID, parent: id, on: db)
        guard !versions.contains(where: { $0.status == .final }) else {
            throw DomainError.conflict(
                "engagement_reported",
                "The final report for this engagement is issued, so its scope is fixed; start next year's engagement for changes.")
        }
    }

    static func recordKey(_ item: RequestItem) -> String { "\(item.engagementID.uuidString.lowercased())/\(item.number)" }

    static func number(after items: [RequestItem]) -> String {
        let highest = items.compactMap { Int($0.number.dropFirst(4)) }.max() ?? 0
        return String(format: "IRL-%03d", highest + 1)
    }

    static func check(_ item: RequestItem, catalog: Catalog? = nil) throws(DomainError) {
        guard !item.title.trimmingCharacters(in: .whitespaces).isEmpty, item.title.count <= 300 else {
            throw .invalid("title", "needs 1 to 300 characters.")
        }
        guard item.provide.count <= 4000, item.area.count <= 100 else { throw .invalid("provide", "is too long (4000 characters at most).") }
        if let owner = item.owner, owner.count > 200 { throw .invalid("owner", "is longer than 200 characters.") }
        if let catalog {
            for id in item.criteria where catalog.criterion(id) == nil && !catalog.descriptionCriteria.contains(where: { $0.id == id }) {
                throw .unprocessable("criteria", "'\(id.prefix(20))' is not a criterion id (like CC6.1).")
            }
        }
    }
}
