import Collectors
import ComplianceCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Persistence
import TestSupport
import Testing
import UseCases

@Suite("People and the leavers' reconciliation")
struct PeopleAPITests {
    @Test func theDemoFindsExactlyItsTwoLeaversWithAccessAndItsLateRemoval() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let olivia = try await demo.token("olivia@acme.example")
            let findings = try await web.api(.get, "\(demo.org)/access/findings", token: olivia)
            #expect(findings.status == .ok, "\(findings.text.prefix(300))")
            let listed = findings.json["findings"] as? [[String: Any]] ?? []
            #expect(
                listed.map { "\($0["kind"] as? String ?? "") \($0["person"] as? String ?? "") \($0["system"] as? String ?? "")" } == [
                    "active_after_termination dana@acme.example github", "active_after_termination eli@acme.example github",
                    "disabled_late fran@acme.example aws-production",
                ])
            #expect(listed[0]["disabled_at"] is NSNull, "still active is written as null, not left out")
            #expect((listed[2]["hours_late"] as? Int).map { $0 > 24 } == true)

            let all = try await web.api(.get, "\(demo.org)/access/findings?all=true", token: olivia).json["findings"] as? [[String: Any]] ?? []
            #expect(all.contains { $0["kind"] as? String == "privileged" && $0["account"] as? String == "adam-sec" })
            #expect(try await web.api(.get, "\(demo.org)/access/findings?all=yes", token: olivia).status == .badRequest)

            let people = try await web.api(.get, "\(demo.org)/people", token: olivia).json["people"] as? [[String: Any]] ?? []
            #expect(people.count == 14 && people.filter { $0["is_person"] as? Bool == true }.count == 12, "the inbox and the bot are not people")
            let fran = try await web.api(.get, "\(demo.org)/people/fran@acme.example/access", token: olivia).json
            let accounts = fran["accounts"] as? [[String: Any]] ?? []
            #expect(accounts.map { $0["system"] as? String ?? "" } == ["aws-production", "github", "okta"])
            let listings = try await web.api(.get, "\(demo.org)/access/listings", token: olivia).json["listings"] as? [[String: Any]] ?? []
            #expect(listings.count == 3 && listings.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
            #expect(try await web.api(.get, "\(demo.org)/people/nobody@acme.example/access", token: olivia).status == .notFound)

            // HR data: the auditor reads it, an ordinary member and a viewer do not.
            let alex = try await demo.token("alex@example-assurance.example")
            #expect(try await web.api(.get, "\(demo.org)/access/findings", token: alex).status == .ok)
            for email in ["erin@acme.example", "vera@acme.example"] {
                #expect(try await web.api(.get, "\(demo.org)/people", token: try await demo.token(email)).status == .forbidden, "\(email)")
            }
            // Another organisation's owner finds nothing there.
            let (_, stranger) = try await web.fixtures.organization("rival")
            let rival = try await web.fixtures.token(for: stranger)
            for path in ["/people", "/access/findings", "/people/fran@acme.example/access"] {
                #expect(try await web.api(.get, demo.org + path, token: rival).status == .notFound, "\(path)")
            }
        }
    }

    static let roster = """
        email,name,start_date,end_date,manager,department,title,type
        boss@acme.test,Bo Boss,2020-01-01,,,Exec,CEO,employee
        gone@acme.test,Gone Away,2021-01-01,2026-10-15,boss@acme.test,Eng,Dev,employee
        """

    @Test(arguments: TestDatabase.available)
    func importsAreAllOrNothingLoggedAndTheAdminsAlone(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let scope = try await web.fixtures.scope("acme", as: owner)
            let people = Workflows(intake: web.evidence).people
            let before = try await web.store.records.lastSequence(of: scope.organizationID)

            let broken = Self.roster + "\nboss@acme.test,Duplicate,2020-01-01,,,Exec,CEO,employee\n"
            await #expect(throws: DomainError.self) { try await people.importRoster(Array(broken.utf8), file: "roster.csv", in: scope) }
            #expect(try await people.people(in: scope).isEmpty, "nothing half written")
            #expect(try await web.store.records.lastSequence(of: scope.organizationID) == before)

            let summary = try await people.importRoster(Array(Self.roster.utf8), file: "roster.csv", in: scope)
            #expect(summary.added == 2)
            let again = try await people.importRoster(Array(Self.roster.utf8), file: "roster.csv", in: scope)
            #expect(again.unchanged == 2 && again.added == 0, "an unchanged person is not written again")
            let accounts = "account,email,created_at,disabled_at,privileged\ngone,gone@acme.test,2021-01-02,,false\n"
            let listing = try await people.importAccounts(Array(accounts.utf8), system: "salesforce", file: "sf.csv", in: scope)
            #expect(listing.digest == Digest.sha256Hex(Array(accounts.utf8)))
            #expect(try await web.store.records.lastSequence(of: scope.organizationID) == before + 3, "two people and one listing, each logged")
            #expect(try await people.findings(in: scope).map(\.kind) == [.activeAfterTermination])

            // A collector's directory listing becomes that system's newest listing, in the same transaction as the run.
            let directory = Listing(
                name: "okta-users", title: "Okta users", columns: ["email"], rows: [["gone@acme.test"], ["boss@acme.test"]],
                query: "GET /api/v1/users",
                sourceCount: nil, sourceCountQuery: nil,
                accounts: [
                    SystemAccount(
                        account: "gone@acme.test", email: "gone@acme.test", createdAt: nil, disabledAt: Timestamp.time("2026-10-17T09:00:00Z"),
                        privileged: false),
                    SystemAccount(account: "boss@acme.test", email: "boss@acme.test", createdAt: nil, disabledAt: nil, privileged: true),
                ])
            let result = CollectionResult(
                connector: "okta", connectorVersion: "1.0.0", account: "acme.okta.com", regions: [], startedAt: Date(), finishedAt: Date(), calls: [],
                outcomes: [], listings: [directory])
            let run = try await Workflows(intake: web.evidence).collectors.record(
                result, permit: try Workflows(intake: web.evidence).collectors.permit(scope))
            let systems = try await people.latestListings(in: scope)
            #expect(systems.map(\.system) == ["okta", "salesforce"])
            #expect(systems.first?.source.contains(run.id.uuidString.lowercased()) == true, "the listing names the run it came from")
            let late = try await people.findings(in: scope).first { $0.system == "okta" }
            #expect(late?.kind == .disabledLate && late?.hoursLate == 9, "16 Oct midnight plus 24 h, then nine hours more")

            await #expect(throws: DomainError.self) {
                try await people.importAccounts(Array(accounts.utf8), system: "Sales Force!", file: "sf.csv", in: scope)
            }
            await #expect(throws: DomainError.self) {
                try await people.importAccounts([0xFF, 0xFE, 0x00], system: "salesforce", file: "sf.csv", in: scope)
            }
            let viewer = try await web.fixtures.user("viewer@acme.test", in: "acme", role: .viewer)
            let viewing = try await web.fixtures.scope("acme", as: viewer)
            await #expect(throws: DomainError.self) { try await people.importRoster(Array(Self.roster.utf8), file: "r.csv", in: viewing) }
            await #expect(throws: DomainError.self) { try await people.people(in: viewing) }
        }
    }
}
