import Foundation
import Testing

/// `attest keys` and `attest verify --checkpoint` as an operator uses them: the checkpoint kept in a
/// file outside the database catches a log whose tail was removed together with its heads.
@Suite("Keys and checkpoints from the command line", .enabled(if: Executable.url != nil, "build the attest executable first (swift build)"))
struct KeysCommandTests {
    let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-keys-\(UUID())").path

    @Test func aCheckpointKeptOutsideCatchesATruncatedLog() async throws {
        let org = try await Executable.run([
            "org", "create", "--slug", "acme", "--name", "Acme", "--kind", "service_organization", "--data-dir", dataDir,
        ])
        #expect(org.status == 0, "\(org.stderr)")
        let evidence = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID()).txt")
        for index in 0..<3 {
            try Data("evidence \(index)\n".utf8).write(to: evidence)
            let added = try await Executable.run(["evidence", "add", evidence.path, "--org", "acme", "--title", "E\(index)", "--data-dir", dataDir])
            #expect(added.status == 0, "\(added.stderr)")
        }
        let checkpoint = try await Executable.run(["keys", "checkpoint", "--org", "acme", "--data-dir", dataDir])
        #expect(checkpoint.status == 0 && checkpoint.stdout.hasPrefix("attest/"), "\(checkpoint.stderr)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID()).txt")
        try Data(checkpoint.stdout.utf8).write(to: file)
        let keys = try await Executable.run(["keys", "list", "--org", "acme", "--data-dir", dataDir])
        #expect(keys.stdout.contains("\"format\" : \"attest-keys-v1\""), "\(keys.stdout)")
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID()).json")
        try Data(keys.stdout.utf8).write(to: keyFile)

        let intact = try await Executable.run(["verify", "--org", "acme", "--checkpoint", file.path, "--keys", keyFile.path, "--data-dir", dataDir])
        #expect(intact.status == 0 && intact.stdout.contains("1 outside checkpoints: intact"), "\(intact.stdout)\(intact.stderr)")

        // Remove the last two events and every head that covered them, as someone with the database could.
        let database = "\(dataDir)/attest.sqlite"
        for statement in ["DELETE FROM events WHERE sequence > (SELECT MAX(sequence) - 2 FROM events)", "DELETE FROM tree_heads"] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            process.arguments = [database, statement]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let blind = try await Executable.run(["verify", "--org", "acme", "--data-dir", dataDir])
        // With the heads gone nothing inside the database says the log was longer: the rows left
        // without events are named, but not the cut itself.
        #expect(blind.status == 1 && !blind.stdout.contains("truncated") && blind.stdout.contains("has no event in the log"), "\(blind.stdout)")
        let caught = try await Executable.run(["verify", "--org", "acme", "--checkpoint", file.path, "--data-dir", dataDir])
        #expect(caught.status == 1 && caught.stdout.contains("the log is truncated: the checkpoint from \(file.path)"), "\(caught.stdout)")

        // Rotation keeps the old key listed, closed.
        let rotated = try await Executable.run(["keys", "rotate", "--org", "acme", "--data-dir", dataDir])
        #expect(rotated.status == 0 && rotated.stdout.contains("new signing key sha256:"), "\(rotated.stderr)")
        let after = try await Executable.run(["keys", "list", "--org", "acme", "--data-dir", dataDir])
        #expect(after.stdout.components(separatedBy: "\"fingerprint\"").count == 3 && after.stdout.contains("valid_until"), "\(after.stdout)")
        // A bad checkpoint file is refused by name, not crashed on.
        try Data("not a checkpoint".utf8).write(to: file)
        let bad = try await Executable.run(["verify", "--org", "acme", "--checkpoint", file.path, "--data-dir", dataDir])
        #expect(bad.status == 1 && bad.stdout.contains("does not verify"), "\(bad.stdout)\(bad.stderr)")
    }
}
