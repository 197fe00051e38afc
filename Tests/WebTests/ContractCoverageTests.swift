import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// Every web test holds its API responses to the OpenAPI document (`WebHarness.checked`). This one
/// reaches, on the demo's data, the successful answers no other test asks for, so that every
/// operation's 2xx body is checked against its schema at least once.
@Suite("The API contract, on the demo")
struct ContractCoverageTests {
    @Test func theOperationsOtherTestsOnlyReachThroughRefusalsAnswerWithinTheirSchemas() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let olivia = try await demo.token("olivia@acme.example")
            let alex = try await demo.token("alex@example-assurance.example")
            let pat = try await demo.token("pat@example-assurance.example")
            let (org, live, last) = (demo.org, demo.live, demo.reported)

            for path in ["/healthz", "/api/v1/openapi.json"] {
                #expect(try await web.api(.get, path).status == .ok, "GET \(path)")
            }
            #expect(try await web.api(.get, "/metrics", token: WebHarness.metricsToken).status == .ok)
            for (path, caller) in [
                (org, olivia), ("\(org)/controls", olivia), ("\(org)/engagements/\(live)", olivia),
                ("\(org)/engagements/\(last)/bridge-letters", olivia),
                ("\(org)/engagements/\(last)/description", olivia), ("\(org)/engagements/\(last)/report/versions", alex),
                ("\(org)/engagements/\(live)/walkthroughs", alex), ("\(org)/policies/information-security", olivia),
                ("/api/v1/orgs/example-assurance/report-templates", pat),
            ] {
                let response = try await web.api(.get, path, token: caller)
                #expect(response.status == .ok, "GET \(path): \(response.status) \(response.text.prefix(200))")
            }

            let requests = try await web.api(.get, "\(org)/engagements/\(live)/requests", token: olivia).json["requests"] as? [[String: Any]] ?? []
            let number = try #require(requests.first?["number"] as? String)
            let patched = try await web.api(
                .patch, "\(org)/engagements/\(live)/requests/\(number)", token: olivia, json: #"{"owner":"erin@acme.example"}"#)
            #expect(patched.status == .ok, "\(patched.text.prefix(200))")
            let control = try await web.api(
                .post, "\(org)/controls", token: olivia,
                json: #"{"key":"CUS-01","title":"Customer data deletion","type":"manual","frequency":"per_event","criteria":["C1.2"]}"#)
            #expect(control.status == .created, "\(control.text.prefix(200))")
            #expect(try await web.api(.post, "\(org)/engagements/\(live)/readiness/snapshots", token: olivia).status == .created)
            let remediation = try await web.api(
                .post, "\(org)/engagements/\(live)/remediation", token: olivia,
                json: #"{"criterion":"CC6.2","owner":"olivia@acme.example","due_date":"2027-01-31","plan":"Automate leaver deprovisioning."}"#)
            #expect(remediation.status == .ok, "\(remediation.text.prefix(200))")
            let scoped = try await web.api(.put, "\(org)/engagements/\(live)", token: olivia, json: ProgrammeAPITests.engagementJSON)
            #expect(scoped.status == .ok, "\(scoped.text.prefix(200))")

            var form = Multipart()
            form.field("title", "Firewall rules export")
            form.fileBytes = Array("rule,port\nallow,443\n".utf8)
            form.fileName = "firewall.csv"
            #expect(try await web.upload(form, token: olivia, org: "acme-cloud").status == .created)
        }
    }
}
