import Foundation

/// One account in one system, as a listing of that system showed it.
public struct SystemAccount: Codable, Sendable, Hashable {
    public let account: String
    public let email: String?
    public let createdAt: Date?
    /// When the account was disabled or removed; nil while it can still sign in.
    public let disabledAt: Date?
    public let privileged: Bool
    public let lastUsedAt: Date?

    public init(account: String, email: String?, createdAt: Date?, disabledAt: Date?, privileged: Bool, lastUsedAt: Date? = nil) {
        self.account = account
        self.email = email?.lowercased()
        self.createdAt = createdAt
        self.disabledAt = disabledAt
        self.privileged = privileged
        self.lastUsedAt = lastUsedAt
    }
}

/// Every account of one system at one moment, with how the listing was taken: the evidence the
/// reconciliation's findings cite, and what an auditor checks for completeness.
public struct AccountListing: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    /// The system's name as the organisation calls it (`aws-production`, `github`, `okta`, `salesforce`).
    public let system: String
    public let takenAt: Date
    /// `csv import by …` or `collector okta 1.0.0, run …`.
    public let source: String
    public let query: String
    /// The SHA-256 of the file or listing it was read from.
    public let digest: String
    public let accounts: [SystemAccount]

    public init(id: UUID = UUID(), system: String, takenAt: Date, source: String, query: String, digest: String, accounts: [SystemAccount]) {
        self.id = id
        self.system = system
        self.takenAt = takenAt
        self.source = source
        self.query = query
        self.digest = digest
        self.accounts = accounts
    }

    public static let columns = ["account", "email", "created_at", "disabled_at", "privileged"]
    public static let mostRows = 500_000

    /// A system's name: lower-case letters, digits and dashes, as it appears in findings.
    public static func checkSystem(_ name: String) throws(DomainError) {
        guard name.wholeMatch(of: /[a-z0-9][a-z0-9-]{0,62}/) != nil else {
            throw .unprocessable("system", "'\(name.prefix(40))' is not a system name: lower-case letters, digits and dashes, up to 63.")
        }
    }

    /// Reads an accounts CSV (`account,email,created_at,disabled_at,privileged`) all or nothing;
    /// an unknown column is refused rather than ignored, since a misnamed `disabled_at` would make
    /// every leaver look active.
    public static func parse(_ text: String, file: String = "accounts") throws(DomainError) -> [SystemAccount] {
        let table = try CSV.table(text, columns: columns, file: file)
        guard table.count <= mostRows else { throw .invalid("file", "\(file) has \(table.count) rows; at most \(mostRows) are read.") }
        var problems: [String] = []
        var accounts: [SystemAccount] = []
        var seen: [String: Int] = [:]
        accounts.reserveCapacity(table.count)
        for (line, values) in table {
            let value = { (name: String) in values[name]!.trimmed }
            if values.values.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            func fail(_ column: String, _ message: String) { problems.append("row \(line), column \(column): \(message)") }
            let account = value("account")
            if account.isEmpty || account.count > 320 { fail("account", "give the account's name or id (up to 320 characters).") }
            if let earlier = seen.updateValue(line, forKey: account), !account.isEmpty {
                fail("account", "\(account.prefix(60)) is already on row \(earlier).")
            }
            let email = value("email")
            if !email.isEmpty && !email.looksLikeEmail {
                fail("email", "'\(email.prefix(60))' is not an email address.")
            }
            func time(_ column: String) -> Date? {
                let text = value(column)
                guard !text.isEmpty else { return nil }
                if let date = Timestamp.time(text) { return date }
                if let day = Day(text) { return day.date }
                fail(column, "'\(text.prefix(30))' is not a time (2026-06-30T17:00:00Z) or a date (2026-06-30).")
                return nil
            }
            let created = time("created_at")
            let disabled = time("disabled_at")
            if let created, let disabled, disabled < created { fail("disabled_at", "it is before created_at.") }
            let privileged: Bool
            switch value("privileged").lowercased() {
            case "", "false", "no", "0": privileged = false
            case "true", "yes", "1": privileged = true
            default:
                fail("privileged", "'\(value("privileged").prefix(20))' is not true or false.")
                privileged = false
            }
            accounts.append(
                SystemAccount(account: account, email: email.isEmpty ? nil : email, createdAt: created, disabledAt: disabled, privileged: privileged))
        }
        guard problems.isEmpty else { throw CSV.rejection(problems, field: "accounts", file: file) }
        return accounts
    }
}
