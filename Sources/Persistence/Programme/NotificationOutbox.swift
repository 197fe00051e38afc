import ComplianceCore
import FluentKit
import Foundation

/// The email side of notifications: a transactional outbox. A notification is written with the
/// change that caused it; the mail service later reads the ones not yet mailed and records each
/// send (or failure) on the notification, so a crash or a down relay loses nothing and a mail
/// is never sent for a change that rolled back.
public struct NotificationOutbox: Sendable {
    let database: AttestDatabase
    var records: Records { Records(database: database) }

    /// How many times a send is tried before the notification stays in the app only.
    public static let maxAttempts = 5

    public struct Pending: Sendable {
        public let notification: ComplianceCore.Notification
        public let organizationID: UUID
        public let organizationSlug: String
        public let organizationName: String
        public let recipient: String
    }

    public init(database: AttestDatabase) {
        self.database = database
    }

    /// Notifications created since `since` that still need their email, oldest first.
    public func pending(since: Date, limit: Int = 200) async throws -> [Pending] {
        let models = try await RecordModel.query(on: database.db)
            .filter(\.$kind == RecordKind<ComplianceCore.Notification>.notification.name)
            .filter(\.$createdAt >= since).sort(\.$createdAt).all()
        var result = [Pending]()
        var organizations = [UUID: OrganizationModel]()
        for model in models where result.count < limit {
            let note = try CanonicalJSON.decoder.decode(ComplianceCore.Notification.self, from: Data(model.document.utf8))
            guard note.mailedAt == nil, (note.mailAttempts ?? 0) < Self.maxAttempts, !note.read else { continue }
            guard let user = try await UserModel.find(note.userID, on: database.db) else { continue }
            if organizations[model.organizationID] == nil {
                organizations[model.organizationID] = try await OrganizationModel.find(model.organizationID, on: database.db)
            }
            guard let organization = organizations[model.organizationID] else { continue }
            result.append(
                Pending(
                    notification: note, organizationID: model.organizationID, organizationSlug: organization.slug,
                    organizationName: organization.name, recipient: try user.domain().email.rawValue))
        }
        return result
    }

    /// Records the outcome of one send: `error` nil means it went out.
    public func record(_ pending: Pending, error: String?, now: Date = Date()) async throws {
        try await database.write { db in
            // Read it again inside the transaction, so a "mark read" in between is kept.
            guard var note = try await records.find(.notification, organization: pending.organizationID, id: pending.notification.id, on: db) else {
                return
            }
            if let error {
                note.mailAttempts = (note.mailAttempts ?? 0) + 1
                note.mailError = String(error.prefix(300))
            } else {
                note.mailedAt = now.roundedToMilliseconds
                note.mailError = nil
            }
            try await records.save(
                .notification, note, id: note.id, organization: pending.organizationID, parent: note.userID,
                key: note.recordKey,
                action: error == nil ? "mailed" : "mail_failed", actor: .system, now: now, on: db)
        }
    }
}
