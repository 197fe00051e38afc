import ComplianceCore
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

/// The open database: a Fluent connection pool on SQLite or PostgreSQL, with the migrations run.
///
/// Owns its thread pool and must be closed with `shutdown()` (SQLite connections left open crash
/// debug builds, and PostgreSQL would keep its sockets).
public final class AttestDatabase: Sendable {
    public let location: DatabaseLocation
    let databases: Databases
    private let threadPool: NIOThreadPool
    let logger: Logger
    let writeGate = WriteGate()
    /// Programme record lists by log position, shared by every repository on this database.
    /// (Lists of different record kinds, hence `any Sendable`; a reader casts back to its kind.)
    let recordCache = LogPositionCache<RecordListKey, any Sendable>(capacity: 512)

    /// Opens the database and checks that it answers. Fails fast with a clear message.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> AttestDatabase {
        let database = try AttestDatabase(location: location, logger: logger)
        do {
            try await database.ping()
            if case .sqliteFile = location {
                // WAL lets the CLI read and write while a server runs on the same file; it persists in the file.
                _ = try await database.sql.raw("PRAGMA journal_mode=WAL").all()
            }
        } catch {
            await database.shutdown()
            throw DomainError(.invalid, code: "database_unreachable", "Cannot open the database (\(location)): \(Self.explain(error))")
        }
        return database
    }

    private init(location: DatabaseLocation, logger: Logger) throws(DomainError) {
        var postgres: SQLPostgresConfiguration?
        if case .postgres(let url) = location {
            do { postgres = try SQLPostgresConfiguration(url: url) } catch {
                throw .invalid("database_url", "'\(DatabaseLocation.redacted(url))' is not a usable PostgreSQL URL: \(error).")
            }
        }
        self.location = location
        self.logger = logger
        threadPool = NIOThreadPool(numberOfThreads: 2)
        threadPool.start()
        databases = Databases(threadPool: threadPool, on: MultiThreadedEventLoopGroup.singleton)
        switch location {
        case .sqliteFile(let path):
            databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(60), sqlLogLevel: .trace), as: .sqlite)
        case .sqliteMemory:
            databases.use(.sqlite(.memory, connectionPoolTimeout: .seconds(60), sqlLogLevel: .trace), as: .sqlite)
        case .postgres:
            databases.use(
                .postgres(configuration: postgres!, maxConnectionsPerEventLoop: 4, connectionPoolTimeout: .seconds(60), sqlLogLevel: .trace),
                as: .psql)
        }
    }

    /// A database handle for one unit of work.
    public var db: any Database {
        databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Brings the schema up to date. Safe to call on every start and from `attest migrate`.
    public func migrate() async throws {
        let migrations = Migrations()
        migrations.add(AttestMigrations.all)
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    /// Names of migrations applied so far, in order.
    public func appliedMigrations() async throws -> [String] {
        try await sql.raw("SELECT name FROM _fluent_migrations ORDER BY batch, created_at").all()
            .map { try $0.decode(column: "name", as: String.self) }
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }

    private func ping() async throws {
        _ = try await sql.raw("SELECT 1 AS one").all()
    }

    private static func explain(_ error: any Error) -> String {
        if let psql = error as? PSQLError { return String(reflecting: psql).prefix(400).description }
        return "\(error)"
    }
}

extension AttestDatabase {
    /// Runs a query and returns how many rows it gave; for benchmarks.
    public func rawRows(_ statement: String) async throws -> Int {
        try await sql.raw(SQLQueryString(statement)).all().count
    }

    /// The first column of every row a query gives, as text; for administration and tests.
    public func strings(_ statement: String) async throws -> [String] {
        try await sql.raw(SQLQueryString(statement)).all().map { row in
            guard let column = row.allColumns.first else { return "" }
            if let id = try? row.decode(column: column, as: UUID.self) { return id.uuidString.lowercased() }
            if let text = try? row.decode(column: column, as: String.self) { return text }
            if let number = try? row.decode(column: column, as: Int64.self) { return String(number) }
            return ""
        }
    }

    /// Runs one SQL statement; for administration and tests.
    public func execute(_ statement: String) async throws {
        _ = try await sql.raw(SQLQueryString(statement)).all()
    }

    /// Runs `statements` in order on one connection, with `during` in between: for tests that hold a
    /// lock the way another process would (`BEGIN IMMEDIATE`, then `ROLLBACK`).
    public func holding(_ begin: String, until end: String, during: @escaping @Sendable () async throws -> Void) async throws {
        try await db.withConnection { connection in
            guard let sql = connection as? any SQLDatabase else { throw DomainError.invalid("database", "not an SQL database.") }
            _ = try await sql.raw(SQLQueryString(begin)).all()
            do { try await during() } catch {
                _ = try? await sql.raw(SQLQueryString(end)).all()
                throw error
            }
            _ = try await sql.raw(SQLQueryString(end)).all()
        }
    }
}
