import ComplianceCore
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOPosix
import Persistence
import TestSupport
import Testing

@testable import App

@Suite("Email notifications: the message, the outbox, a relay that is down")
struct MailOutboxTests {
    @Test func headersCannotBeInjectedAndTheBodySurvivesAnyText() throws {
        let message = try MailMessage(
            from: "attest@acme.example", to: "olivia@acme.example",
            subject: "Alex commented: fine\r\nBcc: everyone@evil.example", body: "Line one\n.\nnaïve café")
        let text = message.rendered(date: Date(timeIntervalSince1970: 1_790_000_000), messageID: "x@attest")
        let headers = text.components(separatedBy: "\r\n\r\n")[0].components(separatedBy: "\r\n")
        #expect(!headers.contains { $0.hasPrefix("Bcc:") }, "a line break in the subject stays inside the subject")
        #expect(headers.contains("Subject: Alex commented: fine Bcc: everyone@evil.example"))
        #expect(headers.contains("Date: Mon, 21 Sep 2026 14:13:20 +0000"))
        let body = text.components(separatedBy: "\r\n\r\n")[1].replacingOccurrences(of: "\r\n", with: "")
        #expect(String(decoding: Data(base64Encoded: body) ?? Data(), as: UTF8.self) == "Line one\n.\nnaïve café")
        #expect(MailMessage.encodedHeader("Résumé") == "=?utf-8?B?UsOpc3Vtw6k=?=")
        #expect(SMTPClient.dotStuffed("a\r\n.b\r\n..\r\n") == "a\r\n..b\r\n...\r\n")
    }

    @Test(arguments: ["", "no-at-sign", "a@b", "a b@c.example", "<x>@c.example", "a@b.example\r\nRCPT TO:<z@c.example>"])
    func badAddressesAreRefused(_ address: String) {
        #expect(throws: MailError.badAddress(address)) { try MailMessage(from: "attest@acme.example", to: address, subject: "s", body: "b") }
    }

    @Test func smtpSettingsAreCheckedByName() throws {
        let good = try Settings.resolve(flags: ["smtp_host": "mail.acme.example", "smtp_from": "attest@acme.example"], environment: [:])
        #expect(good.smtp?.port == 587 && good.smtp?.security == .starttls && good.publicURL == "http://127.0.0.1:8080")
        #expect(try Settings.resolve(flags: [:], environment: [:]).smtp == nil, "no smtp_host, no mail")
        for (flags, field) in [
            (["smtp_host": "mail.acme.example"], "smtp_from"),
            (["smtp_host": "mail.acme.example", "smtp_from": "nobody"], "smtp_from"),
            (["smtp_host": "mail.acme.example", "smtp_from": "a@acme.example", "smtp_security": "ssl3"], "smtp_security"),
            (["smtp_host": "mail.acme.example", "smtp_from": "a@acme.example", "smtp_port": "0"], "smtp_port"),
            (["smtp_host": "mail.acme.example", "smtp_from": "a@acme.example", "smtp_username": "u"], "smtp_password"),
            (["smtp_host": "mail.acme.example", "smtp_from": "a@acme.example", "smtp_ca_file": "/nonexistent/ca.pem"], "smtp_ca_file"),
            (["public_url": "ftp://attest.example"], "public_url"),
        ] {
            let error = #expect(throws: DomainError.self) { try Settings.resolve(flags: flags, environment: [:]) }
            #expect(error?.message.hasPrefix(field) == true, "\(String(describing: error))")
        }
    }

    /// A relay that refuses connections: each pass records the failure on the notification, and
    /// after the outbox's limit the notification stays in the app only.
    @Test(arguments: TestDatabase.available)
    func aDownRelayIsRetriedThenGivenUp(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await FieldworkAPITests.world(web)
            _ = try await web.api(
                .post, "\(world.base)/requests/IRL-001/actions", token: world.owner, json: #"{"action":"comment","text":"Uploaded."}"#)
            let closed = try await Self.closedPort()
            let service = MailService(
                outbox: web.store.outbox,
                client: SMTPClient(
                    settings: SMTPSettings(
                        host: "127.0.0.1", port: closed, security: .none, from: "attest@acme.example", timeout: .seconds(5))),
                publicURL: "https://attest.example", logger: Logger(label: "test"))
            let first = try await web.store.outbox.pending(since: Date().addingTimeInterval(-60))
            #expect(first.map(\.recipient) == ["alex@assure.example"])
            #expect(try service.message(for: first[0]).body.contains("https://attest.example/orgs/acme/programme?engagement="))
            for _ in 0..<NotificationOutbox.maxAttempts {
                #expect(try await service.sendPending(now: Date()) == 0)
            }
            #expect(try await web.store.outbox.pending(since: Date().addingTimeInterval(-60)).isEmpty)
            let notes = try await web.api(.get, "/api/v1/orgs/acme/notifications", token: world.alex)
            let note = try #require((notes.json["notifications"] as? [[String: Any]])?.first)
            #expect(note["mail_attempts"] as? Int == NotificationOutbox.maxAttempts)
            #expect((note["mail_error"] as? String)?.contains("could not talk to the SMTP server") == true)
            #expect(note["read"] as? Bool == false, "the in-app notice is still there")
        }
    }

    /// A port that was free a moment ago: nothing listens there.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 9
        try await channel.close()
        return port
    }
}
