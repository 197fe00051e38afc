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
            try await Self.administer(baseURL, "CREATE DATABASE \(name)", logger: logger)
            let result: Result<T, any Error>
            do {
                let database = try await AttestDatabase.open(.postgres(url: Self.replacingDatabase(in: baseURL, with: name)), logger: logger)
                result = .success(try await run(database, body))
            } catch {
                result = .failure(error)
            }
            // Best effort: a failed drop leaves a scratch database in a throwaway cluster.
            try? await Self.administer(baseURL, "DROP DATABASE IF EXISTS \(name)", logger: logger)
            return try result.get()
        }
    }

    /// Runs one statement on the base database over a short-lived connection.
    private static func administer(_ baseURL: String, _ statement: String, logger: Logger) async throws {
        let admin = try await AttestDatabase.open(.postgres(url: baseURL), logger: logger)
        do {
            try await admin.execute(statement)
            await admin.shutdown()
        } catch {
            await admin.shutdown()
            throw error
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
