import ComplianceCore
import Foundation
import Logging
import Persistence

/// The databases a persistence or web test runs on: SQLite in memory always, and PostgreSQL when
/// `ATTEST_TEST_DATABASE_URL` is set (CI sets it). Each PostgreSQL test gets a database of its own.
public enum TestDatabase: Sendable, CustomStringConvertible {
    case sqlite
    case postgres(baseURL: String)

    public static var available: [TestDatabase] {
        var list: [TestDatabase] = [.sqlite]
        if let url = ProcessInfo.processInfo.environment["ATTEST_TEST_DATABASE_URL"], !url.isEmpty {
            list.append(.postgres(baseURL: url))
        }
        return list
    }

    public var description: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// Runs `body` with a fresh, migrated store, and removes it afterwards.
    public func withStore<T: Sendable>(_ body: (Store) async throws -> T) async throws -> T {
        var logger = Logger(label: "attest.test")
        logger.logLevel = .warning
        switch self {
        case .sqlite:
            let database = try await AttestDatabase.open(.sqliteMemory, logger: logger)
            return try await run(database, body)
        case .postgres(let baseURL):
            let name = "attest_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20).lowercased()
            let admin = try await AttestDatabase.open(.postgres(url: baseURL), logger: logger)
            try await admin.execute("CREATE DATABASE \(name)")
            let database = try await AttestDatabase.open(.postgres(url: Self.replacingDatabase(in: baseURL, with: name)), logger: logger)
            do {
                let result = try await run(database, body)
                try await admin.execute("DROP DATABASE \(name)")
                await admin.shutdown()
                return result
            } catch {
                try? await admin.execute("DROP DATABASE IF EXISTS \(name)")
                await admin.shutdown()
                throw error
            }
        }
    }

    private func run<T: Sendable>(_ database: AttestDatabase, _ body: (Store) async throws -> T) async throws -> T {
        do {
            try await database.migrate()
            let result = try await body(Store(database: database, bcryptCost: 4))
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + name
        return components.string!
    }
}
