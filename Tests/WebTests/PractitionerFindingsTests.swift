import ComplianceCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// What a compliance lead ran into (issue 17), each case failing before its fix.
@Suite("Practitioners: the compliance lead's findings")
struct PractitionerFindingsTests {
    /// The evidence filter with every select on "Any" sends `control=&criterion=`, which matched
    /// nothing (an empty control was a filter for items with an empty control).
    @Test func anEmptyFilterIsAny() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let olivia = try await demo.token("olivia@acme.example")
            let all = try await web.api(.get, "\(demo.org)/evidence", token: olivia).json["count"] as? Int
            let any = try await web.api(.get, "\(demo.org)/evidence?control=&criterion=&status=&freshness=", token: olivia).json["count"] as? Int
            #expect(all != nil && all! > 0 && any == all, "all \(all ?? -1), any \(any ?? -1)")
            var browser = try await web.signIn("olivia@acme.example", password: "correct-horse-demo-2026")
            let page = try await browser.get("/orgs/acme-cloud/evidence?control=&criterion=&status=&freshness=")
            #expect(page.status == .ok && !page.text.contains("No evidence matches"), "the page lists the evidence")
        }
    }

    /// People fields name a member by email: not two addresses run together, not an outsider.
    @Test func peopleFieldsNameMembers() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let olivia = try await demo.token("olivia@acme.example")
            let control = "\(demo.org)/controls/ACC-01"
            let outsider = try await web.api(.patch, control, token: olivia, json: #"{"owner":"pat@example-assurance.example"}"#)
            #expect(outsider.status == .unprocessableContent && outsider.text.contains("not a member of acme-cloud"), "\(outsider.text)")
            let member = try await web.api(.patch, control, token: olivia, json: #"{"owner":"Erin@acme.example"}"#)
            #expect(member.status == .ok && (member.json["control"] as? [String: Any])?["owner"] as? String == "erin@acme.example")

            let remediation = "\(demo.org)/engagements/\(demo.live)/remediation"
            func plan(_ owner: String) -> String {
                #"{"criterion":"CC6.2","owner":"\#(owner)","due_date":"2027-01-31","plan":"Automate leaver deprovisioning."}"#
            }
            let runTogether = try await web.api(.post, remediation, token: olivia, json: plan("adam@acme.exampleerin@acme.example"))
            #expect(runTogether.status == .unprocessableContent && runTogether.errorCode == "invalid_owner", "\(runTogether.text)")
            #expect(try await web.api(.post, remediation, token: olivia, json: plan("adam@acme.example")).status == .ok)
            // A viewer is refused for the right, before the owner is looked at.
            let vera = try await demo.token("vera@acme.example")
            #expect(try await web.api(.patch, control, token: vera, json: #"{"owner":"nobody"}"#).status == .forbidden)
        }
    }

    /// A request could be set to "provided" with no evidence, or "accepted" by the client itself,
    /// through the row's select, the API or an imported sheet; now only the conversation moves it.
    @Test func onlyTheConversationMovesARequestForward() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let olivia = try await demo.token("olivia@acme.example")
            let requests = "\(demo.org)/engagements/\(demo.live)/requests"
            let list = try await web.api(.get, requests, token: olivia).json["requests"] as? [[String: Any]] ?? []
            let open = try #require(list.first { $0["status"] as? String == "open" }?["number"] as? String)
            for status in ["provided", "accepted", "returned"] {
                let edit = try await web.api(.patch, "\(requests)/\(open)", token: olivia, json: #"{"status":"\#(status)"}"#)
                #expect(edit.status == .conflict && edit.errorCode == "status_by_action", "\(status): \(edit.text)")
            }
            let after = try await web.api(.get, requests, token: olivia).json["requests"] as? [[String: Any]] ?? []
            #expect(after.first { $0["number"] as? String == open }?["status"] as? String == "open", "nothing was written")
            // Reopening stays an edit, and the row's select offers only that.
            if let provided = after.first(where: { $0["status"] as? String == "provided" })?["number"] as? String {
                #expect(try await web.api(.patch, "\(requests)/\(provided)", token: olivia, json: #"{"status":"open"}"#).status == .ok)
            }
            var browser = try await web.signIn("olivia@acme.example", password: "correct-horse-demo-2026")
            let page = try await browser.get("/orgs/acme-cloud/programme?engagement=\(demo.live)")
            #expect(!page.text.contains(#"<option value="accepted">"#), "the client is never offered accepted")
        }
    }

    /// Actors showed as `user:757dc8ee…` and times as raw ISO with milliseconds; pages now name
    /// people and show the minute in words, with the exact instant kept for the reader's own zone.
    @Test func pagesNamePeopleAndShowReadableTimes() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            var browser = try await web.signIn("olivia@acme.example", password: "correct-horse-demo-2026")
            for path in ["/orgs/acme-cloud/events", "/orgs/acme-cloud"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok)
                let cells = page.text.components(separatedBy: "<td").dropFirst().map { $0.prefix { $0 != "<" } }
                #expect(!cells.contains { $0.contains(">user:") }, "\(path) shows a raw actor id")
                #expect(page.text.contains("Olivia Owner"), "\(path) names the owner")
                #expect(page.text.contains(#"<time datetime=""#) && page.text.contains(" UTC</time>"), "\(path)")
                #expect(!page.text.contains(".000Z</"), "\(path) prints a raw timestamp")
            }
            // Records keep the email; the report and fieldwork pages show the person's name.
            var alex = try await web.signIn("alex@example-assurance.example", password: "correct-horse-demo-2026")
            for path in ["/orgs/acme-cloud/fieldwork", "/orgs/acme-cloud/report?engagement=\(demo.reported)"] {
                let page = try await alex.get(path)
                #expect(page.status == .ok && page.text.contains("Alex Auditor") && page.text.contains("Pat Partner"), "\(path)")
                #expect(!page.text.contains("prepared by alex@") && !page.text.contains("by pat@"), "\(path) shows an email for a name")
            }
            let script = try await browser.get("/static/local-time.js")
            #expect(script.status == .ok && script.headers[.contentType]?.hasPrefix("text/javascript") == true)
            #expect(script.text.contains("Intl.DateTimeFormat"))
        }
    }

    /// Readiness gaps said "No evidence linked" without saying which evidence, and linked nothing;
    /// now each finding names what the controls expect and links where to fix it.
    @Test func readinessGapsLinkWhatToFix() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let olivia = try await demo.token("olivia@acme.example")
            let readiness = try await web.api(.get, "\(demo.org)/engagements/\(demo.live)/readiness", token: olivia)
            let criteria = ((readiness.json["readiness"] as? [String: Any])?["criteria"] as? [[String: Any]]) ?? []
            let gaps = criteria.filter { ($0["status"] as? String) != "ready" && ($0["status"] as? String) != "not_applicable" }
            #expect(!gaps.isEmpty)
            #expect(gaps.allSatisfy { !(($0["links"] as? [[String: Any]]) ?? []).isEmpty }, "every gap links something to fix")
            let paths = gaps.flatMap { ($0["links"] as? [[String: Any]]) ?? [] }.compactMap { $0["path"] as? String }
            #expect(paths.contains { $0.hasPrefix("controls/") }, "a control behind is linked")
            var browser = try await web.signIn("olivia@acme.example", password: "correct-horse-demo-2026")
            let page = try await browser.get("/orgs/acme-cloud/readiness?engagement=\(demo.live)")
            #expect(page.status == .ok && page.text.contains("class=\"gap-links\""))
            for path in paths.prefix(12) {
                let target = try await browser.get("/orgs/acme-cloud/\(path.split(separator: "#").first ?? "")")
                #expect(target.status == .ok, "\(path) opens")
            }
        }
    }

    /// A successful form answers with a redirect (a reload does not post it again); the firm's
    /// wording page rendered its own answer instead (issue 10, item 5).
    @Test func savingTheFirmsWordingRedirects() async throws {
        try await WebHarness.run(.sqlite) { web in
            _ = try await DemoWorld.seed(web)
            var pat = try await web.signIn("pat@example-assurance.example", password: "correct-horse-demo-2026")
            _ = try await pat.get("/orgs/example-assurance/report-templates")
            let saved = try await pat.post(
                "/orgs/example-assurance/report-templates",
                form: ["name": "section1.limitations", "text": "Controls at {{service_organization}} have limits.", "do": "save"])
            #expect(saved.status == .seeOther, "\(saved.status)")
            let page = try await pat.get(saved.headers[.location] ?? "")
            #expect(page.text.contains("section1.limitations saved."))
        }
    }
}
