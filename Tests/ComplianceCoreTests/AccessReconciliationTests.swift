import ComplianceCore
import Foundation
import Testing

@Suite("The roster, account listings and the leavers' reconciliation")
struct AccessReconciliationTests {
    static let header = "email,name,start_date,end_date,manager,department,title,type\n"

    @Test func aRosterIsReadWithItsKinds() throws {
        let people = try Roster.parse(
            Self.header + """
                boss@acme.test,Bo Boss,2020-01-01,,,Exec,CEO,employee
                Dev@Acme.test,Dee Dev,2023-02-01,2026-10-15,boss@acme.test,Eng,Engineer,
                help@acme.test,Help inbox,,,boss@acme.test,Support,,shared_inbox
                bot@acme.test,Deploy bot,,,boss@acme.test,Eng,,service_account
                """)
        #expect(people.map(\.email) == ["boss@acme.test", "dev@acme.test", "help@acme.test", "bot@acme.test"], "emails lower-cased")
        #expect(people[1].kind == .employee && people[1].endDate == Day("2026-10-15"), "type defaults to employee")
        #expect(people.filter(\.kind.isPerson).count == 2, "inboxes and bots are never counted as people")
    }

    @Test func everyProblemOfARosterIsNamedByRowAndColumnAndNothingIsRead() {
        let error = #expect(throws: DomainError.self) {
            try Roster.parse(
                Self.header + """
                    a@acme.test,Ann,2024-01-01,,,Eng,Dev,employee
                    a@acme.test,Ann Again,2024-01-01,,,Eng,Dev,employee
                    b@acme.test,Bea,2025-05-01,2025-04-01,,Eng,Dev,employee
                    c@acme.test,Cy,2024-01-01,,nobody@acme.test,Eng,Dev,employee
                    d@acme.test,Di,2024-13-01,,,Eng,Dev,intern
                    not-an-email,Ed,,,,Eng,Dev,employee
                    """)
        }
        let message = error?.message ?? ""
        #expect(message.contains("nothing was imported"))
        #expect(message.contains("row 3, column email: a@acme.test is already on row 2"), "\(message)")
        #expect(message.contains("row 4, column end_date: 2025-04-01 is before the start date 2025-05-01"))
        #expect(message.contains("row 5, column manager: nobody@acme.test is not on the roster"))
        #expect(message.contains("row 6, column start_date") && message.contains("row 6, column type"))
        #expect(message.contains("row 7, column email"))
    }

    @Test func anAccountsFileWithAnUnknownColumnIsRefusedNotGuessed() {
        let error = #expect(throws: DomainError.self) {
            try AccountListing.parse("account,email,created_at,deactivated_at,privileged\njo,jo@acme.test,2024-01-01,,false\n")
        }
        #expect(error?.message.contains("unknown column(s) deactivated_at") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("missing column(s) disabled_at") == true)
        let rows = #expect(throws: DomainError.self) {
            try AccountListing.parse(
                "account,email,created_at,disabled_at,privileged\njo,jo@acme.test,2024-01-01,yesterday,maybe\njo,x,,,\n")
        }
        let message = rows?.message ?? ""
        #expect(message.contains("row 2, column disabled_at") && message.contains("row 2, column privileged"), "\(message)")
        #expect(message.contains("row 3, column account: jo is already on row 2") && message.contains("row 3, column email"))
    }

    static func listing(_ system: String, _ rows: String, takenAt: String = "2026-11-30T12:00:00Z") throws -> AccountListing {
        AccountListing(
            system: system, takenAt: Timestamp.time(takenAt)!, source: "test", query: "test", digest: "",
            accounts: try AccountListing.parse("account,email,created_at,disabled_at,privileged\n" + rows))
    }

    static let roster = try! Roster.parse(
        header + """
            boss@acme.test,Bo Boss,2020-01-01,,,Exec,CEO,employee
            stay@acme.test,Stay Put,2021-01-01,,boss@acme.test,Eng,Dev,employee
            gone@acme.test,Gone Away,2021-01-01,2026-10-15,boss@acme.test,Eng,Dev,employee
            late@acme.test,Late Leaver,2021-01-01,2026-09-30,boss@acme.test,Sales,AE,contractor
            clean@acme.test,Clean Exit,2021-01-01,2026-08-31,boss@acme.test,Ops,SRE,employee
            bot@acme.test,Deploy bot,,,boss@acme.test,Eng,,service_account
            """)

    @Test func leaversAreHeldToTheDeadlineInEverySystem() throws {
        var people = Self.roster
        people[1].aliases = ["stay-gh"]
        let github = try Self.listing(
            "github",
            """
            stay-gh,,2021-01-02,,false
            gone-gh,gone@acme.test,2021-01-02,,false
            late-gh,late@acme.test,2021-01-02,2026-10-01T20:00:00Z,false
            bot-gh,bot@acme.test,2022-01-01,,false
            mystery,mystery@elsewhere.test,2022-01-01,,false
            """)
        let aws = try Self.listing(
            "aws",
            """
            boss,boss@acme.test,2020-01-02,,true
            late,late@acme.test,2021-01-02,2026-10-04T06:00:00Z,false
            clean,clean@acme.test,2021-01-02,2026-09-01T09:00:00Z,false
            """)
        let reconciliation = AccessReconciliation(people: people, listings: [github, aws])
        let findings = reconciliation.findings(asOf: Timestamp.time("2026-12-01T00:00:00Z")!)
        let exceptions = findings.filter(\.kind.isException)
        #expect(
            exceptions.map { "\($0.kind.rawValue) \($0.system) \($0.account)" } == [
                "active_after_termination github gone-gh", "disabled_late aws late", "unowned github mystery",
            ])
        // The last day is 30 September: access ends at midnight, the deadline is 24 hours later.
        let late = exceptions[1]
        #expect(late.hoursLate == 54 && late.terminatedOn == Day("2026-09-30") && late.listingID == aws.id, "04 Oct 06:00 is 78 h after")
        #expect(exceptions[0].disabledAt == nil && exceptions[0].person == "gone@acme.test")
        #expect(!findings.contains { $0.account == "late-gh" }, "20 h after the end of the last day is within the deadline")
        #expect(!findings.contains { $0.account == "stay-gh" && $0.kind == .unowned }, "matched through the alias")
        #expect(!findings.contains { $0.account == "bot-gh" }, "a service account is owned")
        #expect(findings.contains { $0.kind == .privileged && $0.account == "boss" }, "review items come after the exceptions")

        let timeline = reconciliation.timeline(of: people[3])
        #expect(timeline.map { "\($0.system) \($0.hoursAfterTermination ?? -1)" } == ["aws 78", "github 20"])
        #expect(reconciliation.leavers(from: Day("2026-09-01")!, to: Day("2026-10-31")!).map(\.email) == ["gone@acme.test", "late@acme.test"])
    }

    @Test func aStricterRuleAndDormantAccounts() throws {
        let github = try Self.listing("github", "late-gh,late@acme.test,2021-01-02,2026-10-01T20:00:00Z,false\n")
        var idp = try Self.listing("okta", "")
        idp = AccountListing(
            system: "okta", takenAt: idp.takenAt, source: "", query: "", digest: "",
            accounts: [
                SystemAccount(
                    account: "stay@acme.test", email: "stay@acme.test", createdAt: nil, disabledAt: nil, privileged: false,
                    lastUsedAt: Timestamp.time("2026-06-01T00:00:00Z"))
            ])
        let findings = AccessReconciliation(people: Self.roster, listings: [github, idp], rules: AccessRules(deadlineHours: 4, dormantDays: 90))
            .findings(asOf: Timestamp.time("2026-12-01T00:00:00Z")!)
        #expect(findings.first { $0.account == "late-gh" }?.hoursLate == 16)
        #expect(findings.first { $0.account == "stay@acme.test" }?.kind == .dormant)
    }
}
