import ComplianceCore
import Foundation
import Testing

/// `attest backup` then `attest restore` then `attest verify`, the operator's procedure, on SQLite
/// and PostgreSQL; a backup whose bytes changed is refused by name, and nothing is overwritten.
@Suite("Backup and restore", .enabled(if: Executable.url != nil, "build the attest executable first (swift build)"))
struct BackupCommandTests {
    static func scratch(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("attest-\(name)-\(UUID())").path
    }

    /// An organisation with evidence and a signed head, made with the CLI.
    static func populate(_ arguments: [String]) async throws {
        let org = try await Executable.run(["org", "create", "--slug", "acme", "--name", "Acme", "--kind", "service_organization"] + arguments)
        #expect(org.status == 0, "\(org.stderr)")
        let file = URL(fileURLWithPath: scratch("evidence"))
        for index in 0..<3 {
            try Data("user,role\nerin-\(index),admin\n".utf8).write(to: file)
            let added = try await Executable.run(["evidence", "add", file.path, "--org", "acme", "--title", "Review \(index)"] + arguments)
            #expect(added.status == 0, "\(added.stderr)")
        }
        #expect(try await Executable.run(["log", "head", "--org", "acme"] + arguments).status == 0)
    }

    @Test func aSQLiteBackupRestoresAndVerifies() async throws {
        let source = ["--data-dir", Self.scratch("source")]
        try await Self.populate(source)
        let backup = Self.scratch("backup")
        let made = try await Executable.run(["backup", "--output", backup] + source)
        #expect(made.status == 0 && made.stdout.contains("3 blobs, 1 keys and 1 signed heads"), "\(made.stdout)\(made.stderr)")
        let manifest = try String(contentsOfFile: "\(backup)/manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"format\" : \"attest-backup-v1\"") && manifest.contains("\"database_kind\" : \"sqlite\""))
        #expect(try await Executable.run(["backup", "--output", backup] + source).stderr.contains("is not empty"), "a backup never overwrites")

        let target = Self.scratch("restored")
        let restored = try await Executable.run(["restore", backup, "--data-dir", target])
        #expect(
            restored.status == 0 && restored.stdout.contains("acme: ") && restored.stdout.contains("intact"), "\(restored.stdout)\(restored.stderr)")
        let verify = try await Executable.run(["verify", "--org", "acme", "--data-dir", target])
        #expect(verify.status == 0, "\(verify.stdout)")
        let again = try await Executable.run(["restore", backup, "--data-dir", target])
        #expect(again.status != 0 && again.stderr.contains("exists; restore into a new data directory"), "\(again.stderr)")

        // A blob changed in the backup, and a changed database file, are refused before anything is written.
        let blobs = URL(fileURLWithPath: backup).appendingPathComponent("blobs")
        let blob = try #require(FileManager.default.subpathsOfDirectory(atPath: blobs.path).first { $0.split(separator: "/").last?.count == 64 })
        try Data("user,role\nmallory,admin\n".utf8).write(to: blobs.appendingPathComponent(blob))
        let tamperedTarget = Self.scratch("tampered")
        let tampered = try await Executable.run(["restore", backup, "--data-dir", tamperedTarget])
        #expect(tampered.status != 0 && tampered.stderr.contains("in the backup has changed"), "\(tampered.stderr)")
        let database = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(backup)/attest.sqlite"))
        try database.seek(toOffset: 4096)
        try database.write(contentsOf: Data([0x42]))
        try database.close()
        let changed = try await Executable.run(["restore", backup, "--data-dir", Self.scratch("changed")])
        #expect(changed.status != 0 && changed.stderr.contains("attest.sqlite has changed since the backup"), "\(changed.stderr)")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["ATTEST_TEST_DATABASE_URL"] != nil, "needs PostgreSQL"))
    func aPostgreSQLBackupRestoresIntoAnEmptyDatabase() async throws {
        let base = ProcessInfo.processInfo.environment["ATTEST_TEST_DATABASE_URL"]!
        func database(_ prefix: String) async throws -> String {
            let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
            var components = try #require(URLComponents(string: base))
            let create = Process()
            create.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            create.arguments = [base.replacingOccurrences(of: "?sslmode=disable", with: ""), "-q", "-c", "CREATE DATABASE \(name)"]
            try create.run()
            create.waitUntilExit()
            components.path = "/" + name
            return try #require(components.string)
        }
        let source = ["--database-url", try await database("attest_backup_source"), "--data-dir", Self.scratch("pg-source")]
        try await Self.populate(source)
        let backup = Self.scratch("pg-backup")
        let made = try await Executable.run(["backup", "--output", backup] + source)
        #expect(made.status == 0 && made.stdout.contains("backed up postgresql"), "\(made.stdout)\(made.stderr)")
        let target = ["--database-url", try await database("attest_backup_target"), "--data-dir", Self.scratch("pg-target")]
        let restored = try await Executable.run(["restore", backup] + target)
        #expect(restored.status == 0 && restored.stdout.contains("intact"), "\(restored.stdout)\(restored.stderr)")
        #expect(try await Executable.run(["verify", "--org", "acme"] + target).status == 0)
    }
}
