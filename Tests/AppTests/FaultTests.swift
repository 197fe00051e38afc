import ComplianceCore
import Foundation
import Testing

@Suite("Faults", .serialized, .enabled(if: Executable.url != nil, "build the attest executable first (swift build)"))
struct FaultTests {
    /// Sets up an organisation and an owner's token with the CLI; returns the token.
    static func prepare(_ arguments: [String]) async throws -> String {
        #expect(
            try await Executable.run(["org", "create", "--slug", "acme", "--name", "Acme", "--kind", "service_organization"] + arguments).status == 0)
        #expect(
            try await Executable.run(
                ["user", "create", "--email", "o@acme.example", "--name", "O", "--org", "acme", "--role", "owner"] + arguments,
                stdin: "a-long-fault-password\n"
            ).status == 0)
        return try await Executable.run(["token", "create", "--email", "o@acme.example"] + arguments).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    @Test func killNineDuringUploadsLosesNothingAcknowledged() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-kill-\(UUID())").path
        let token = try await Self.prepare(["--data-dir", dataDir])
        let server = try ServerProcess(arguments: ["--data-dir", dataDir])
        try await server.waitUntilHealthy()
        let acknowledged = Acknowledged()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<12 {
                group.addTask {
                    if let sha = await server.upload(randomBytes(1_500_000), title: "upload-\(index)", org: "acme", token: token) {
                        await acknowledged.add(sha)
                    }
                }
            }
            group.addTask {
                // Kill once a few uploads are acknowledged, while others are in flight.
                while await acknowledged.count < 3 { try? await Task.sleep(for: .milliseconds(20)) }
                await server.kill9()
            }
        }
        let shas = await acknowledged.all
        #expect(shas.count >= 3)
        let verify = try await Executable.run(["verify", "--org", "acme", "--data-dir", dataDir])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let list = try await Executable.run(["evidence", "list", "--org", "acme", "--json", "--data-dir", dataDir])
        for sha in shas { #expect(list.stdout.contains(sha), "acknowledged \(sha) is lost") }
        // No blob under a digest name holds other bytes (spool files are not blobs).
        let blobs = URL(fileURLWithPath: dataDir).appendingPathComponent("blobs")
        for path in try FileManager.default.subpathsOfDirectory(atPath: blobs.path) where !path.hasPrefix("spool") {
            let url = blobs.appendingPathComponent(path)
            guard url.lastPathComponent.count == 64 else { continue }
            #expect(Digest.sha256Hex(Array(try Data(contentsOf: url))) == url.lastPathComponent)
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["ATTEST_TEST_DATABASE_URL"] != nil, "needs PostgreSQL"))
    func threeServersOnOnePostgreSQLKeepOneLogAndClaimEachJobOnce() async throws {
        let base = ProcessInfo.processInfo.environment["ATTEST_TEST_DATABASE_URL"]!
        let name = "attest_two_" + UUID().uuidString.prefix(8).lowercased()
        var components = URLComponents(string: base)!
        // A database of its own, so the log starts empty.
        let create = Process()
        create.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        create.arguments = [base.replacingOccurrences(of: "?sslmode=disable", with: ""), "-q", "-c", "CREATE DATABASE \(name)"]
        try create.run()
        await withCheckedContinuation { done in
            DispatchQueue.global().async {
                create.waitUntilExit()
                done.resume()
            }
        }
        components.path = "/" + name
        let url = components.string!
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-two-\(UUID())").path
        let token = try await Self.prepare(["--database-url", url, "--data-dir", dataDir])
        // Both share the blob directory and keys (as two servers behind one load balancer would share storage).
        // Three servers share the database, the blob directory and the keys (as servers behind one
        // load balancer would), each with the head signer every 5 seconds.
        // Started one after another, as a rolling deploy would (the first runs the migrations).
        var servers: [ServerProcess] = []
        defer { for server in servers { server.stop() } }
        for _ in 0..<3 {
            let server = try ServerProcess(arguments: ["--database-url", url, "--data-dir", dataDir], environment: ["ATTEST_HEAD_INTERVAL": "5"])
            servers.append(server)
            try await server.waitUntilHealthy()
        }
        let acknowledged = Acknowledged()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                let server = servers[index % 3]
                group.addTask {
                    if let sha = await server.upload(randomBytes(20_000 + index), title: "both-\(index)", org: "acme", token: token) {
                        await acknowledged.add(sha)
                    }
                }
            }
        }
        #expect(await acknowledged.count == 16)
        // Long enough for a signing pass after the uploads.
        try await Task.sleep(for: .seconds(7))
        func query(_ sql: String) throws -> String {
            let psql = Process()
            psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
            psql.arguments = [url.replacingOccurrences(of: "?sslmode=disable", with: ""), "-At", "-c", sql]
            let out = Pipe()
            psql.standardOutput = out
            try psql.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            psql.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // Background work is claimed once: one holder per job, and no tree size signed twice.
        #expect(try query("SELECT count(*) FROM job_leases WHERE name = 'tree-heads'") == "1")
        #expect(try query("SELECT count(*) FROM job_leases WHERE name = 'readiness-snapshots'") == "1")
        #expect(
            try query("SELECT count(*) FROM (SELECT tree_size FROM tree_heads GROUP BY organization_id, tree_size HAVING count(*) > 1) AS doubled")
                == "0")
        #expect(try query("SELECT max(tree_size) FROM tree_heads") == "\(4 + 16 * 2)", "the lease holder signed the grown log")
        let verify = try await Executable.run(["verify", "--org", "acme", "--database-url", url, "--data-dir", dataDir])
        #expect(verify.status == 0, "\(verify.stdout)")
        // organisation, membership, token, the published signing key and two entries per upload: no
        // fork, no lost or doubled leaf.
        #expect(verify.stdout.contains("\(4 + 16 * 2) log entries"), "\(verify.stdout)")
    }
}

actor Acknowledged {
    private var shas: [String] = []
    func add(_ sha: String) { shas.append(sha) }
    var count: Int { shas.count }
    var all: [String] { shas }
}
