import AsyncHTTPClient
import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Persistence
import UseCases
import Web

/// Listing 10,000 evidence items over the real HTTP API, against reading the same rows raw.
enum ListBench {
    static func run(items: Int, requests: Int) async throws -> String {
        let folder = try Bench.scratch("list")
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let database = try await AttestDatabase.open(.sqliteFile(path: folder.appendingPathComponent("attest.sqlite").path), logger: logger)
        try await database.migrate()
        let store = Store(database: database, bcryptCost: 4)
        do {
            let result = try await measure(store: store, folder: folder, items: items, requests: requests, logger: logger)
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }

    private static func measure(store: Store, folder: URL, items: Int, requests: Int, logger: Logger) async throws -> String {
        _ = try await store.organizations.create(slug: try Slug("bench"), name: "Bench", kind: .serviceOrganization, actor: .cli("bench"))
        let user = try await store.users.create(email: try EmailAddress("bench@bench.example"), name: "Bench", password: "a-long-bench-password")
        let scope = try await store.organizations.operatorScope(slug: "bench")
        _ = try await store.memberships.setRole(.owner, for: user.email, in: scope, ownerRefusal: nil)
        let token = try await store.tokens.create(for: user, name: "bench", actor: .cli("bench")).secret
        let blob = AttachedBlob(
            sha256: String(repeating: "a", count: 64), size: 1, contentType: "text/plain", fileName: "f.txt",
            period: try EvidencePeriod(parsing: "2026-01-01..2026-03-31"), source: .init(kind: .import, actor: "cli:bench"), rowCount: nil)
        for index in 0..<items {
            _ = try await store.evidence.insert(
                try EvidenceItem.new(
                    NewEvidence(title: "Evidence \(index)", criteria: ["CC6.1"], frequency: .quarterly), organizationID: scope.organizationID,
                    now: Date()), firstVersion: blob, in: scope)
            if (index + 1) % 2000 == 0 { Bench.progress("created \(index + 1) items") }
        }
        let log = TransparencyLog(storage: store.log, keys: SigningKeys(directory: folder.appendingPathComponent("keys")))
        let evidence = EvidenceService(store: store, blobs: FileBlobStore(root: folder.appendingPathComponent("blobs")), log: log, sizeLimit: 1 << 20)
        let router = WebApplication.router(environment: WebEnvironment(workflows: Workflows(intake: evidence)))
        let port = Int.random(in: 20_000..<60_000)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(500))
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/orgs/bench/evidence")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                var times: [Double] = []
                var bytes = 0
                for _ in 0..<(requests + 2) {
                    times.append(
                        try await Bench.seconds {
                            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                            bytes = try await response.body.collect(upTo: 1 << 30).readableBytes
                        })
                }
                times.removeFirst(2)
                // The first request after a change replays the new events and rewrites the changed items.
                var cold: [Double] = []
                for round in 0..<5 {
                    _ = try await store.evidence.insert(
                        try EvidenceItem.new(
                            NewEvidence(title: "Late \(round)", criteria: ["CC6.1"]), organizationID: scope.organizationID, now: Date()),
                        firstVersion: blob, in: scope)
                    cold.append(
                        try await Bench.seconds {
                            _ = try await HTTPClient.shared.execute(request, timeout: .seconds(30)).body.collect(upTo: 1 << 30)
                        })
                }
                let raw = try await Bench.seconds {
                    _ = try await store.database.rawRows("SELECT * FROM evidence_items") + store.database.rawRows("SELECT * FROM evidence_versions")
                }
                return """
                    list \(items) evidence items over HTTP (\(requests) requests, \(bytes / 1024) KiB each)
                      median \(String(format: "%.1f", Bench.median(times) * 1000)) ms, p90 \(String(format: "%.1f", Bench.percentile(times, 0.9) * 1000)) ms (target < 50 ms median)
                      first request after a change (replay the new events, rewrite changed items): median \(String(format: "%.1f", Bench.median(cold) * 1000)) ms of 5
                      for scale: reading the same rows raw through SQLKit takes \(String(format: "%.1f", raw * 1000)) ms
                    """
            }
            let result = try await group.next()!
            group.cancelAll()
            return result ?? ""
        }
    }
}
