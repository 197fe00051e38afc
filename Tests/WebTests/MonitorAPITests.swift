import Collectors
import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing
import UseCases

@Suite("Monitors over the API")
struct MonitorAPITests {
    static let check = "iam_user_mfa_enabled_console_access"
    static let alice = "arn:aws:iam::123456789012:user/alice"

    @Test(arguments: TestDatabase.available)
    func linkRunMuteAndReadTheCalendar(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let workflows = Workflows(intake: web.evidence)
            let scope = try await web.fixtures.scope("acme", as: owner)
            _ = try await workflows.controls.adopt(["ACC-01"], in: scope)

            let linked = try await web.api(
                .post, "/api/v1/orgs/acme/monitors", token: token, json: #"{"check": "\#(Self.check)", "control": "ACC-01"}"#)
            #expect(linked.status == .created, "\(linked.text)")
            let again = try await web.api(
                .post, "/api/v1/orgs/acme/monitors", token: token, json: #"{"check": "\#(Self.check)", "control": "ACC-01"}"#)
            #expect((again.json["monitor"] as? [String: Any])?["id"] as? String == (linked.json["monitor"] as? [String: Any])?["id"] as? String)

            var board = try await web.api(.get, "/api/v1/orgs/acme/monitors", token: token)
            #expect((board.json["controls"] as? [[String: Any]])?.first?["health"] as? String == "not_run")

            // A run with a failing user: the control fails and the admins hear of it.
            _ = try await workflows.collectors.record(CollectorRunAPITests.result(), permit: try workflows.collectors.permit(scope))
            board = try await web.api(.get, "/api/v1/orgs/acme/monitors", token: token)
            var control = (board.json["controls"] as? [[String: Any]])?.first ?? [:]
            #expect(control["health"] as? String == "failing")
            #expect(((control["checks"] as? [[String: Any]])?.first?["failing"] as? [String]) == [Self.alice])
            let notes = try await workflows.requestList.notifications(in: scope)
            #expect(notes.contains { $0.text.contains("ACC-01 is failing") && $0.path == "monitors#ACC-01" }, "\(notes.map(\.text))")

            // Readiness counts the failing monitor.
            let engagement = try await workflows.engagements.create(
                name: "FY27",
                scope: EngagementScope(
                    reportType: .type2, periodStart: Day("2027-01-01"), periodEnd: Day("2027-06-30"), categories: [.security],
                    systemName: "Acme platform", clouds: [.aws], locations: ["London"], headcount: .upTo200), in: scope)
            let readiness = try await workflows.readiness.compute(engagement.id, in: scope)
            #expect(readiness.criteria.contains { $0.findings.contains("Monitor failing on ACC-01: \(Self.check).") })

            // Muted: shown as muted, the control at risk, never passed.
            let expiry = Day(Date()).adding(days: 30).description
            let muted = try await web.api(
                .post, "/api/v1/orgs/acme/monitors/mutes", token: token,
                json:
                    #"{"check": "\#(Self.check)", "resource": "\#(Self.alice)", "owner": "owner@acme.example", "reason": "Leaves on Friday; account closed then.", "expires_on": "\#(expiry)"}"#
            )
            #expect(muted.status == .created, "\(muted.text)")
            board = try await web.api(.get, "/api/v1/orgs/acme/monitors", token: token)
            control = (board.json["controls"] as? [[String: Any]])?.first ?? [:]
            #expect(control["health"] as? String == "at_risk")
            #expect(((control["checks"] as? [[String: Any]])?.first?["muted"] as? [String]) == [Self.alice])
            #expect((board.json["mutes"] as? [[String: Any]])?.first?["active"] as? Bool == true)

            // The calendar: the run's day is watched, the days before are gaps; that day's finding
            // stays failing, as it was before anyone muted it.
            let runDay = Day(Date(timeIntervalSince1970: 1_795_000_000))
            let calendar = try await web.api(
                .get, "/api/v1/orgs/acme/monitors/calendar/ACC-01?start=\(runDay.adding(days: -3))&end=\(runDay.adding(days: 1))", token: token)
            #expect(calendar.status == .ok, "\(calendar.text)")
            let states = (calendar.json["days"] as? [[String: Any]])?.map { $0["state"] as? String ?? "" }
            #expect(states == ["gap", "gap", "gap", "failing", "gap"], "\(calendar.text.prefix(400))")
            #expect((calendar.json["gaps"] as? [[String: Any]])?.first?["days"] as? Int == 3)

            // Unmuted: failing again. Unlinked: gone from the board.
            let muteID = try #require((muted.json["mute"] as? [String: Any])?["id"] as? String)
            #expect(try await web.api(.delete, "/api/v1/orgs/acme/monitors/mutes/\(muteID)", token: token).status == .noContent)
            board = try await web.api(.get, "/api/v1/orgs/acme/monitors", token: token)
            #expect((board.json["controls"] as? [[String: Any]])?.first?["health"] as? String == "failing")
            let monitorID = try #require((linked.json["monitor"] as? [String: Any])?["id"] as? String)
            #expect(try await web.api(.delete, "/api/v1/orgs/acme/monitors/\(monitorID)", token: token).status == .noContent)
            board = try await web.api(.get, "/api/v1/orgs/acme/monitors", token: token)
            #expect((board.json["controls"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test(arguments: TestDatabase.available)
    func badInputOtherTenantsAndAuditorsAreRefused(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let workflows = Workflows(intake: web.evidence)
            let scope = try await web.fixtures.scope("acme", as: owner)
            _ = try await workflows.controls.adopt(["ACC-01"], in: scope)
            let viewer = try await web.fixtures.user("vic@acme.example", in: "acme", role: .viewer)
            let viewerToken = try await web.fixtures.token(for: viewer)

            func post(_ path: String, _ json: String, _ token: String) async throws -> TestResponse {
                try await web.api(.post, "/api/v1/orgs/acme/\(path)", token: token, json: json)
            }
            let good = #"{"check": "\#(Self.check)", "control": "ACC-01"}"#
            #expect(try await post("monitors", #"{"check": "no_such_check", "control": "ACC-01"}"#, token).status == .unprocessableContent)
            #expect(try await post("monitors", #"{"check": "\#(Self.check)", "control": "NOPE-99"}"#, token).status == .notFound)
            #expect(try await post("monitors", #"{"check": "\#(Self.check)"}"#, token).status == .badRequest)
            #expect(try await post("monitors", #"{"check": "\#(Self.check)", "control": "ACC-01", "x": 1}"#, token).status == .badRequest)
            #expect(try await post("monitors", "[", token).status == .badRequest)
            #expect(try await post("monitors", good, viewerToken).status == .forbidden)

            func mute(owner: String = "owner@acme.example", reason: String = "Accepted until the migration.", expires: String) -> String {
                #"{"check": "\#(Self.check)", "resource": "\#(Self.alice)", "owner": "\#(owner)", "reason": "\#(reason)", "expires_on": "\#(expires)"}"#
            }
            let soon = Day(Date()).adding(days: 10).description
            #expect(try await post("monitors/mutes", mute(expires: "2020-01-01"), token).status == .unprocessableContent)
            #expect(try await post("monitors/mutes", mute(expires: "next week"), token).status == .badRequest)
            #expect(try await post("monitors/mutes", mute(expires: Day(Date()).adding(days: 500).description), token).status == .unprocessableContent)
            #expect(try await post("monitors/mutes", mute(reason: "", expires: soon), token).status == .unprocessableContent)
            #expect(try await post("monitors/mutes", mute(owner: "stranger@globex.example", expires: soon), token).status == .unprocessableContent)
            #expect(try await post("monitors/mutes", mute(expires: soon), viewerToken).status == .forbidden)
            let calendar = "/api/v1/orgs/acme/monitors/calendar/ACC-01"
            #expect(try await web.api(.get, calendar + "?start=2026-13-01", token: token).status == .badRequest)
            #expect(try await web.api(.get, calendar + "?start=2020-01-01&end=2026-01-01", token: token).status == .unprocessableContent)
            #expect(try await web.api(.get, calendar + "?start=2026-02-01&end=2026-01-01", token: token).status == .unprocessableContent)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/monitors/calendar/NOPE-1", token: token).status == .notFound)

            let linked = try await post("monitors", good, token)
            let monitorID = try #require((linked.json["monitor"] as? [String: Any])?["id"] as? String)
            let (_, stranger) = try await web.fixtures.organization("globex")
            let strangerToken = try await web.fixtures.token(for: stranger)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/monitors", token: strangerToken).status == .notFound)
            #expect(try await web.api(.delete, "/api/v1/orgs/acme/monitors/\(monitorID)", token: strangerToken).status == .notFound)
            #expect(try await web.api(.delete, "/api/v1/orgs/globex/monitors/\(monitorID)", token: strangerToken).status == .notFound)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/monitors/calendar/ACC-01", token: strangerToken).status == .notFound)
            #expect(try await web.api(.delete, "/api/v1/orgs/acme/monitors/\(monitorID)", token: viewerToken).status == .forbidden)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/monitors", token: viewerToken).status == .ok)
        }
    }
}
