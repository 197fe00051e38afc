import Foundation

/// One plain-text email, written as RFC 5322 bytes that any SMTP server accepts.
///
/// Everything that reaches a header is treated as hostile: addresses are checked and line breaks
/// in the subject are flattened, so a comment cannot smuggle in a `Bcc:` header. The subject is
/// an RFC 2047 encoded word when it is not plain ASCII, and the body travels as base64, so no
/// line in it can end the message early and no server needs 8BITMIME.
struct MailMessage: Sendable, Equatable {
    let from: String
    let to: String
    let subject: String
    let body: String

    init(from: String, to: String, subject: String, body: String) throws(MailError) {
        guard Self.isAddress(from) else { throw .badAddress(from) }
        guard Self.isAddress(to) else { throw .badAddress(to) }
        self.from = from
        self.to = to
        let flat = subject.split(whereSeparator: \.isNewline).joined(separator: " ")
        self.subject = String(flat.prefix(150))
        self.body = body
    }

    /// A conservative check: one `@`, no spaces, angle brackets, quotes or control characters.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), text.utf8.count <= 254 else { return false }
        return !text.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F || "<>\"(),;:\\[]".unicodeScalars.contains($0) }
    }

    /// The message as sent in DATA, with CRLF line ends and no trailing dot line.
    func rendered(date: Date, messageID: String) -> String {
        var lines = [
            "From: \(from)",
            "To: \(to)",
            "Subject: \(Self.encodedHeader(subject))",
            "Date: \(Self.rfc5322(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "",
        ]
        let encoded = Data(body.utf8).base64EncodedString()
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func encodedHeader(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) { return text }
        return "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// RFC 5322's date, always in UTC, spelt in English whatever the machine's locale.
    static func rfc5322(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return
            "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}

enum MailError: Error, CustomStringConvertible, Equatable {
    case badAddress(String)
    case connection(String)
    case refused(command: String, reply: String)

    var description: String {
        switch self {
        case .badAddress(let text): "'\(text.prefix(80))' is not an email address this server will send to"
        case .connection(let reason): "could not talk to the SMTP server: \(reason)"
        case .refused(let command, let reply): "the SMTP server refused \(command): \(reply.prefix(200))"
        }
    }
}
