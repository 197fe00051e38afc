import ComplianceCore
import Foundation
import Logging
import Persistence
import TestSupport
import Testing
import UseCases

@testable import App

@Suite("Programme commands", .enabled(if: Executable.url != nil, "build the attest executable first (swift build)"))
struct ProgrammeCommandTests {
    let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-cli-\(UUID())").path

    func attest(_ arguments: [String]) async throws -> Executable.Result {
        try await Executable.run(arguments + ["--data-dir", dataDir])
    }

    @Test func scopeAdoptAndReadFromTheCommandLine() async throws {
        #expect(try await attest(["org", "create", "--slug", "acme", "--name", "Acme", "--kind", "service_organization"]).status == 0)
        let none = try await attest(["readiness", "--org", "acme"])
        #expect(none.status != 0 && none.stderr.contains("no engagement yet"))
        let short = try await attest([
            "engagement", "create", "--org", "acme", "--type", "type2", "--period-start", "2026-01-01",
            "--period-end", "2026-02-15", "--system-name", "Platform",
        ])
        #expect(short.status != 0 && short.stderr.contains("at least 3 months"))
        let badDate = try await attest([
            "engagement", "create", "--org", "acme", "--type", "type1", "--as-of", "2026-02-30", "--system-name", "Platform",
        ])
        #expect(badDate.status != 0 && badDate.stderr.contains("not a date"))
        let created = try await attest([
            "engagement", "create", "--org", "acme", "--type", "type2", "--period-start", "2026-01-01",
            "--period-end", "2026-06-30", "--category", "availability", "--cloud", "aws", "--location", "London",
            "--system-name", "Platform",
        ])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try await attest(["controls", "adopt", "--org", "acme"]).stdout.contains("controls adopted"))
        let set = try await attest(["controls", "set", "--org", "acme", "ACC-01", "--status", "operating"])
        #expect(set.status == 0, "\(set.stderr)")
        // An owner is a member of the organisation (issue 17); this one has no members yet.
        let outsider = try await attest(["controls", "set", "--org", "acme", "ACC-01", "--owner", "it@acme.example"])
        #expect(outsider.status != 0 && outsider.stderr.contains("not a member of acme"), "\(outsider.stderr)")
        #expect(try await attest(["controls", "set", "--org", "acme", "ACC-01", "--status", "done"]).status != 0)

        let readiness = try await attest(["readiness", "--org", "acme", "--json", "--record"])
        #expect(readiness.status == 0, "\(readiness.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(readiness.stdout.utf8)) as? [String: Any]
        let rows = report?["criteria"] as? [[String: Any]] ?? []
        #expect(rows.count == 36)
        #expect((report?["overall"] as? Double ?? 0) > 0)
        #expect(try await attest(["readiness", "--org", "acme"]).stdout.contains("criteria not ready"))

        let csvPath = dataDir + "/requests.csv"
        #expect(try await attest(["engagement", "requests", "--org", "acme", "--output", csvPath]).status == 0)
        var csv = try String(contentsOfFile: csvPath, encoding: .utf8)
        #expect(csv.hasPrefix("number,area,title,provide,kind,criteria,due_date,owner,status\r\n"))
        #expect(csv.contains("AWS identities") && csv.contains("Office access: London"))
        csv = csv.replacingOccurrences(of: "\r\nIRL-001,Governance,Organisation chart,", with: "\r\nIRL-001,Governance,Organisation chart (current),")
        try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
        let imported = try await attest(["engagement", "import", "--org", "acme", csvPath])
        #expect(imported.stdout.contains("1 updated, 0 added"), "\(imported.stderr)")
        try Data("not,a,request,list\n".utf8).write(to: URL(fileURLWithPath: csvPath))
        let refused = try await attest(["engagement", "import", "--org", "acme", csvPath])
        #expect(refused.status != 0 && refused.stderr.contains("missing column(s)"))

        let crosswalk = try await attest(["crosswalk", "--org", "acme"])
        #expect(crosswalk.stdout.contains("of 93 covered"))
        let mapping = dataDir + "/mapping.csv"
        try Data("criterion,annex_a,relationship\nCC6.1,A.5.15,intersect\nCC6.1,A.5.99,equal\n".utf8).write(to: URL(fileURLWithPath: mapping))
        let badMapping = try await attest(["crosswalk", "--check", mapping])
        #expect(badMapping.status != 0 && badMapping.stderr.contains("mapping.csv:3:"))
    }
}

@Suite("Daily readiness snapshots")
struct ReadinessSnapshotServiceTests {
    @Test(arguments: TestDatabase.available)
    func oneSnapshotPerEngagementPerDay(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            try await fixtures.organization("auditors", kind: .auditFirm)
            let scope = try await fixtures.scope("acme", as: owner)
            let engagement = try await store.programme.engagements.create(
                name: "FY26", scope: EngagementScope(reportType: .type1, asOf: Day("2026-06-30"), systemName: "Platform"), in: scope)
            let service = ReadinessSnapshotService(store: store, logger: Logger(label: "test"))
            let now = Date()
            #expect(try await service.recordDue(now: now) == 1)
            #expect(try await service.recordDue(now: now.addingTimeInterval(3600)) == 0)
            #expect(try await service.recordDue(now: now.addingTimeInterval(86_400)) == 1)
            let snapshots = try await store.programme.readiness.snapshots(engagement.id, in: scope)
            #expect(snapshots.count == 2)
            let events = try await store.events.events(in: scope, limit: 200)
            #expect(events.contains { $0.entityType == "readiness_snapshot" && $0.actor == .system })
        }
    }
}

@Suite("attest sample", .enabled(if: Executable.url != nil, "build the attest executable first (swift build)"))
struct SampleCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-sample-\(UUID())")

    func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func printsTheDocumentedJSONAndTheSameDrawEveryTime() async throws {
        let rows = (1...500).map { "CHG-\($0),2026-03-\(String(format: "%02d", 1 + $0 % 28)),erin,adam" }
        let path = try write("changes.csv", "change_id,merged_at,author,approver\n" + rows.joined(separator: "\n") + "\n")
        let arguments = [
            "sample", "--population", path, "--frequency", "per_event", "--period", "2026-01-01..2026-06-30", "--risk", "high", "--seed", "42",
            "--json",
        ]
        let first = try await Executable.run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["population_sha256", "population_rows", "sample_size", "method", "seed", "selected"])
        #expect(object["population_rows"] as? Int == 500 && object["sample_size"] as? Int == 40 && object["seed"] as? Int == 42)
        let selected = object["selected"] as? [Int] ?? []
        #expect(selected == (try Sampler.select(rows: 500, size: 40, method: .random, seed: 42)))
        #expect(try await Executable.run(arguments).stdout == first.stdout)
        let human = try await Executable.run(Array(arguments.dropLast()))
        #expect(human.stdout.contains("per event, population of 500"))
    }

    @Test func badPopulationsAndSizesAreRefusedWithTheirLines() async throws {
        let ragged = try write("ragged.csv", "id,name\n1,a\n2\n3,c\n4,\"open\n")
        let result = try await Executable.run([
            "sample", "--population", ragged, "--frequency", "per_event", "--period", "2026-01-01..2026-06-30", "--seed", "1",
        ])
        #expect(result.status != 0)
        #expect(result.stderr.contains("ragged.csv line 3: 1 field, but the header has 2"))
        #expect(result.stderr.contains("ragged.csv line 5: a quoted field opened on this line is never closed"))
        let small = try write("small.csv", "id\n1\n2\n3\n")
        let tooBig = try await Executable.run([
            "sample", "--population", small, "--frequency", "per_event", "--period", "2026-01-01..2026-06-30",
            "--seed", "1", "--size", "10", "--reason", "Extending after a deviation.",
        ])
        #expect(tooBig.status != 0 && tooBig.stderr.contains("larger than the population of 3 rows"))
        let empty = try write("empty.csv", "")
        #expect(
            try await Executable.run(["sample", "--population", empty, "--frequency", "daily", "--period", "2026-01-01..2026-06-30"]).stderr.contains(
                "the file is empty"))
        let long = try await Executable.run(["sample", "--population", small, "--frequency", "daily", "--period", "2026-01-01..2027-06-30"])
        #expect(long.status != 0 && long.stderr.contains("more than 12 months"))
    }
}
