import App
import ComplianceCore
import Foundation
import Logging
import Persistence
import Testing

/// The `attest` executable, run as a user would. Built by `swift build` (scripts/test builds it first).
enum Executable {
    static let url: URL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [".build/debug/attest", ".build/x86_64-unknown-linux-gnu/debug/attest", ".build/aarch64-unknown-linux-gnu/debug/attest"]
        return candidates.map { root.appendingPathComponent($0) }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs the executable on a dispatch thread: waiting on a process inside Swift concurrency's
    /// small thread pool would stall every other test in the process.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Swift.Result { try runBlocking(arguments, stdin: stdin, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], stdin: String?, environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

@Suite("The attest command", .enabled(if: Executable.url != nil, "build the attest executable first (swift build)"))
struct CommandTests {
    let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-cli-\(UUID())").path

    @Test func aWholeSetUpFromTheCommandLine() async throws {
        let migrate = try await Executable.run(["migrate", "--data-dir", dataDir])
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("up to date"))

        let org = try await Executable.run([
            "org", "create", "--slug", "acme", "--name", "Acme", "--kind", "service_organization", "--data-dir", dataDir, "--json",
        ])
        #expect(org.status == 0, "\(org.stderr)")
        #expect(org.stdout.contains(#""slug" : "acme""#))

        let user = try await Executable.run(
            ["user", "create", "--email", "olivia@acme.example", "--name", "Olivia", "--org", "acme", "--role", "owner", "--data-dir", dataDir],
            stdin: "a-long-cli-password\n")
        #expect(user.status == 0, "\(user.stderr)")
        #expect(!user.stdout.contains("a-long-cli-password"))

        let token = try await Executable.run(["token", "create", "--email", "olivia@acme.example", "--data-dir", dataDir])
        #expect(token.status == 0, "\(token.stderr)")
        #expect(token.stdout.hasPrefix("atk_") && token.stdout.split(separator: "\n").count == 1)

        let list = try await Executable.run(["org", "list", "--json", "--data-dir", dataDir])
        #expect(list.stdout.contains("acme"))
    }

    @Test func badInputIsRefusedWithAMessage() async throws {
        _ = try await Executable.run(["migrate", "--data-dir", dataDir])
        let cases: [([String], String?, String)] = [
            (["org", "create", "--slug", "../etc", "--name", "X", "--kind", "service_organization"], nil, "not a valid slug"),
            (["org", "create", "--slug", "ok-slug", "--name", "X", "--kind", "bank"], nil, "--kind must be"),
            (["user", "create", "--email", "a@b.example", "--name", "A", "--org", "nowhere"], "long-enough-password\n", "was not found"),
            (["user", "create", "--email", "a@b.example", "--name", "A", "--org", "nowhere"], "", "password"),
            (["token", "create", "--email", "ghost@b.example"], nil, "was not found"),
            (["criteria", "--category", "money"], nil, "--category must be"),
            (["serve", "--port", "99999"], nil, "port"),
        ]
        for (arguments, stdin, message) in cases {
            let result = try await Executable.run(arguments + ["--data-dir", dataDir], stdin: stdin)
            #expect(result.status != 0, "\(arguments)")
            #expect((result.stderr + result.stdout).contains(message), "\(arguments): \(result.stderr)")
        }
        let weak = try await Executable.run(["org", "create", "--slug", "weak", "--name", "W", "--kind", "audit_firm", "--data-dir", dataDir])
        #expect(weak.status == 0)
        let common = try await Executable.run(
            ["user", "create", "--email", "w@weak.example", "--name", "W", "--org", "weak", "--data-dir", dataDir], stdin: "password1234\n")
        #expect(common.status != 0)
        #expect(common.stderr.contains("commonly used"))
    }

    @Test func criteriaListsTheCatalog() async throws {
        let json = try await Executable.run(["criteria", "--json", "--data-dir", dataDir])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
        #expect(decoded?.count == 61)
        let privacy = try await Executable.run(["criteria", "--category", "privacy", "--data-dir", dataDir])
        #expect(privacy.stdout.contains("18 criteria"))
    }

    @Test func catalogImportChecksTheFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID()).yaml")
        try "id: x\ngroups: [\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try await Executable.run(["criteria", "import", file.path, "--data-dir", dataDir])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains(file.lastPathComponent + ":"))
    }

    @Test func theCommandLineWorksWhileAServerHoldsTheDatabase() async throws {
        _ = try await Executable.run(["migrate", "--data-dir", dataDir])
        let database = try await AttestDatabase.open(.sqliteFile(path: dataDir + "/attest.sqlite"), logger: .init(label: "t"))
        let store = Store(database: database, bcryptCost: 4)
        _ = try await store.organizations.create(slug: try Slug("held"), name: "Held", kind: .serviceOrganization, actor: .cli("t"))
        let result = try await Executable.run([
            "org", "create", "--slug", "beside", "--name", "Beside", "--kind", "audit_firm", "--data-dir", dataDir,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try await store.organizations.all().map(\.slug.rawValue) == ["beside", "held"])
        await database.shutdown()
    }
}
