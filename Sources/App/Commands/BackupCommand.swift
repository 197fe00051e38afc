import ArgumentParser
import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import UseCases

/// `attest backup` and `attest restore`: the operator's procedure is in the README.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the database (online), the blobs and the signing keys into a new directory, with a manifest of digests.",
        discussion: """
            attest backup --output /backups/attest-2026-11-29            SQLite: VACUUM INTO, safe while the server runs
            attest backup --output DIR --database-url postgres://…       PostgreSQL: pg_dump --format=custom
            The directory holds private keys: keep it as you keep the data directory.
            """)

    @OptionGroup var data: DataOptions
    @Option(help: "A new (or empty) directory to write the backup into.") var output: String

    func run() async throws {
        let settings = try data.settings()
        let layout = try Self.layout(settings)
        let manifest = try await Runtime.withStore(settings) { store in
            try await Backup.write(store: store, layout: layout, to: URL(fileURLWithPath: output)) {
                FileHandle.standardError.write(Data("… \($0)\n".utf8))
            }
        }
        print(
            "backed up \(manifest.databaseKind) (\(manifest.database.bytes) bytes), \(manifest.blobCount) blobs, \(manifest.keys.count) keys and \(manifest.heads.count) signed heads to \(output)"
        )
        if let note = manifest.blobNote { print(note) }
    }

    static func layout(_ settings: Settings) throws -> Backup.Layout {
        let blobRoot: URL?
        switch settings.blobStore {
        case .files: blobRoot = URL(fileURLWithPath: settings.dataDirectory).appendingPathComponent("blobs")
        case .s3: blobRoot = nil
        }
        return Backup.Layout(database: settings.database, blobRoot: blobRoot, keyDirectory: URL(fileURLWithPath: settings.keyDirectory))
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into a new data directory (or an empty PostgreSQL database), then verify every organisation.",
        discussion: """
            attest restore /backups/attest-2026-11-29 --data-dir /srv/attest-restored
            attest restore DIR --database-url postgres://…/empty --data-dir /srv/attest-restored
            Every digest in the manifest is checked before anything is written; nothing is overwritten.
            Exit 0 when every organisation verifies intact, 1 when not.
            """)

    @OptionGroup var data: DataOptions
    @Argument(help: "The backup directory.") var backup: String

    func run() async throws {
        let settings = try data.settings()
        let layout = try BackupCommand.layout(settings)
        let manifest = try Backup.restore(from: URL(fileURLWithPath: backup), into: layout) {
            FileHandle.standardError.write(Data("… \($0)\n".utf8))
        }
        let failures = try await Runtime.withStore(settings) { store in
            let service = try settings.makeEvidenceService(store: store)
            let verifier = LogVerifier(store: store, blobs: service.blobs, keys: SigningKeys(directory: layout.keyDirectory))
            var failures = 0
            for organization in try await store.organizations.all() {
                let report = try await verifier.verify(organization)
                var problems = report.problems
                if let head = manifest.heads.first(where: { $0.organization == organization.slug.rawValue }),
                    let restored = try await store.log.latestHead(of: organization.id),
                    restored.head.treeSize < head.treeSize || (restored.head.treeSize == head.treeSize && restored.head.rootHash.hex != head.rootHash)
                {
                    problems.append(
                        "the restored log's latest head (size \(restored.head.treeSize)) is not the one backed up (size \(head.treeSize))")
                }
                for problem in problems { print("PROBLEM: \(organization.slug): \(problem)") }
                print(
                    "\(organization.slug): \(report.leaves) log entries, \(report.recordsChecked) rows, \(report.blobsChecked) blobs: \(problems.isEmpty ? "intact" : "\(problems.count) problems")"
                )
                if !problems.isEmpty { failures += 1 }
            }
            return failures
        }
        if failures > 0 { throw ExitCode(1) }
        print("restored \(backup) and verified every organisation")
    }
}
