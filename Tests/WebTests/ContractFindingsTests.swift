import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// Finding 9 of the hardening issue: what schemathesis found against the served OpenAPI document
/// (Tests/Browser/test_api_contract.py runs it whole). Each case here failed before its fix.
@Suite("The API contract: what schemathesis found")
struct ContractFindingsTests {
    /// An address that exists answers 405 with `Allow` for a method it does not serve, rather than
    /// 404; and the router's preference for a literal segment decides which address that is.
    @Test func anUndeclaredMethodIsNotAllowedAndSaysWhatIs() async throws {
        try await WebHarness.run(.sqlite) { web in
            let trace = try await web.client.execute(uri: "/api/v1/orgs", method: HTTPRequest.Method("TRACE")!, headers: [:], body: nil)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET")
            #expect(String(buffer: trace.body).contains("method_not_allowed"))

            // `/controls/adopt` is its own address (POST only), not `/controls/{key}` with key "adopt".
            let adopt = try await web.client.execute(uri: "/api/v1/orgs/acme/controls/adopt", method: .get, headers: [:], body: nil)
            #expect(adopt.status == .methodNotAllowed)
            #expect(adopt.headers[.allow] == "POST")
            let controls = try await web.client.execute(uri: "/api/v1/orgs/acme/controls", method: .delete, headers: [:], body: nil)
            #expect(controls.headers[.allow] == "GET, POST")

            let nowhere = try await web.client.execute(uri: "/api/v1/nothing/here", method: .get, headers: [:], body: nil)
            #expect(nowhere.status == .notFound)
        }
    }

    /// The verify endpoint answered 200 ("not an Attest report") to a request with no body at all.
    @Test func verifyingNothingIsABadRequest() async throws {
        try await WebHarness.run(.sqlite) { web in
            let empty = try await web.api(.post, "/api/v1/reports/verify", json: "", contentType: "application/octet-stream")
            #expect(empty.status == .badRequest)
            #expect(empty.errorCode == "invalid_file")
        }
    }

    /// A rule the schema cannot state answers 422 with the field's code; a shape the schema does
    /// state answers 400. Schemathesis holds the server to that split.
    @Test func shapeIsFourHundredAndRulesBeyondItAreFourTwentyTwo() async throws {
        try await WebHarness.run(.sqlite) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let path = "/api/v1/orgs/acme/engagements"
            let shape = try await web.api(.post, path, token: token, json: #"{"report_type":"type1","system_name":""}"#)
            #expect(shape.status == .badRequest && shape.errorCode == "invalid_system_name")
            let rule = try await web.api(
                .post, path, token: token,
                json: #"{"report_type":"type1","system_name":"Platform","period_start":"2026-01-01","period_end":"2026-06-30"}"#)
            #expect(rule.status == .unprocessableContent && rule.errorCode == "invalid_as_of")
            let future = try await web.api(.post, "/api/v1/tokens", token: token, json: #"{"name":"ci","expires_at":"2001-01-01T00:00:00.5+02:00"}"#)
            #expect(future.status == .unprocessableContent && future.errorCode == "invalid_expires_at", "\(future.text)")
        }
    }

    /// Objects inside a body are as closed as the body (the document says so since every object in
    /// it is closed): an unknown field in a nested object is a 400 that names where it is, and the
    /// write does not happen.
    @Test func anUnknownNestedFieldIsRefusedWhereItIs() async throws {
        try await WebHarness.run(.sqlite) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let base = "/api/v1/orgs/acme/engagements"
            let nested = try await web.api(
                .post, base, token: token,
                json:
                    #"{"report_type":"type1","as_of":"2026-06-30","system_name":"Platform","subservices":[{"name":"AWS","service":"Hosting","method":"carve_out","sla":"99.9"}]}"#
            )
            #expect(
                nested.status == .badRequest && nested.errorCode == "unknown_field" && nested.text.contains("subservices[0].sla"), "\(nested.text)")
            #expect((try await web.api(.get, base, token: token).json["engagements"] as? [Any])?.isEmpty == true, "nothing was created")
            let created = try await web.api(
                .post, base, token: token, json: #"{"report_type":"type1","as_of":"2026-06-30","system_name":"Platform"}"#)
            let id = try #require((created.json["engagement"] as? [String: Any])?["id"] as? String)
            let change = try await web.api(
                .put, "\(base)/\(id)/description", token: token,
                json: #"{"changes":[{"date":"2026-01-01","description":"New region","x":1}]}"#)
            #expect(change.status == .badRequest && change.text.contains("changes[0].x"), "\(change.text)")
            let firm = try await web.fixtures.organization("assure", kind: .auditFirm)
            let firmToken = try await web.fixtures.token(for: firm.1)
            let table = try await web.api(
                .put, "/api/v1/orgs/assure/sample-table", token: firmToken,
                json: #"{"periodic":{"daily":{"low":25,"high":40,"mid":30}},"events":[],"test_all_up_to":5}"#)
            #expect(table.status == .badRequest && table.text.contains("periodic.daily.mid"), "\(table.text)")
        }
    }

    /// The template names in the document are the names the server knows: a path parameter's enum
    /// that could drift from the code is checked against it.
    @Test func theDocumentedTemplateNamesAreTheServersOwn() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Web/Resources/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let put = try #require(paths["/api/v1/orgs/{org}/report-templates/{name}"]?["put"] as? [String: Any])
        let parameters = try #require(put["parameters"] as? [[String: Any]])
        let name = try #require(parameters.first { $0["name"] as? String == "name" })
        #expect((name["schema"] as? [String: Any])?["enum"] as? [String] == ReportTemplates.names)
    }
}
