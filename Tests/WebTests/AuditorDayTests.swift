import ComplianceCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// The auditor's day in the browser, not the API (issue 17): every workpaper has its sign-off
/// buttons, a test's results are entered in one grid (or pasted from a spreadsheet) and saved at
/// once, and what blocks the report is shown where the work is.
@Suite("The auditor's day in the browser")
struct AuditorDayTests {
    @Test func resultsGoInThroughTheGridAndWorkpapersAreSignedFromThePage() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let alexToken = try await demo.token("alex@example-assurance.example")
            let tests = "\(demo.org)/engagements/\(demo.live)/tests"
            let planned = try #require((try await web.api(.get, tests, token: alexToken).json["tests"] as? [[String: Any]])?.first)
            let test = try #require(planned["test"] as? [String: Any])
            let testID = try #require(test["id"] as? String)
            let items = try #require(test["items"] as? [Int])
            let attributes = try #require(test["attributes"] as? [String])

            var alex = try await web.signIn("alex@example-assurance.example", password: "correct-horse-demo-2026")
            let page = try await alex.get("/orgs/acme-cloud/fieldwork?engagement=\(demo.live)")
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"grid-\(testID.lowercased())\""), "the test's results grid")
            #expect(page.text.contains("name=\"r:\(items[0]):1\""), "a select per item and attribute")
            #expect(page.text.contains("Before the report can be issued"), "the blockers are shown where the work is")
            for kind in ["population", "sample", "walkthrough"] {
                #expect(page.text.contains("name=\"kind\" value=\"\(kind)\""), "a sign-off button on the \(kind)")
            }

            // One save: a pasted row fails the second attribute of the first item, with its note.
            let before = try await web.api(.get, "\(demo.org)/events?limit=1", token: alexToken).json["events"] as? [[String: Any]]
            let saved = try await alex.submit(
                "/orgs/acme-cloud/fieldwork/results",
                form: [
                    "engagement": demo.live, "test": testID, "r:\(items[1]):0": "pass",
                    "paste": "\(items[0])\tpass\tfail\tCI was skipped for this merge",
                ])
            #expect(saved.status == .ok && saved.text.contains("Results saved."), "\(saved.text.prefix(300))")
            let after = try #require(
                (try await web.api(.get, tests, token: alexToken).json["tests"] as? [[String: Any]])?.first?["test"] as? [String: Any])
            let results = after["results"] as? [[String: Any]] ?? []
            let changed = results.first { $0["item"] as? Int == items[0] && $0["attribute"] as? String == attributes[1] }
            #expect(changed?["passed"] as? Bool == false && changed?["note"] as? String == "CI was skipped for this merge")
            let events = try await web.api(.get, "\(demo.org)/events?limit=3", token: alexToken).json["events"] as? [[String: Any]] ?? []
            #expect(events.first?["action"] as? String == "result_recorded", "one changed cell, one logged change: \(events.first ?? [:])")
            #expect((events.first?["sequence"] as? Int ?? 0) == ((before?.first?["sequence"] as? Int ?? 0) + 1))

            // A bad cell is refused with where it is, and nothing is recorded.
            let refused = try await alex.post(
                "/orgs/acme-cloud/fieldwork/results", form: ["engagement": demo.live, "test": testID, "paste": "\(items[0])\tpass\tmaybe"])
            #expect(refused.status == .badRequest && refused.text.contains("line 1, column 3"), "\(refused.status)")
            let unchanged = try await web.api(.get, "\(demo.org)/events?limit=1", token: alexToken).json["events"] as? [[String: Any]]
            #expect(unchanged?.first?["sequence"] as? Int == events.first?["sequence"] as? Int)

            // The sample is signed from its row's button.
            let samples =
                try await web.api(.get, "\(demo.org)/engagements/\(demo.live)/samples", token: alexToken).json["samples"] as? [[String: Any]]
            let sampleID = try #require(samples?.first?["id"] as? String)

            // Each sampled row carries the population's key (the PR number Acme exported, 4000 + row),
            // shown beside the row number in the grid; an extension reads its new rows' keys too.
            let keys = samples?.first?["keys"] as? [[String: Any]] ?? []
            #expect(!keys.isEmpty && keys.allSatisfy { "\(4000 + ($0["row"] as? Int ?? 0))" == $0["key"] as? String }, "\(keys.prefix(3))")
            if let first = keys.first, let row = first["row"] as? Int, let key = first["key"] as? String {
                #expect(page.text.contains("\(row)<span class=\"key\"> · \(key)</span>") || page.text.contains("\(row) (\(key))"))
            }
            let extended = try await web.api(
                .post, "\(demo.org)/engagements/\(demo.live)/samples/\(sampleID)/extend", token: alexToken,
                json: #"{"count":2,"reason":"One deviation found; extending by two."}"#)
            let after2 = (extended.json["sample"] as? [String: Any])?["keys"] as? [[String: Any]] ?? []
            #expect(extended.status == .ok && after2.count == keys.count + 2, "\(extended.text.prefix(300))")
            let signed = try await alex.submit(
                "/orgs/acme-cloud/fieldwork/sign",
                form: ["engagement": demo.live, "kind": "sample", "workpaper": sampleID, "role": "preparer"])
            #expect(signed.status == .ok)
            let resigned =
                try await web.api(.get, "\(demo.org)/engagements/\(demo.live)/samples", token: alexToken).json["samples"] as? [[String: Any]]
            #expect((resigned?.first?["signoffs"] as? [String: Any])?["preparer"] != nil)

            // The client reads results but enters none; another organisation finds nothing.
            var olivia = try await web.signIn("olivia@acme.example", password: "correct-horse-demo-2026")
            let clientPage = try await olivia.get("/orgs/acme-cloud/fieldwork?engagement=\(demo.live)")
            #expect(!clientPage.text.contains("results-grid") && !clientPage.text.contains("Before the report can be issued"))
            let clientTry = try await olivia.post(
                "/orgs/acme-cloud/fieldwork/results", form: ["engagement": demo.live, "test": testID, "paste": "\(items[0])\tpass\tpass"])
            #expect(clientTry.status == .forbidden, "\(clientTry.status)")
            let (_, outsider) = try await web.fixtures.organization("globex")
            var globex = try await web.signIn(outsider.email.rawValue)
            _ = try await globex.get("/orgs/globex/programme")
            let foreign = try await globex.post(
                "/orgs/acme-cloud/fieldwork/results", form: ["engagement": demo.live, "test": testID, "paste": "\(items[0])\tpass\tpass"])
            #expect(foreign.status == .notFound)
        }
    }

    /// The request list's conversation on the page: the auditor returns a request with a reason,
    /// the client answers it with evidence and a comment, the auditor accepts it.
    @Test func requestsAreAnsweredAcrossTheWallOnThePage() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let oliviaToken = try await demo.token("olivia@acme.example")
            let requests = "\(demo.org)/engagements/\(demo.live)/requests"
            let all = try await web.api(.get, requests, token: oliviaToken).json["requests"] as? [[String: Any]] ?? []
            let number = try #require(all.first { $0["status"] as? String == "open" }?["number"] as? String)
            let evidence = try #require(
                (try await web.api(.get, "\(demo.org)/evidence", token: oliviaToken).json["evidence"] as? [[String: Any]])?.first?["id"] as? String)
            func status() async throws -> String? {
                (try await web.api(.get, requests, token: oliviaToken).json["requests"] as? [[String: Any]])?.first {
                    $0["number"] as? String == number
                }?[
                    "status"] as? String
            }
            let act = "/orgs/acme-cloud/programme/\(demo.live.lowercased())/requests/\(number)/act"

            var alex = try await web.signIn("alex@example-assurance.example", password: "correct-horse-demo-2026")
            let page = try await alex.get("/orgs/acme-cloud/programme?engagement=\(demo.live)")
            #expect(page.text.contains("action=\"\(act)\"") && page.text.contains("Return with a reason"))
            let returned = try await alex.submit(act, form: ["action": "return", "text": "The export has no dates; add the review date column."])
            #expect(returned.text.contains("\(number) returned to the client."), "\(returned.status)")
            #expect(try await status() == "returned")
            let tooShort = try await alex.post(act, form: ["action": "return", "text": "no"])
            #expect(tooShort.status == .badRequest, "a return needs its reason")

            var olivia = try await web.signIn("olivia@acme.example", password: "correct-horse-demo-2026")
            let clientPage = try await olivia.get("/orgs/acme-cloud/programme?engagement=\(demo.live)")
            #expect(clientPage.text.contains("Provide evidence") && !clientPage.text.contains("Return with a reason"))
            _ = try await olivia.submit(act, form: ["action": "provide", "evidence": evidence])
            _ = try await olivia.submit(act, form: ["action": "comment", "text": "Dates added in version 2."])
            #expect(try await status() == "provided")
            let clientAccept = try await olivia.post(act, form: ["action": "accept"])
            #expect(clientAccept.status == .forbidden, "only the auditor accepts")

            _ = try await alex.get("/orgs/acme-cloud/programme?engagement=\(demo.live)")
            let accepted = try await alex.submit(act, form: ["action": "accept"])
            #expect(accepted.text.contains("\(number) accepted."))
            #expect(try await status() == "accepted")

            let (_, outsider) = try await web.fixtures.organization("globex")
            var globex = try await web.signIn(outsider.email.rawValue)
            _ = try await globex.get("/orgs/globex/programme")
            #expect(try await globex.post(act, form: ["action": "comment", "text": "hello"]).status == .notFound)
        }
    }

    /// The firm's own home lists its client engagements with where each stands, instead of
    /// inviting the firm to scope a SOC 2 of its own.
    @Test func theFirmsHomeListsItsClientEngagements() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            var alex = try await web.signIn("alex@example-assurance.example", password: "correct-horse-demo-2026")
            let home = try await alex.get("/orgs/example-assurance")
            #expect(home.status == .ok && home.text.contains("Client engagements") && !home.text.contains("scope your SOC 2"))
            #expect(home.text.contains("SOC 2 Type 2 FY2027") && home.text.contains("SOC 2 Type 2 FY2026"))
            #expect(home.text.contains("/orgs/acme-cloud/fieldwork?engagement=\(demo.live.lowercased())"))
            #expect(home.text.contains("issued"), "last year's report is issued")
            #expect(home.text.contains("Before the report can be issued"))
            // Another firm's member reaches no client of Example Assurance.
            let (_, other) = try await web.fixtures.organization("other-firm", kind: .auditFirm)
            var outsider = try await web.signIn(other.email.rawValue)
            let theirs = try await outsider.get("/orgs/other-firm")
            #expect(theirs.text.contains("No client engagement reaches you yet") && !theirs.text.contains("FY2027"))
            // A client's own dashboard is the client's, not a list of clients.
            var olivia = try await web.signIn("olivia@acme.example", password: "correct-horse-demo-2026")
            #expect(!(try await olivia.get("/orgs/acme-cloud")).text.contains("Client engagements"))
        }
    }
}
