import ComplianceCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import TestSupport
import Testing

/// The compliance lead always knows which engagement they are in (issue 17): it is in the header
/// of every page about one, a choice made there holds on the organisation's other pages, a new
/// engagement starts from any engagement's page, and a finished one is archived out of the way.
@Suite("The engagement in view")
struct EngagementSwitcherTests {
    static func header(_ html: String) -> String {
        guard let start = html.range(of: "engagement-switcher"), let end = html.range(of: "</details>", range: start.upperBound..<html.endIndex)
        else {
            return ""
        }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func aChoiceInTheHeaderHoldsOnEveryPageUntilItIsArchived() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            var olivia = try await web.signIn("olivia@acme.example", password: "correct-horse-demo-2026")
            // By default the pages open this year's engagement, and the header says so.
            let readiness = try await olivia.get("/orgs/acme-cloud/readiness")
            #expect(Self.header(readiness.text).contains("Engagement: SOC 2 Type 2 FY2027"), "\(Self.header(readiness.text).prefix(300))")
            #expect(Self.header(readiness.text).contains("?engagement=\(demo.reported.lowercased())"), "last year's is one click away")

            // Choosing last year's in the header keeps it on the other pages (no URL to edit).
            let chosen = try await olivia.get("/orgs/acme-cloud/readiness?engagement=\(demo.reported)")
            #expect(Self.header(chosen.text).contains("Engagement: SOC 2 Type 2 FY2026"))
            for page in ["fieldwork", "report", "programme"] {
                let next = try await olivia.get("/orgs/acme-cloud/\(page)")
                #expect(next.status == .ok && Self.header(next.text).contains("Engagement: SOC 2 Type 2 FY2026"), "\(page) stays on FY2026")
            }
            let dashboard = try await olivia.get("/orgs/acme-cloud")
            #expect(Self.header(dashboard.text).contains("Engagement: SOC 2 Type 2 FY2026") && dashboard.text.contains("SOC 2 Type 2 FY2026"))

            // A new engagement starts from the header's link, with this year's engagement in view.
            let starting = try await olivia.get("/orgs/acme-cloud/programme?new")
            #expect(starting.text.contains(#"id="new-engagement" open="open""#))
            let created = try await olivia.submit(
                "/orgs/acme-cloud/programme",
                form: [
                    "name": "SOC 2 Type 1 for the EU region", "report_type": "type1", "as_of": "2027-03-31", "categories": "security",
                    "system_name": "Acme EU", "headcount": "1-50",
                ])
            #expect(
                created.status == .ok && Self.header(created.text).contains("Engagement: SOC 2 Type 1 for the EU region"),
                "\(created.text.prefix(400))")

            // Archiving last year's takes it out of the default; it stays reachable when chosen.
            let archived = try await olivia.submit("/orgs/acme-cloud/programme/\(demo.reported)/archive", form: ["archived": "true"])
            #expect(archived.text.contains("SOC 2 Type 2 FY2026 is archived") && archived.text.contains("This engagement is archived"))
            #expect(Self.header(archived.text).contains("· archived"))
            _ = try await olivia.get("/orgs/acme-cloud/readiness?engagement=\(demo.live)")
            olivia.cookies["attest_engagement_acme-cloud"] = nil
            let fresh = try await olivia.get("/orgs/acme-cloud/report")
            #expect(!Self.header(fresh.text).contains("Engagement: SOC 2 Type 2 FY2026"), "an archived engagement is not the default")
            let old = try await olivia.get("/orgs/acme-cloud/report?engagement=\(demo.reported)")
            #expect(old.status == .ok && Self.header(old.text).contains("Engagement: SOC 2 Type 2 FY2026 (archived)"))
            let reopened = try await olivia.submit("/orgs/acme-cloud/programme/\(demo.reported)/archive", form: ["archived": "false"])
            #expect(reopened.text.contains("SOC 2 Type 2 FY2026 is open again"))

            // The choice is the signed-in person's: signing out forgets it.
            _ = try await olivia.get("/orgs/acme-cloud/readiness?engagement=\(demo.reported)")
            #expect(olivia.cookies["attest_engagement_acme-cloud"] != nil)
            _ = try await olivia.post("/logout", form: [:])
            #expect(olivia.cookies["attest_engagement_acme-cloud"] == nil, "sign-out forgets the engagement in view")

            // Archiving is in the log, and is the lead's right alone.
            let token = try await demo.token("olivia@acme.example")
            let events = try await web.api(.get, "\(demo.org)/events?limit=20", token: token).json["events"] as? [[String: Any]] ?? []
            #expect(events.contains { $0["action"] as? String == "archived" } && events.contains { $0["action"] as? String == "reopened" })
            var vera = try await web.signIn("vera@acme.example", password: "correct-horse-demo-2026")
            _ = try await vera.get("/orgs/acme-cloud/programme")
            let refused = try await vera.post("/orgs/acme-cloud/programme/\(demo.live)/archive", form: ["archived": "true"])
            #expect(refused.status == .forbidden, "a viewer cannot archive: \(refused.status)")
        }
    }

    /// Another organisation's engagement is not there, and a cookie naming one is ignored.
    @Test func anotherOrganisationsEngagementIsNotFound() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let (_, owner) = try await web.fixtures.organization("globex")
            var globex = try await web.signIn(owner.email.rawValue)
            _ = try await globex.get("/orgs/globex/programme")
            let foreign = try await globex.post("/orgs/globex/programme/\(demo.live)/archive", form: ["archived": "true"])
            #expect(foreign.status == .notFound, "\(foreign.status)")
            let direct = try await globex.post("/orgs/acme-cloud/programme/\(demo.live)/archive", form: ["archived": "true"])
            #expect(direct.status == .notFound)
            globex.cookies["attest_engagement_globex"] = demo.live
            let page = try await globex.get("/orgs/globex/programme")
            #expect(page.status == .ok && !page.text.contains("FY2027"), "a cookie cannot open another organisation's engagement")
            let token = try await demo.token("olivia@acme.example")
            let live = try await web.api(.get, "\(demo.org)/engagements/\(demo.live)", token: token).json["engagement"] as? [String: Any]
            #expect(live?["status"] as? String != "closed")
        }
    }
}
