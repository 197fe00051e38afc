import ComplianceCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The leavers' reconciliation at scale: a roster and five systems' account files are read,
/// checked and joined, against `wc -l` reading the same files once. Each system holds four
/// accounts per person; a tenth of the people have left, and of their accounts some are still
/// active, some disabled late and the rest on time.
enum ReconcileBench {
    static func run(people: Int, systems: Int, accounts: Int) async throws -> String {
        let folder = try Bench.scratch("reconcile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let roster = folder.appendingPathComponent("roster.csv")
        try write(roster, header: Roster.columns) { emit in
            for index in 0..<people {
                let left = index % 10 == 0
                emit([
                    "person\(index)@acme.example", "Person \(index)", "2020-01-01", left ? "2026-06-30" : "",
                    index == 0 ? "" : "person0@acme.example",
                    "Dept \(index % 40)", "Engineer", "employee",
                ])
            }
        }
        var files = [roster]
        for system in 0..<systems {
            let file = folder.appendingPathComponent("system\(system).csv")
            try write(file, header: AccountListing.columns) { emit in
                for index in 0..<accounts {
                    let owner = index % people
                    let left = owner % 10 == 0
                    // Leavers: one in three still active, one in three disabled two days late, the rest on the day.
                    let disabled = !left ? "" : owner % 3 == 0 ? "" : owner % 3 == 1 ? "2026-07-03T09:00:00Z" : "2026-06-30T18:00:00Z"
                    emit([
                        "acct\(system)-\(index)", "person\(owner)@acme.example", "2021-01-01T00:00:00Z", disabled, index % 50 == 1 ? "true" : "false",
                    ])
                }
            }
            files.append(file)
        }
        let bytes = try files.reduce(0) { $0 + (try FileManager.default.attributesOfItem(atPath: $1.path)[.size] as? Int ?? 0) }
        Bench.progress("wrote \(people) people and \(systems) × \(accounts) accounts, \(bytes >> 20) MiB")
        _ = try Bench.run("/usr/bin/wc", ["-l"] + files.map(\.path))  // warm the page cache for both
        let wcSeconds = try await Bench.seconds { _ = try Bench.run("/usr/bin/wc", ["-l"] + files.map(\.path)) }
        var findings: [AccessFinding] = []
        let seconds = try await Bench.seconds {
            let people = try Roster.parse(try String(contentsOf: roster, encoding: .utf8), file: "roster.csv")
            var listings: [AccountListing] = []
            for (index, file) in files.dropFirst().enumerated() {
                let accounts = try AccountListing.parse(try String(contentsOf: file, encoding: .utf8), file: file.lastPathComponent)
                listings.append(
                    AccountListing(
                        system: "system\(index)", takenAt: Date(), source: "bench", query: file.lastPathComponent, digest: "", accounts: accounts))
            }
            findings = AccessReconciliation(people: people, listings: listings).findings(asOf: Date())
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let peakMiB = Double(usage.ru_maxrss) / 1024
        let counts = Dictionary(grouping: findings, by: \.kind).mapValues(\.count)
        let expectedActive = systems * (0..<accounts).filter { ($0 % people) % 10 == 0 && ($0 % people) % 3 == 0 }.count
        return """
            \(people) people, \(systems) systems × \(accounts) accounts, \(bytes >> 20) MiB of CSV (page cache warm)
              wc -l over the six files          \(String(format: "%7.2f", wcSeconds)) s
              read, check and reconcile        \(String(format: "%7.2f", seconds)) s  = \(String(format: "%.1f", seconds / wcSeconds))× wc -l
              peak memory of the process: \(String(format: "%.0f", peakMiB)) MiB (\(String(format: "%.0f", Double(bytes) / 1_048_576)) MiB of input)
              findings: \(AccessFinding.Kind.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", "))
              leavers with access counted correctly: \(counts[.activeAfterTermination] == expectedActive)
            """
    }

    static func write(_ url: URL, header: [String], rows: (([String]) -> Void) -> Void) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw BenchError("cannot create \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = CSV.line(header)
        rows { fields in
            chunk += CSV.line(fields)
            if chunk.utf8.count >= 4 << 20 {
                handle.write(Data(chunk.utf8))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(chunk.utf8))
    }
}
