import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `attest sample` over a large population CSV against `sha256sum` on the same file, side by side,
/// with the sampler's peak memory taken from the kernel's accounting of the child process.
enum PopulationBench {
    static func run(rows: Int, executable: String) async throws -> String {
        let folder = try Bench.scratch("population")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("changes.csv")
        let bytes = try writePopulation(file, rows: rows)
        Bench.progress("wrote \(rows) rows, \(bytes >> 20) MiB")
        _ = try Bench.run("/usr/bin/sha256sum", [file.path])  // warm the page cache for both
        let shaSeconds = try await Bench.seconds { _ = try Bench.run("/usr/bin/sha256sum", [file.path]) }
        Bench.progress("sha256sum: \(String(format: "%.2f", shaSeconds)) s")
        var output = ""
        let sampleSeconds = try await Bench.seconds {
            output = try Bench.run(
                executable,
                [
                    "sample", "--population", file.path, "--frequency", "per_event", "--period", "2026-01-01..2026-06-30",
                    "--risk", "high", "--seed", "20261128", "--json",
                ])
        }
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        let peakMiB = Double(usage.ru_maxrss) / 1024
        let selected = output.contains("\"population_rows\" : \(rows)")
        return """
            population of \(rows) rows, \(bytes >> 20) MiB of CSV (page cache warm)
              sha256sum                \(String(format: "%7.2f", shaSeconds)) s
              attest sample (freeze + size + draw)  \(String(format: "%7.2f", sampleSeconds)) s  = \(String(format: "%.2f", sampleSeconds / shaSeconds))× sha256sum (target ≤ 2×)
              peak memory of the attest process: \(String(format: "%.1f", peakMiB)) MiB (target < 64 MB)
              rows counted correctly: \(selected)
            """
    }

    /// Rows like a change log export: id, timestamp, author, approver, a quoted title with a comma.
    static func writePopulation(_ url: URL, rows: Int) throws -> Int {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw BenchError("cannot create \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var written = 0
        var chunk = "change_id,merged_at,author,approver,title,tests_passed\n"
        chunk.reserveCapacity(8 << 20)
        for index in 1...rows {
            chunk +=
                "CHG-\(index),2026-\(String(format: "%02d", 1 + index % 6))-\(String(format: "%02d", 1 + index % 28))T10:\(index % 60):00Z,engineer\(index % 40)@acme.example,reviewer\(index % 7)@acme.example,\"Fix \(index % 977), keep \"\"tests\"\" green\",true\n"
            if chunk.utf8.count >= 8 << 20 {
                written += chunk.utf8.count
                handle.write(Data(chunk.utf8))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        written += chunk.utf8.count
        handle.write(Data(chunk.utf8))
        return written
    }
}
