import ComplianceCore
import Foundation

/// Where the data lives: an SQLite file (the default), SQLite in memory (tests), or PostgreSQL.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(url: String)

    /// Reads `ATTEST_DATABASE_URL`-style text: `postgres://…`, `postgresql://…`, `sqlite:///abs/path`,
    /// `sqlite::memory:`; nil or empty means the SQLite file in the data directory.
    public static func parse(_ text: String?, dataDirectory: String) throws(DomainError) -> DatabaseLocation {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("attest.sqlite"))
        }
        if text == "sqlite::memory:" { return .sqliteMemory }
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard path.hasPrefix("/"), path.count > 1 else {
                throw .invalid("database_url", "an SQLite URL needs an absolute path, like sqlite:///var/lib/attest/attest.sqlite.")
            }
            return .sqliteFile(path: path)
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme,
            ["postgres", "postgresql"].contains(scheme), let host = components.host, !host.isEmpty
        else {
            throw .invalid(
                "database_url",
                "'\(Self.redacted(text))' is not a database URL; use postgres://user:password@host:5432/name or sqlite:///path."
            )
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw .invalid("database_url", "port \(port) is out of range.")
        }
        return .postgres(url: text)
    }

    /// The URL with any password replaced, for logs and messages.
    public static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "(unprintable URL)"
    }

    public var description: String {
        switch self {
        case .sqliteFile(let path): "SQLite at \(path)"
        case .sqliteMemory: "SQLite in memory"
        case .postgres(let url): "PostgreSQL at \(Self.redacted(url))"
        }
    }

    public var isPostgres: Bool {
        if case .postgres = self { true } else { false }
    }
}
