import ComplianceCore
import EvidenceStore
import Foundation
import Logging
import Persistence

/// `attest verify` over an organisation with a long log and many evidence versions, against the
/// physical floor of the same work in one run: `sha256sum` over the same blob files and a bare read
/// of the event rows. Verify runs as its own process under /usr/bin/time, so its peak memory is its own.
enum VerifyBench {
    static func run(events: Int, versions: Int, executable: String) async throws -> String {
        let folder = try Bench.scratch("verify")
        // ATTEST_BENCH_KEEP=1 keeps the organisation, to run `attest verify --data-dir` on it again.
        let keep = ProcessInfo.processInfo.environment["ATTEST_BENCH_KEEP"] == "1"
        defer { if keep { Bench.progress("kept \(folder.path)/data") } else { try? FileManager.default.removeItem(at: folder) } }
        let dataDir = folder.appendingPathComponent("data")
        let blobRoot = dataDir.appendingPathComponent("blobs")
        try Bench.run(
            executable, ["org", "create", "--slug", "bench", "--name", "Bench", "--kind", "service_organization", "--data-dir", dataDir.path])

        // The blobs: 512 bytes each, one per version, in the file store's layout.
        var paths: [String] = []
        var digests: [String] = []
        for index in 0..<versions {
            var bytes = Array("evidence \(index)\n".utf8)
            bytes += [UInt8](repeating: UInt8(ascii: "x"), count: 512 - bytes.count)
            let sha = Digest.sha256Hex(bytes)
            let url = FileBlobStore(root: blobRoot).path(sha)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            paths.append(url.path)
            digests.append(sha)
            if (index + 1) % 20_000 == 0 { Bench.progress("wrote \(index + 1) blobs") }
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let database = try await AttestDatabase.open(.sqliteFile(path: dataDir.appendingPathComponent("attest.sqlite").path), logger: logger)
        let store = Store(database: database, bcryptCost: 4)
        let rawSeconds: Double
        do {
            guard let organization = try await store.organizations.find(slug: "bench") else { throw BenchError("no bench organisation") }
            let perItem = 4
            let list = digests
            try await SyntheticLog(database: database).fill(
                organizationID: organization.id, items: versions / perItem, versions: perItem, events: events, digest: { list[$0] },
                progress: { if $0 % 100_000 < 1000 { Bench.progress("log: \($0) events") } })
            // One head over the whole log, signed as the server would.
            let log = TransparencyLog(storage: store.log, keys: SigningKeys(directory: dataDir.appendingPathComponent("keys")))
            _ = try await log.head(of: organization.id)
            _ = try await database.rawRows("SELECT * FROM events")
            rawSeconds = try await Bench.seconds { _ = try await database.rawRows("SELECT * FROM events") }
            await database.shutdown()
        } catch {
            await database.shutdown()
            throw error
        }
        Bench.progress("bare read of the event rows: \(String(format: "%.2f", rawSeconds)) s")
        // sha256sum over the same blob files, warm, in argument lists of 2,000.
        func shaAll() throws {
            for start in stride(from: 0, to: paths.count, by: 2000) {
                _ = try Bench.run("/usr/bin/sha256sum", Array(paths[start..<min(start + 2000, paths.count)]))
            }
        }
        try shaAll()
        let shaSeconds = try await Bench.seconds { try shaAll() }
        Bench.progress("sha256sum: \(String(format: "%.2f", shaSeconds)) s")
        let memoryFile = folder.appendingPathComponent("rss").path
        var output = ""
        let verifySeconds = try await Bench.seconds {
            output = try Bench.run(
                "/usr/bin/time", ["-f", "%M", "-o", memoryFile, executable, "verify", "--org", "bench", "--data-dir", dataDir.path])
        }
        let peakKiB = Int((try String(contentsOfFile: memoryFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let floor = rawSeconds + shaSeconds
        return """
            attest verify over \(events) log events and \(versions) evidence versions (\(versions) blobs of 512 bytes; SQLite; page cache warm)
              bare read of the event rows   \(String(format: "%7.2f", rawSeconds)) s
              sha256sum over the blobs      \(String(format: "%7.2f", shaSeconds)) s
              floor (the two together)      \(String(format: "%7.2f", floor)) s
              attest verify                 \(String(format: "%7.2f", verifySeconds)) s  (\(String(format: "%.1f", verifySeconds / floor))× the floor; peak memory \(peakKiB / 1024) MiB, target < 256 MiB)
              verify's verdict: \(output.split(separator: "\n").last.map(String.init) ?? "")
            """
    }
}
