import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

@Suite("Tenancy")
struct TenancyTests {
    /// Calls every organisation-scoped route, API and page, as a user of another organisation.
    /// Each must answer 404 and show nothing of the organisation.
    @Test(arguments: TestDatabase.available)
    func everyOrganisationRouteIsNotFoundToOutsiders(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            try await web.fixtures.organization("acme")
            try await web.fixtures.user("erin@acme.example", in: "acme", role: .member)
            let (_, outsider) = try await web.fixtures.organization("globex")
            let token = try await web.fixtures.token(for: outsider)
            var browser = try await web.signIn(outsider.email.rawValue)

            // Published keys are public by design (what outsiders verify with); every other route is walled.
            let scoped = web.routes.filter { $0.path.contains("{org}") && !$0.path.hasPrefix("/.well-known/") }
            #expect(scoped.count >= 8)
            for route in scoped {
                let path = route.path.replacingOccurrences(of: "{org}", with: "acme")
                    .replacingOccurrences(of: "{email}", with: "erin@acme.example")
                    .replacingOccurrences(of: "{id}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{number}", with: "1")
                    .replacingOccurrences(of: "{key}", with: "ACC-01")
                    .replacingOccurrences(of: "{sample}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{test}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{exception}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{kind}", with: "test")
                    .replacingOccurrences(of: "{workpaper}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{letter}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{name}", with: "bridge_letter")
                let response: TestResponse
                if path.hasPrefix("/api/") {
                    response = try await web.api(
                        .init(route.method)!, path, token: token,
                        json: route.method == "POST" ? #"{"email":"erin@acme.example","role":"owner"}"# : nil)
                    #expect(response.errorCode == "not_found", "\(route.method) \(path)")
                } else if route.method == "POST" {
                    response = try await browser.post(path, form: ["email": "erin@acme.example", "role": "owner"])
                } else {
                    response = try await browser.get(path)
                }
                #expect(response.status == .notFound, "\(route.method) \(path) answered \(response.status.code)")
                #expect(!response.text.contains("erin@acme.example"), "\(route.method) \(path) leaked a member")
            }
            // Nothing changed in acme.
            let owner = try #require(try await web.store.users.find(email: try EmailAddress("owner@acme.example")))
            let members = try await web.store.memberships.members(in: try await web.fixtures.scope("acme", as: owner))
            #expect(members.map(\.role) == [.owner, .member])
        }
    }
}
