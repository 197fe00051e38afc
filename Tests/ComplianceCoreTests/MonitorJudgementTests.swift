import ComplianceCore
import Foundation
import Testing

/// Control health, mutes and the coverage calendar, from runs alone.
@Suite("Monitors")
struct MonitorJudgementTests {
    static let organization = UUID()
    static let day0 = Day("2026-11-01")!

    static func run(on day: Day, hour: Double = 6, _ checks: [CheckSummary]) -> CollectorRun {
        let at = day.date.addingTimeInterval(hour * 3600)
        return CollectorRun(
            organizationID: organization, connector: "aws", connectorVersion: "1", account: "123456789012", regions: ["us-east-1"],
            startedBy: "scheduler", startedAt: at, finishedAt: at.addingTimeInterval(5), calls: [], errors: [], checks: checks)
    }

    static func summary(_ check: String, _ status: CheckStatus, failing: [String] = []) -> CheckSummary {
        CheckSummary(
            check: check, status: status, resources: failing.count + 1, failing: failing.count, reason: status == .error ? "refused" : nil,
            evidenceID: UUID(), failingResources: failing)
    }

    static func mute(_ resource: String, until: Day, made: Day = day0) throws -> FindingMute {
        try FindingMute(
            check: "iam_root_mfa_enabled", resource: resource, owner: "olivia@acme.example", reason: "Break-glass account, in the safe.",
            expiresOn: until, createdBy: "user:x", createdAt: made.date)
    }

    @Test func healthFollowsTheNewestRunOfEachCheck() {
        let now = Self.day0.adding(days: 1).date.addingTimeInterval(12 * 3600)
        let runs = [
            Self.run(on: Self.day0, [Self.summary("iam_root_mfa_enabled", .fail, failing: ["arn:root"])]),
            Self.run(on: Self.day0.adding(days: 1), [Self.summary("iam_root_mfa_enabled", .pass)]),
        ]
        let healthy = MonitorJudgement.monitoring(control: "ACC-01", checks: ["iam_root_mfa_enabled"], runs: runs, mutes: [], now: now)
        #expect(healthy.health == .healthy)
        let failing = MonitorJudgement.monitoring(control: "ACC-01", checks: ["iam_root_mfa_enabled"], runs: [runs[0]], mutes: [], now: now)
        #expect(failing.health == .failing && failing.checks.first?.failing == ["arn:root"])
        let error = MonitorJudgement.monitoring(
            control: "ACC-01", checks: ["iam_root_mfa_enabled", "guardduty_is_enabled"],
            runs: runs + [Self.run(on: Self.day0.adding(days: 1), [Self.summary("guardduty_is_enabled", .error)])], mutes: [], now: now)
        #expect(error.health == .error, "a check that could not look is never a pass")
        let never = MonitorJudgement.monitoring(control: "ACC-01", checks: ["guardduty_is_enabled"], runs: runs, mutes: [], now: now)
        #expect(never.health == .notRun && never.neverRun == ["guardduty_is_enabled"])
        let partly = MonitorJudgement.monitoring(
            control: "ACC-01", checks: ["iam_root_mfa_enabled", "guardduty_is_enabled"], runs: runs, mutes: [], now: now)
        #expect(partly.health == .atRisk, "one linked check has never run")
        let stale = MonitorJudgement.monitoring(
            control: "ACC-01", checks: ["iam_root_mfa_enabled"], runs: runs, mutes: [], now: now.addingTimeInterval(3 * 86_400))
        #expect(stale.health == .atRisk, "nobody has looked for three days")
    }

    @Test func aMutedFindingIsAtRiskNeverPassedAndTheMuteLapses() throws {
        let runs = [Self.run(on: Self.day0.adding(days: 2), [Self.summary("iam_root_mfa_enabled", .fail, failing: ["arn:root"])])]
        let mute = try Self.mute("arn:root", until: Self.day0.adding(days: 5))
        let now = Self.day0.adding(days: 2).date.addingTimeInterval(12 * 3600)
        let muted = MonitorJudgement.monitoring(control: "ACC-01", checks: ["iam_root_mfa_enabled"], runs: runs, mutes: [mute], now: now)
        #expect(muted.health == .atRisk)
        #expect(muted.checks.first?.muted == ["arn:root"] && muted.checks.first?.failing == [])
        // A run after the mute's last day fails again.
        let later = [Self.run(on: Self.day0.adding(days: 6), [Self.summary("iam_root_mfa_enabled", .fail, failing: ["arn:root"])])]
        let lapsed = MonitorJudgement.monitoring(
            control: "ACC-01", checks: ["iam_root_mfa_enabled"], runs: later, mutes: [mute],
            now: Self.day0.adding(days: 6).date.addingTimeInterval(43_200))
        #expect(lapsed.health == .failing)
        // Another resource is not covered by the mute.
        let other = [Self.run(on: Self.day0.adding(days: 2), [Self.summary("iam_root_mfa_enabled", .fail, failing: ["arn:root", "arn:bob"])])]
        #expect(
            MonitorJudgement.monitoring(control: "ACC-01", checks: ["iam_root_mfa_enabled"], runs: other, mutes: [mute], now: now).health
                == .failing)
    }

    @Test func aMuteNeedsAReasonAndAnEndWithinAYear() {
        #expect(throws: DomainError.self) { try Self.mute("arn:root", until: Self.day0.adding(days: -1)) }
        #expect(throws: DomainError.self) { try Self.mute("arn:root", until: Self.day0.adding(days: 400)) }
        #expect(throws: DomainError.self) {
            try FindingMute(
                check: "iam_root_mfa_enabled", resource: "arn:root", owner: "o@a.example", reason: "  ", expiresOn: Self.day0.adding(days: 3),
                createdBy: "user:x", createdAt: Self.day0.date)
        }
    }

    @Test func theCalendarShowsEveryDayAndItsGaps() throws {
        let runs =
            [0, 1, 4, 5].map { Self.run(on: Self.day0.adding(days: $0), [Self.summary("iam_root_mfa_enabled", .pass)]) }
            + [Self.run(on: Self.day0.adding(days: 6), [Self.summary("iam_root_mfa_enabled", .fail, failing: ["arn:root"])])]
            + [Self.run(on: Self.day0.adding(days: 3), [Self.summary("s3_bucket_default_encryption", .pass)])]
        let calendar = try CoverageCalendar(
            control: "ACC-01", checks: ["iam_root_mfa_enabled"], start: Self.day0, end: Self.day0.adding(days: 9), runs: runs, mutes: [],
            today: Self.day0.adding(days: 7))
        #expect(
            calendar.days.map(\.state) == [
                .healthy, .healthy, .gap, .gap, .healthy, .healthy, .failing, .gap, .future, .future,
            ], "a run of another check does not cover this control's day")
        #expect(
            calendar.gaps == [
                CoverageCalendar.Gap(from: Self.day0.adding(days: 2), to: Self.day0.adding(days: 3)),
                CoverageCalendar.Gap(from: Self.day0.adding(days: 7), to: Self.day0.adding(days: 7)),
            ])
        #expect(calendar.watched.days == 5 && calendar.watched.of == 8)
        #expect(throws: DomainError.self) {
            try CoverageCalendar(
                control: "ACC-01", checks: [], start: Self.day0, end: Self.day0.adding(days: 900), runs: [], mutes: [], today: Self.day0)
        }
        #expect(throws: DomainError.self) {
            try CoverageCalendar(
                control: "ACC-01", checks: [], start: Self.day0, end: Self.day0.adding(days: -1), runs: [], mutes: [], today: Self.day0)
        }
    }
}
