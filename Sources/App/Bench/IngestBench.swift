import Foundation

/// `attest evidence add` against `sha256sum` on the same files, side by side in one run.
enum IngestBench {
    static func run(totalMiB: Int, files: Int, executable: String) async throws -> String {
        let folder = try Bench.scratch("ingest")
        defer { try? FileManager.default.removeItem(at: folder) }
        let perFile = totalMiB / files
        var paths: [String] = []
        for index in 0..<files {
            let url = folder.appendingPathComponent("evidence-\(index).bin")
            try Bench.writeRandomFile(url, bytes: perFile << 20, seed: UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15)
            paths.append(url.path)
        }
        Bench.progress("wrote \(files) files of \(perFile) MiB")
        let dataDir = folder.appendingPathComponent("data").path
        try Bench.run(executable, ["org", "create", "--slug", "bench", "--name", "Bench", "--kind", "service_organization", "--data-dir", dataDir])
        // Warm the page cache for both: each reads files that are in memory, as a second upload would.
        _ = try Bench.run("/usr/bin/sha256sum", paths)
        let shaSeconds = try await Bench.seconds { _ = try Bench.run("/usr/bin/sha256sum", paths) }
        Bench.progress("sha256sum: \(String(format: "%.2f", shaSeconds)) s")
        let attestSeconds = try await Bench.seconds {
            for path in paths {
                _ = try Bench.run(executable, ["evidence", "add", path, "--org", "bench", "--data-dir", dataDir])
            }
        }
        Bench.progress("attest evidence add: \(String(format: "%.2f", attestSeconds)) s")
        let megabytes = Double(perFile * files)
        let sha = megabytes / shaSeconds
        let attest = megabytes / attestSeconds
        return """
            ingest \(perFile * files) MiB in \(files) files (page cache warm)
              sha256sum            \(String(format: "%7.2f", shaSeconds)) s  \(String(format: "%7.1f", sha)) MiB/s
              attest evidence add  \(String(format: "%7.2f", attestSeconds)) s  \(String(format: "%7.1f", attest)) MiB/s  (\(String(format: "%.0f", 100 * attest / sha))% of sha256sum; target ≥ 70%)
              attest includes: one process per file, migrations check, spool write + fsync, rename, SQLite transaction and log event
            """
    }
}
