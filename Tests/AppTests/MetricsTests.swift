import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 11, finding 8, on a real server: /metrics asks for its own token, and a refusal is counted
/// under its own status (a thrown 404 used to be counted as a 500).
@Suite("Metrics on a real server")
struct MetricsTests {
    @Test func metricsNeedTheirTokenAndCountRefusalsAsThemselves() async throws {
        let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("attest-metrics-\(UUID())").path
        let secret = "scrape-token-\(UUID().uuidString)"
        let server = try ServerProcess(arguments: ["--data-dir", dataDir], environment: ["ATTEST_METRICS_TOKEN": secret])
        defer { server.stop() }
        try await server.waitUntilHealthy()
        func get(_ path: String, bearer: String? = nil) async throws -> (Int, String) {
            var request = URLRequest(url: URL(string: server.base + path)!)
            if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        }
        #expect(try await get("/metrics").0 == 401)
        #expect(try await get("/metrics", bearer: "wrong-token-0123456789").0 == 401)
        #expect(try await get("/api/v1/orgs").0 == 401)
        #expect(try await get("/api/v1/criteria/CC99.9", bearer: nil).0 == 401)
        let (status, text) = try await get("/metrics", bearer: secret)
        #expect(status == 200)
        let unauthenticated = text.split(separator: "\n").filter { $0.hasPrefix("hb_requests") && $0.contains("http_response_status_code=\"401\"") }
        #expect(!unauthenticated.isEmpty, "401s are counted as 401s")
        #expect(
            !text.split(separator: "\n").contains { $0.hasPrefix("hb_requests") && $0.contains("http_response_status_code=\"500\"") },
            "and not as 500s")
    }
}
