import Foundation
import Testing

/// `attest grant`: the operator gives, lists, extends and revokes auditor access from the shell.
@Suite("attest grant", .enabled(if: Executable.url != nil, "build the attest executable first (swift build)"))
struct GrantCommandTests {
    let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-grant-\(UUID())").path

    func run(_ arguments: [String], stdin: String? = nil) async throws -> Executable.Result {
        try await Executable.run(arguments + ["--data-dir", dataDir], stdin: stdin)
    }

    @Test func grantListExtendRevoke() async throws {
        _ = try await run(["org", "create", "--slug", "acme", "--name", "Acme", "--kind", "service_organization"])
        _ = try await run(["org", "create", "--slug", "assure", "--name", "Assure", "--kind", "audit_firm"])
        _ = try await run(["user", "create", "--email", "alex@assure.example", "--name", "Alex", "--org", "assure"], stdin: "a-long-cli-password\n")
        let made = try await run([
            "grant", "create", "--org", "acme", "--auditor", "alex@assure.example", "--firm", "assure", "--until", "2099-01-31",
        ])
        #expect(made.status == 0 && made.stdout.contains("until 2099-01-31T23:59:59.999Z"), "\(made.stderr)")
        let listed = try await run(["grant", "list", "--org", "acme", "--json"])
        let grants = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        let id = try #require(grants.first?["id"] as? String)
        #expect(try await run(["grant", "extend", "--org", "acme", "--id", id, "--until", "2099-02-28"]).status == 0)
        #expect(try await run(["grant", "revoke", "--org", "acme", "--id", id]).status == 0)
        #expect(try await run(["grant", "list", "--org", "acme"]).stdout.contains("revoked"))
        let again = try await run(["grant", "revoke", "--org", "acme", "--id", id])
        #expect(again.status != 0 && again.stderr.contains("revoked"))
        let bad = try await run(["grant", "create", "--org", "acme", "--auditor", "alex@assure.example", "--firm", "assure", "--until", "soon"])
        #expect(bad.status != 0 && bad.stderr.contains("--until"))
    }
}
