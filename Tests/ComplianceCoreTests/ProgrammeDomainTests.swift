import Catalogs
import ComplianceCore
import Foundation
import Testing

@Suite("Engagement scope, request list, timeline and estimate")
struct EngagementScopeTests {
    let content = ProgrammeContent.bundled

    func scope(
        _ categories: [TrustServicesCategory] = [.security, .availability, .confidentiality], clouds: [CloudProvider] = [.aws],
        locations: [String] = ["London", "Manchester"], type: ReportType = .type2, headcount: HeadcountBand = .upTo200
    ) -> EngagementScope {
        EngagementScope(
            reportType: type, asOf: type == .type1 ? Day("2026-06-30") : nil, periodStart: type == .type2 ? Day("2026-01-01") : nil,
            periodEnd: type == .type2 ? Day("2026-06-30") : nil, categories: categories, systemName: "Platform", clouds: clouds,
            locations: locations, headcount: headcount)
    }

    @Test func theRequestListFollowsTheScope() throws {
        let keys = Set(RequestListGenerator.lines(content.requests, for: try scope().validated()).map(\.key))
        #expect(keys.contains("AWS-IAM") && keys.contains("AWS-ATTESTATION"))
        #expect(!keys.contains("GCP-IAM") && !keys.contains("AZ-IAM"))
        #expect(keys.contains("AV-BACKUPS") && keys.contains("AV-DR-TEST"))
        #expect(keys.contains("CF-INVENTORY") && keys.contains("CF-DISPOSAL"))
        #expect(keys.contains("PHY-OFFICE@london") && keys.contains("PHY-OFFICE@manchester"))
        #expect(!keys.contains { $0.hasPrefix("PR-") }, "privacy items without privacy in scope")
        #expect(!keys.contains { $0.hasPrefix("PI-") })
        #expect(keys.contains("CHG-POPULATION") && keys.contains("HR-HIRES"), "Type 2 asks for populations")

        let privacy = Set(
            RequestListGenerator.lines(content.requests, for: try scope([.security, .privacy], clouds: [.gcp], locations: []).validated()).map(\.key))
        #expect(privacy.contains("PR-NOTICE") && privacy.contains("GCP-IAM"))
        #expect(!privacy.contains("AWS-IAM") && !privacy.contains("AV-BACKUPS") && !privacy.contains { $0.hasPrefix("PHY-OFFICE") })

        let type1 = RequestListGenerator.lines(content.requests, for: try scope(type: .type1).validated())
        #expect(!type1.contains { $0.kind == .population }, "a Type 1 report has no period to draw populations from")
        #expect(!type1.contains { $0.kind == .perSample }, "nor samples: a per-sample ask becomes one example")
        let minutes = try #require(type1.first { $0.key == "GOV-OVERSIGHT" })
        #expect(minutes.kind == .document && minutes.provide.hasPrefix("One example in force on 2026-06-30"))
        let small = Set(RequestListGenerator.lines(content.requests, for: try scope(headcount: .upTo50).validated()).map(\.key))
        #expect(small.count < keys.count && !small.contains("GOV-ROLES"))
    }

    /// Issue 17: every criterion of every category in scope is asked about by at least one request
    /// (the privacy list missed P3.1, P4.x, P6.7 and P7.1), for Type 1 and Type 2.
    @Test(arguments: [ReportType.type1, .type2])
    func everyCriterionInScopeHasARequest(_ type: ReportType) throws {
        let all = TrustServicesCategory.allCases
        let scope = try scope(all, type: type).validated()
        let asked = Set(RequestListGenerator.lines(content.requests, for: scope).flatMap(\.criteria))
        let catalog = content.catalog
        let missing = catalog.criteria.filter { all.contains($0.category) && !asked.contains($0.id) }.map(\.id)
        #expect(missing.isEmpty, "no request asks about \(missing)")
    }

    @Test func dueDatesComeFromTheTimeline() throws {
        let valid = try scope().validated()
        let plan = Timeline.plan(for: valid, startingOn: Day("2025-11-01"))
        let fieldwork = try #require(plan.phase(.fieldwork))
        #expect(fieldwork.start == Day("2026-07-07"))
        let draft = try #require(plan.phase(.draftReport))
        let final = try #require(plan.phase(.finalReport))
        #expect(fieldwork.end.days(until: draft.end) == 21, "draft about 3 weeks after fieldwork")
        #expect(draft.end.days(until: final.end) == 21, "final about 2 weeks after a week of management review")
        #expect(plan.phase(.observation)?.start == Day("2026-01-01"))
        #expect(plan.phase(.readiness)?.start == Day("2025-11-01"))
        let lines = RequestListGenerator.lines(content.requests, for: valid, timeline: plan)
        #expect(lines.first { $0.kind == .document }?.due == fieldwork.start.adding(days: -14))
    }

    @Test(arguments: [
        ("2026-01-01", "2026-03-30", false), ("2026-01-01", "2026-03-31", true), ("2026-01-01", "2026-12-31", true),
        ("2026-01-01", "2027-01-01", false), ("2026-03-31", "2026-06-29", true), ("2026-06-30", "2026-01-01", false),
    ])
    func typeTwoPeriodsRunThreeToTwelveMonths(_ start: String, _ end: String, _ valid: Bool) {
        var scope = scope()
        scope.periodStart = Day(start)
        scope.periodEnd = Day(end)
        if valid {
            #expect(throws: Never.self) { try scope.validated() }
        } else {
            let error = #expect(throws: DomainError.self) { try scope.validated() }
            #expect(error?.code == "invalid_period_end")
        }
    }

    @Test func scopeRulesAreChecked() {
        var noDate = scope(type: .type1)
        noDate.asOf = nil
        #expect(throws: DomainError.self) { try noDate.validated() }
        var unnamed = scope()
        unnamed.systemName = "  "
        #expect(throws: DomainError.self) { try unnamed.validated() }
        var twice = scope()
        twice.locations = ["London", "london"]
        #expect(throws: DomainError.self) { try twice.validated() }
        #expect(throws: DomainError.self) { try Day.parse("2026-02-30", field: "as_of") }
        #expect(Day("2026-13-01") == nil && Day("26-01-01") == nil)
        #expect(try! scope([.availability]).validated().categories == [.security, .availability], "security is always in scope")
    }

    @Test func notApplicableNeedsAReason() {
        #expect(throws: DomainError.self) { try CriterionExclusion(criterion: "CC6.4", reason: "  ") }
        #expect(throws: Never.self) { try CriterionExclusion(criterion: "CC6.4", reason: "Fully remote; no offices or data centres of our own.") }
    }

    @Test func theEstimateStaysInTheBandAndGrowsWithScope() throws {
        let small = CostEstimate.estimate(for: try scope([.security], locations: [], type: .type1, headcount: .upTo50).validated())
        let large = CostEstimate.estimate(
            for: try scope(
                [.security, .availability, .confidentiality, .privacy, .processingIntegrity],
                clouds: [.aws, .gcp], headcount: .over1000
            ).validated())
        #expect(small.low >= 20_000 && large.high <= 120_000)
        #expect(small.low < large.low && small.high < large.high)
        #expect(large.label.contains("estimate"))
        var dollars = try scope().validated()
        dollars.currency = "USD"
        #expect(CostEstimate.estimate(for: dollars).currency == "USD")
    }
}

@Suite("Policy lifecycle, diff and Markdown")
struct PolicyLifecycleTests {
    func policy() -> Policy {
        Policy(
            id: UUID(), organizationID: UUID(), key: "access-control", title: "Access Control Policy", criteria: ["CC6.1"], owner: "Adam",
            reviewMonths: 12,
            versions: [
                PolicyVersion(
                    number: 1, body: "# Access\n\nLeast privilege.", status: .draft, changeNote: "First", author: "adam",
                    approver: nil, approvedAt: nil, publishedAt: nil, createdAt: Date())
            ])
    }

    @Test func versionsMoveForwardOnlyAndPublishedTextIsNeverEdited() throws {
        var policy = policy()
        #expect(throws: DomainError.self) { try policy.advance(to: .approved, by: "olivia", at: Date()) }
        try policy.edit(body: "# Access\n\nLeast privilege, always.", changeNote: "Tighter", by: "adam", at: Date())
        #expect(policy.versions.count == 1, "a draft is edited in place")
        try policy.advance(to: .inReview, by: "adam", at: Date())
        try policy.advance(to: .approved, by: "olivia", at: Date())
        try policy.advance(to: .published, by: "olivia", at: Date())
        #expect(policy.published?.approver == "olivia")
        #expect(policy.reviewDue == Day(Date()).adding(months: 12))
        try policy.edit(body: "# Access\n\nLeast privilege, reviewed quarterly.", changeNote: "Quarterly reviews", by: "adam", at: Date())
        #expect(policy.versions.count == 2)
        #expect(policy.version(1)?.body == "# Access\n\nLeast privilege, always.", "the published version is kept as it was")
        #expect(policy.published?.number == 1 && policy.latest.status == .draft)
        for status in [PolicyStatus.inReview, .approved, .published] { try policy.advance(to: status, by: "olivia", at: Date()) }
        #expect(policy.version(1)?.status == .superseded && policy.published?.number == 2)
        #expect(throws: DomainError.self) { try policy.edit(body: "x", changeNote: " ", by: "adam", at: Date()) }
        #expect(throws: DomainError.self) { try policy.edit(body: "{{surprise}}", changeNote: "x", by: "adam", at: Date()) }
    }

    @Test func theDiffShowsAddedAndRemovedLines() {
        let lines = LineDiff.diff("a\nb\nc", "a\nc\nd")
        #expect(lines == [.same("a"), .removed("b"), .same("c"), .added("d")])
    }
}

@Suite("CSV")
struct CSVTests {
    @Test func quotedFieldsAndLineBreaksRoundTrip() throws {
        let rows = [["number", "provide"], ["IRL-001", "Lists, with \"quotes\"\nand a second line"], ["IRL-002", "=cmd|' /C calc'!A0"]]
        let text = rows.map(CSV.line).joined()
        #expect(text.contains("'=cmd"), "cells a spreadsheet would run are defused")
        let table = try CSV.table(text, columns: ["number", "provide"])
        #expect(table.map { $0.values["provide"]! } == [rows[1][1], rows[2][1]])
        #expect(table.map(\.line) == [2, 4])
    }

    @Test func brokenCSVSaysWhere() {
        let error = #expect(throws: DomainError.self) { try CSV.parse("a,b\n\"open,c\n", file: "x.csv") }
        #expect(error?.message.contains("x.csv line 2") == true)
    }
}

@Suite("Reminders")
struct ReminderTests {
    @Test func reviewsRemediationAndLateRequestsComeDue() throws {
        let today = Day("2026-11-28")!
        var policy = Policy(
            id: UUID(), organizationID: UUID(), key: "encryption", title: "Encryption Policy", criteria: ["CC6.1"], owner: "A", reviewMonths: 12,
            versions: [
                PolicyVersion(
                    number: 1, body: "x", status: .draft, changeNote: "n", author: "a", approver: nil,
                    approvedAt: nil, publishedAt: nil, createdAt: Date())
            ])
        for status in [PolicyStatus.inReview, .approved, .published] { try policy.advance(to: status, by: "o", at: Day("2025-12-10")!.date) }
        var fresh = policy
        fresh.key = "fresh"
        for index in fresh.versions.indices { fresh.versions[index].publishedAt = Day("2026-11-01")!.date }
        let plan = try RemediationItem(criterion: "CC4.1", owner: "adam", dueDate: Day("2026-11-20")!, plan: "Pen test")
        let later = try RemediationItem(criterion: "CC9.2", owner: "adam", dueDate: Day("2027-03-01")!, plan: "Vendor reviews")
        let request = RequestItem(
            id: UUID(), engagementID: UUID(), number: "IRL-001", key: "K", area: "A", title: "T", provide: "", kind: .document,
            criteria: [], dueDate: Day("2026-11-01"), owner: nil, status: .open)
        var done = request
        done.status = .accepted
        let reminders = Reminder.due(policies: [policy, fresh], remediation: [plan, later], requests: [request, done], today: today)
        #expect(reminders.map(\.kind) == [.request, .remediation, .policyReview])
        #expect(reminders[0].subject == "1 requests past their due date")
        #expect(reminders[1].overdue && !reminders[2].overdue)
        #expect(reminders[2].due == Day("2026-12-10"))
    }
}
