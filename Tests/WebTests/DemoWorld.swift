import ComplianceCore
import Foundation
import HTTPTypes
import Logging
import Persistence
import TestSupport
import Testing

@testable import App

/// The demo's organisations, seeded into a harness, for tests that want a lived-in programme: Acme
/// Cloud with last year's reported engagement and this year's live one.
struct DemoWorld {
    let web: WebHarness
    let org = "/api/v1/orgs/acme-cloud"
    /// This year's engagement (fieldwork under way) and last year's (final report issued).
    let live: String
    let reported: String

    static func seed(_ web: WebHarness) async throws -> DemoWorld {
        _ = try await DemoSeed.seedIfNeeded(web.store, evidence: web.evidence, logger: Logger(label: "test"))
        let olivia = try await token(web, "olivia@acme.example")
        let engagements = try await web.api(.get, "/api/v1/orgs/acme-cloud/engagements", token: olivia).json["engagements"] as? [[String: Any]] ?? []
        func id(_ name: String) throws -> String { try #require(engagements.first { $0["name"] as? String == name }?["id"] as? String) }
        return DemoWorld(web: web, live: try id("SOC 2 Type 2 FY2027"), reported: try id("SOC 2 Type 2 FY2026"))
    }

    /// A fresh API token for one of the demo's people.
    func token(_ email: String) async throws -> String { try await Self.token(web, email) }

    private static func token(_ web: WebHarness, _ email: String) async throws -> String {
        try await web.fixtures.token(for: try #require(try await web.store.users.find(email: try EmailAddress(email))))
    }
}
