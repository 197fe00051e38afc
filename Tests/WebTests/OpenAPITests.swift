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

    /// Every object the document describes is closed (`additionalProperties: false`), so the
    /// contract check that runs on every response a test receives fails on any field the document
    /// does not name: an API body cannot grow, or rename, a field unnoticed (issue 10, item 6).
    @Test func everyDocumentedObjectIsClosed() async throws {
        try await WebHarness.run(.sqlite) { web in
            let document = try JSONValue.parse(Data(try await web.api(.get, "/api/v1/openapi.json").text.utf8))
            var open: [String] = []
            func walk(_ node: JSONValue, _ pointer: String) {
                if let object = node.object {
                    if object["type"] == .string("object"), object["properties"] != nil, object["additionalProperties"] == nil {
                        open.append(pointer)
                    }
                    for (key, child) in object { walk(child, pointer + "/" + key) }
                } else if let array = node.array {
                    for (index, child) in array.enumerated() { walk(child, pointer + "/\(index)") }
                }
            }
            walk(document, "#")
            #expect(open.isEmpty, "open objects: \(open.sorted().prefix(10))")
        }
    }
}
