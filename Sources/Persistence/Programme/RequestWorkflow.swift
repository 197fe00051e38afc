import ComplianceCore
import FluentKit
import Foundation

/// The request list as a conversation across the wall, with in-app notifications for the other side.
extension FieldworkRepository {
    /// Applies one action to a request. The client provides (linking evidence that exists) and
    /// comments; the engagement's auditors accept, return with a reason, reschedule and comment.
    public func act(_ action: RequestAction, on number: String, of id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> RequestItem {
        let engagement = try await engagement(id, in: scope)
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
        let person = try await policies.label(scope.actor)
        return try await database.write { db in
            guard
                let found = try await records.all(.request, organization: scope.organizationID, parent: id, on: db).first(where: {
                    $0.number == number
                })
            else {
                throw DomainError.notFound("Request \(number.prefix(20))")
            }
            var item = found
            let summary: String
            switch action {
            case .provide(let evidence):
                _ = try await checkEvidence(evidence, in: scope, on: db)
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
            try await records.save(
                .request, item, id: item.id, organization: scope.organizationID, parent: id,
                key: "\(id.uuidString.lowercased())/\(item.number)", action: Self.actionName(action), actor: scope.actor, now: now, on: db)
            try await notifyOtherSide(of: side, engagement: engagement, item: item, text: summary, in: scope, now: now, on: db)
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
        on db: any Database
    ) async throws {
        var recipients = Set<UUID>()
        if side == "client" || side == "operator" {
            let grants = try await EngagementGrantModel.query(on: db).filter(\.$clientOrganizationID == scope.organizationID).all()
            for grant in grants {
                let value = try grant.domain()
                guard value.isActive(at: now), let firm = try await OrganizationModel.find(value.auditFirmID, on: db),
                    firm.slug == engagement.auditFirm
                else { continue }
                recipients.insert(value.auditorUserID)
            }
        }
        if side == "auditor" || side == "operator" {
            for membership in try await MembershipModel.query(on: db).filter(\.$organizationID == scope.organizationID).all() {
                let value = try membership.domain()
                guard let user = try await UserModel.find(membership.userID, on: db) else { continue }
                let email = try user.domain().email.rawValue
                if value.role >= .admin || email == item.owner { recipients.insert(membership.userID) }
            }
        }
        if case .user(let me) = scope.actor { recipients.remove(me) }
        for userID in recipients {
            let note = ComplianceCore.Notification(
                id: UUID(), userID: userID, text: text, path: "programme?engagement=\(engagement.id.uuidString.lowercased())#\(item.number)",
                at: now.roundedToMilliseconds)
            try await records.save(
                .notification, note, id: note.id, organization: scope.organizationID, parent: userID,
                key: "\(userID.uuidString.lowercased())/\(note.id.uuidString.lowercased())", action: "notified", actor: scope.actor, now: now, on: db)
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
        return try await database.write { db in
            var count = 0
            for var note in try await records.all(.notification, organization: scope.organizationID, parent: me, on: db) where !note.read {
                note.read = true
                try await records.save(
                    .notification, note, id: note.id, organization: scope.organizationID, parent: me,
                    key: "\(me.uuidString.lowercased())/\(note.id.uuidString.lowercased())", action: "read", actor: scope.actor, now: now, on: db)
                count += 1
            }
            return count
        }
    }
}
