import ComplianceCore
import Foundation
import Logging
import Persistence
import ServiceLifecycle

/// Sends the email copy of each new notification when SMTP is configured. It reads the outbox
/// every few seconds; a failed send is retried on the next pass, up to the outbox's limit, and
/// its reason is kept on the notification. Only notifications from the last day are mailed, so
/// turning mail on does not send a year of history.
struct MailService: Service {
    let outbox: NotificationOutbox
    let client: SMTPClient
    /// Links in mails start here (the address people use to reach Attest).
    let publicURL: String
    let logger: Logger
    /// When several servers share the database, only the lease holder mails (a mail is sent once).
    var leases: JobLeases?
    var checkEvery: Duration = .seconds(5)

    func run() async throws {
        logger.info("mailing notifications through \(client.settings.host):\(client.settings.port) (\(client.settings.security.rawValue))")
        let lease = leases.map { Periodically.Lease(leases: $0, job: "mail", duration: 120) }
        await Periodically.run(every: checkEvery, lease: lease, logger: logger, failure: "could not read the notification outbox") {
            _ = try await sendPending(now: Date())
        }
    }

    /// One pass over the outbox; returns how many mails went out.
    func sendPending(now: Date) async throws -> Int {
        var sent = 0
        for pending in try await outbox.pending(since: now.addingTimeInterval(-86_400)) {
            do {
                try await client.send(try message(for: pending))
                try await outbox.record(pending, error: nil, now: Date())
                sent += 1
            } catch {
                logger.warning("could not mail notification \(pending.notification.id) to \(pending.recipient): \(error)")
                try await outbox.record(pending, error: "\(error)", now: Date())
            }
        }
        if sent > 0 { logger.info("mailed \(sent) notifications") }
        return sent
    }

    func message(for pending: NotificationOutbox.Pending) throws(MailError) -> MailMessage {
        let note = pending.notification
        let link = "\(publicURL)/orgs/\(pending.organizationSlug)/\(note.path)"
        let body = """
            \(note.text)

            Open it in Attest: \(link)

            You receive this because you take part in \(pending.organizationName)'s engagement in Attest. \
            The same notice is waiting in the app.
            """
        return try MailMessage(
            from: client.settings.from, to: pending.recipient,
            subject: "[Attest] \(pending.organizationName): \(note.text)", body: body)
    }
}
