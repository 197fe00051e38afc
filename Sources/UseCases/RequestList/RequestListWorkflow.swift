import ComplianceCore
import Foundation

/// The information request list and its conversation across the wall, with in-app notifications
/// for the other side.
public struct RequestListWorkflow: Sendable {
    let records: any RecordStorage
    let content: ProgrammeContent
    let engagements: EngagementWorkflow

    public func requests(of id: UUID, in scope: TenantScope) async throws -> [RequestItem] {
        _ = try await engagements.get(id, in: scope)
        return try await records.all(.request, organization: scope.organizationID, parent: id).sorted { $0.number < $1.number }
    }

    /// Changes one request's editable fields.
    public func updateRequest(
        _ requestID: UUID, of engagementID: UUID, in scope: TenantScope, now: Date = Date(),
        _ change: @escaping @Sendable (inout RequestItem) throws -> Void
    ) async throws -> RequestItem {
        try await requireRequestEditor(engagementID, in: scope)
        return try await records.write { tx in
            guard var item = try await tx.find(.request, organization: scope.organizationID, id: requestID),
                item.engagementID == engagementID
            else { throw DomainError.notFound("Request \(requestID.uuidString.lowercased())") }
            let before = item.status
            try change(&item)
            try item.status.checkEdit(from: before)
            try Self.check(item)
            try await tx.save(
                .request, item, id: item.id, organization: scope.organizationID, parent: engagementID,
                key: Self.recordKey(item), action: "updated", actor: scope.actor, now: now)
            return item
        }
    }

    /// Adds a request of the organisation's own.
    public func addRequest(
        to engagementID: UUID, area: String, title: String, provide: String, kind: RequestKind, criteria: [String],
        due: Day?, owner: String?, in scope: TenantScope, now: Date = Date()
    ) async throws -> RequestItem {
        try await requireRequestEditor(engagementID, in: scope)
        return try await records.write { tx in
            let existing = try await tx.all(.request, organization: scope.organizationID, parent: engagementID)
            let item = RequestItem(
                id: UUID(), engagementID: engagementID, number: Self.number(after: existing),
                key: "custom:\(UUID().uuidString.lowercased().prefix(8))",
                area: area, title: title, provide: provide, kind: kind, criteria: criteria, dueDate: due, owner: owner, status: .open)
            try Self.check(item, catalog: content.catalog)
            try await tx.save(
                .request, item, id: item.id, organization: scope.organizationID, parent: engagementID,
                key: Self.recordKey(item), action: "created", actor: scope.actor, now: now)
            return item
        }
    }

    /// Applies an edited list (from CSV or XLSX) all at once: rows are matched by number; every row
    /// is checked before anything is written, so a bad file changes nothing.
    public func importRequests(_ rows: [RequestRow], into engagementID: UUID, in scope: TenantScope, now: Date = Date()) async throws
        -> RequestImportResult
    {
        try scope.require(.manageProgramme)
        _ = try await engagements.get(engagementID, in: scope)
        return try await records.write { tx in
            let existing = try await tx.all(.request, organization: scope.organizationID, parent: engagementID)
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
                    try item.status.checkEdit(from: current.status, at: "requests: row \(row.line)")
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
                    try item.status.checkEdit(from: .open, at: "requests: row \(row.line)")
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
                try await tx.save(
                    .request, item, id: item.id, organization: scope.organizationID, parent: engagementID,
                    key: Self.recordKey(item), action: "imported", actor: scope.actor, now: now)
            }
            for item in added {
                try await tx.save(
                    .request, item, id: item.id, organization: scope.organizationID, parent: engagementID,
                    key: Self.recordKey(item), action: "created", actor: scope.actor, now: now)
            }
            return RequestImportResult(updated: changed.count, added: added.count, unchanged: rows.count - changed.count - added.count)
        }
    }

    /// Applies one action to a request. The client provides (linking evidence that exists) and
    /// comments; the engagement's auditors accept, return with a reason, reschedule and comment.
    public func act(_ action: RequestAction, on number: String, of id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> RequestItem {
        let engagement = try await engagements.get(id, in: scope)
        let side = scope.standing.side.rawValue
        switch action {
        case .provide:
            try scope.require(.provideRequests)
        case .accept, .giveBack, .reschedule:
            try scope.require(.performFieldwork)
        case .comment(let text):
            try scope.require(.comment)
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.count <= 4000 else {
                throw DomainError.invalid("text", "write a comment of 1 to 4000 characters.")
            }
        }
        let person = try await records.label(scope.actor)
        return try await records.write { tx in
            guard
                let found = try await tx.all(.request, organization: scope.organizationID, parent: id).first(where: {
                    $0.number == number
                })
            else {
                throw DomainError.notFound("Request \(number.prefix(20))")
            }
            var item = found
            let summary: String
            switch action {
            case .provide(let evidence):
                _ = try await tx.newestVersion(ofLinked: evidence, in: scope)
                item.evidenceIDs = Array(Set((item.evidenceIDs ?? []) + evidence)).sorted { $0.uuidString < $1.uuidString }
                item.status = .provided
                item.returnReason = nil
                summary = "\(person) provided \(item.number) (\(item.title))"
            case .accept:
                guard item.status == .provided else { throw DomainError.conflict("not_provided", "\(item.number) has not been provided yet.") }
                item.status = .accepted
                summary = "\(person) accepted \(item.number) (\(item.title))"
            case .giveBack(let reason):
                guard reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 10 else {
                    throw DomainError.invalid("reason", "say why it is returned (at least 10 characters).")
                }
                item.status = .returned
                item.returnReason = reason
                summary = "\(person) returned \(item.number): \(reason)"
            case .reschedule(let day):
                item.dueDate = day
                summary = "\(person) moved \(item.number) to \(day)"
            case .comment(let text):
                item.comments = (item.comments ?? []) + [RequestComment(by: person, side: side, text: text, at: now.roundedToMilliseconds)]
                summary = "\(person) commented on \(item.number): \(text.prefix(120))"
            }
            try await tx.save(
                .request, item, id: item.id, organization: scope.organizationID, parent: id,
                key: "\(id.uuidString.lowercased())/\(item.number)", action: Self.actionName(action), actor: scope.actor, now: now)
            try await notifyOtherSide(of: side, engagement: engagement, item: item, text: summary, in: scope, now: now, on: tx)
            return item
        }
    }

    static func actionName(_ action: RequestAction) -> String {
        switch action {
        case .provide: "provided"
        case .accept: "accepted"
        case .giveBack: "returned"
        case .reschedule: "rescheduled"
        case .comment: "commented"
        }
    }

    /// The client's side hears about auditor actions (its admins and owners, and the request's owner);
    /// the auditors of the engagement's firm hear about the client's.
    private func notifyOtherSide(
        of side: String, engagement: Engagement, item: RequestItem, text: String, in scope: TenantScope, now: Date,
        on tx: any RecordTransaction
    ) async throws {
        var recipients = Set<UUID>()
        if side == "client" || side == "operator" {
            var firmID: UUID?
            if let slug = engagement.auditFirm { firmID = try await tx.organization(slug: slug)?.id }
            for grant in try await tx.grants(ofClient: scope.organizationID) where grant.isActive(at: now) && grant.auditFirmID == firmID {
                recipients.insert(grant.auditorUserID)
            }
        }
        if side == "auditor" || side == "operator" {
            for (membership, user) in try await tx.members(of: scope.organizationID)
            where membership.role >= .admin || user.email.rawValue == item.owner {
                recipients.insert(membership.userID)
            }
        }
        if case .user(let me) = scope.actor { recipients.remove(me) }
        for userID in recipients {
            let note = ComplianceCore.Notification(
                id: UUID(), userID: userID, text: text, path: "programme?engagement=\(engagement.id.uuidString.lowercased())#\(item.number)",
                at: now.roundedToMilliseconds)
            try await tx.save(note, organization: scope.organizationID, action: "notified", actor: scope.actor, now: now)
        }
    }

    /// The caller's notifications in this organisation, newest first.
    public func notifications(in scope: TenantScope) async throws -> [ComplianceCore.Notification] {
        guard case .user(let me) = scope.actor else { return [] }
        return try await records.all(.notification, organization: scope.organizationID, parent: me).sorted { $0.at > $1.at }
    }

    /// Marks all the caller's notifications in this organisation read.
    public func markRead(in scope: TenantScope, now: Date = Date()) async throws -> Int {
        guard case .user(let me) = scope.actor else { return 0 }
        return try await records.write { tx in
            var count = 0
            for var note in try await tx.all(.notification, organization: scope.organizationID, parent: me) where !note.read {
                note.read = true
                try await tx.save(note, organization: scope.organizationID, action: "read", actor: scope.actor, now: now)
                count += 1
            }
            return count
        }
    }

    /// The client's admins and the engagement's audit firm both edit the request list: the auditor
    /// issues it, the client organises who answers.
    func requireRequestEditor(_ engagementID: UUID, in scope: TenantScope) async throws {
        _ = try await engagements.get(engagementID, in: scope)
        try scope.require(.editRequestList)
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
