import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

@Suite("The OpenAPI document")
struct OpenAPITests {
    @Test func describesExactlyTheAPIRoutes() async throws {
        try await WebHarness.run(.sqlite) { web in
            let response = try await web.api(.get, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            let document = response.json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let served = Set(
                web.routes
                    .filter { $0.path.hasPrefix("/api/") || $0.path.hasPrefix("/.well-known/") || $0.path == "/healthz" || $0.path == "/metrics" }
                    .map { "\($0.method) \($0.path)" })
            #expect(documented == served, "only documented: \(documented.subtracting(served)); only served: \(served.subtracting(documented))")
        }
    }
}
