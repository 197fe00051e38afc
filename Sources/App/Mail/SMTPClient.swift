import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to send mail. `starttls` upgrades a plain connection (port 587), `tls` speaks
/// TLS from the first byte (port 465), `none` is for a relay on the same machine or network.
struct SMTPSettings: Sendable, Equatable {
    enum Security: String, Sendable, CaseIterable { case starttls, tls, none }

    var host: String
    var port: Int
    var security: Security
    var username: String?
    var password: String?
    var from: String
    /// PEM certificates to trust instead of the system's roots (a private relay's CA).
    var caFile: String?
    var timeout: Duration = .seconds(30)
}

/// A small SMTP client (RFC 5321) on SwiftNIO: EHLO, optional STARTTLS, AUTH PLAIN, one message.
/// One connection per message keeps it simple; notifications are few and a relay queues them.
struct SMTPClient: Sendable {
    let settings: SMTPSettings
    var group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    func send(_ message: MailMessage, now: Date = Date()) async throws {
        let timeout = settings.timeout
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await self.converse(message, now: now) }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                throw MailError.connection("no answer within \(timeout)")
            }
            try await tasks.next()
            tasks.cancelAll()
        }
    }

    private func converse(_ message: MailMessage, now: Date) async throws {
        let settings = self.settings
        let tls = try settings.security == .none ? nil : NIOSSLContext(configuration: tlsConfiguration())
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(10))
                .connect(host: settings.host, port: settings.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if settings.security == .tls, let tls {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: settings.serverName))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw MailError.connection("\(settings.host):\(settings.port): \(error)")
        }
        try await channel.executeThenClose { inbound, outbound in
            var session = Session(replies: ReplyReader(iterator: inbound.makeAsyncIterator()), outbound: outbound)
            try await session.expect(220, after: "connecting")
            try await session.command("EHLO \(Self.heloName)", expect: 250)
            if settings.security == .starttls {
                try await session.command("STARTTLS", expect: 220)
                guard let tls else { return }
                let serverName = settings.serverName
                try await channel.channel.eventLoop.submit {
                    try channel.channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
                }.get()
                try await session.command("EHLO \(Self.heloName)", expect: 250)
            }
            if let username = settings.username {
                let token = Data("\u{0}\(username)\u{0}\(settings.password ?? "")".utf8).base64EncodedString()
                try await session.command("AUTH PLAIN \(token)", expect: 235, shown: "AUTH PLAIN")
            }
            try await session.command("MAIL FROM:<\(message.from)>", expect: 250)
            try await session.command("RCPT TO:<\(message.to)>", expect: 250, or: 251)
            try await session.command("DATA", expect: 354)
            let data = Self.dotStuffed(message.rendered(date: now, messageID: "\(UUID().uuidString.lowercased())@attest")) + ".\r\n"
            try await session.write(data)
            try await session.expect(250, after: "the message")
            try? await session.command("QUIT", expect: 221)
        }
    }

    private func tlsConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile {
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        return configuration
    }

    static let heloName = "attest.localhost"

    /// RFC 5321 §4.5.2: a line that starts with a dot gets another one.
    static func dotStuffed(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }
}

extension SMTPSettings {
    /// SNI must be a name, not an address.
    fileprivate var serverName: String? { host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host }
}

/// Commands out, replies in, with the reply code checked at every step.
private struct Session {
    var replies: ReplyReader
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func command(_ line: String, expect code: Int, or other: Int? = nil, shown: String? = nil) async throws {
        try await write(line + "\r\n")
        try await expect(code, or: other, after: shown ?? String(line.prefix(40)))
    }

    func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    mutating func expect(_ code: Int, or other: Int? = nil, after what: String) async throws {
        let (got, text) = try await replies.next()
        guard got == code || got == other else { throw MailError.refused(command: what, reply: "\(got) \(text)") }
    }
}

/// Reads SMTP replies: lines of `NNN-text` ending with one `NNN text`.
private struct ReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = [UInt8]()

    mutating func next() async throws -> (Int, String) {
        var text = [String]()
        while true {
            let line = try await nextLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw MailError.connection("not an SMTP reply: \(line.prefix(80))") }
            text.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text.joined(separator: " ")) }
        }
    }

    private mutating func nextLine() async throws -> String {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[..<end]
                pending.removeSubrange(...end)
                return String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            }
            guard pending.count < 64 * 1024 else { throw MailError.connection("a reply line longer than 64 KiB") }
            guard var buffer = try await iterator.next() else { throw MailError.connection("the server closed the connection") }
            pending.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        }
    }
}
