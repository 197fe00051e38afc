import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@Suite("Connections over the API")
struct ConnectionAPITests {
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let body =
        #"{"name": "Production", "regions": ["eu-west-2"], "cadence_hours": 6, "access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": "\#(secret)"}"#

    @Test(arguments: TestDatabase.available)
    func aConnectionIsMadeListedPausedAndDeletedAndItsSecretNeverComesBack(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let made = try await web.api(.post, "/api/v1/orgs/acme/connections", token: token, json: Self.body)
            #expect(made.status == .created, "\(made.text)")
            #expect(!made.text.contains(Self.secret) && !made.text.contains("wJalr"))
            let connection = made.json["connection"] as? [String: Any] ?? [:]
            #expect(connection["credentials"] as? String == "access key AKIA…MPLE")
            #expect(connection["enabled"] as? Bool == true && connection["cadence_hours"] as? Int == 6)
            let id = try #require(connection["id"] as? String)

            let list = try await web.api(.get, "/api/v1/orgs/acme/connections", token: token)
            #expect((list.json["connections"] as? [[String: Any]])?.count == 1 && !list.text.contains(Self.secret))
            let paused = try await web.api(.patch, "/api/v1/orgs/acme/connections/\(id)", token: token, json: #"{"enabled": false}"#)
            #expect((paused.json["connection"] as? [String: Any])?["enabled"] as? Bool == false)
            let events = try await web.api(.get, "/api/v1/orgs/acme/events", token: token)
            #expect(events.status == .ok && !events.text.contains(Self.secret), "the log holds the sealed form only")

            let (_, stranger) = try await web.fixtures.organization("globex")
            let strangerToken = try await web.fixtures.token(for: stranger)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/connections/\(id)", token: strangerToken).status == .notFound)
            #expect(try await web.api(.post, "/api/v1/orgs/acme/connections/\(id)/runs", token: strangerToken).status == .notFound)
            #expect(try await web.api(.delete, "/api/v1/orgs/globex/connections/\(id)", token: strangerToken).status == .notFound)
            #expect(try await web.api(.delete, "/api/v1/orgs/acme/connections/\(id)", token: token).status == .noContent)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/connections/\(id)", token: token).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func badConnectionsAndViewersAreRefused(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let viewer = try await web.fixtures.user("vic@acme.example", in: "acme", role: .viewer)
            let viewerToken = try await web.fixtures.token(for: viewer)
            func post(_ json: String, _ token: String) async throws -> Int {
                try await web.api(.post, "/api/v1/orgs/acme/connections", token: token, json: json).status.code
            }
            #expect(try await post(Self.body, viewerToken) == 403)
            #expect(try await post(Self.body.replacingOccurrences(of: "AKIAIOSFODNN7EXAMPLE", with: "akia"), token) == 422)
            #expect(try await post(Self.body.replacingOccurrences(of: #""cadence_hours": 6"#, with: #""cadence_hours": 0"#), token) == 422)
            #expect(
                try await post(
                    Self.body.replacingOccurrences(of: #""name": "Production", "#, with: #""endpoint": "http://10.0.0.1/", "name": "P", "#), token)
                    == 422)
            #expect(try await post(Self.body.replacingOccurrences(of: "}", with: #", "password": "x"}"#), token) == 400)
            #expect(try await post("{", token) == 400)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/connections", token: viewerToken).status == .ok)
            let left = try await web.api(.get, "/api/v1/orgs/acme/connections", token: token)
            #expect((left.json["connections"] as? [Any])?.isEmpty == true, "nothing half written")
        }
    }
}
