import Foundation

/// Every day of a period for one control: whether a monitor ran, and what it found. A day with no
/// run is a gap in monitoring, which an auditor testing the control over the period needs to see.
public struct CoverageCalendar: Codable, Sendable, Hashable {
    public enum DayState: String, Codable, Sendable {
        case healthy, failing, error
        case atRisk = "at_risk"
        /// No run judged any of the control's checks that day.
        case gap
        /// After today: nothing to judge yet.
        case future
    }

    public struct Entry: Codable, Sendable, Hashable {
        public let day: Day
        public let state: DayState
        public let runs: Int
    }

    /// Consecutive days without a run: a candidate deviation for the auditor.
    public struct Gap: Codable, Sendable, Hashable {
        public let from: Day
        public let to: Day
        public var days: Int { from.days(until: to) + 1 }

        public init(from: Day, to: Day) {
            self.from = from
            self.to = to
        }
    }

    public let control: String
    public let checks: [String]
    public let start: Day
    public let end: Day
    public let days: [Entry]

    public var gaps: [Gap] {
        var result: [Gap] = []
        var open: Day?
        var last: Day?
        for entry in days {
            if entry.state == .gap {
                if open == nil { open = entry.day }
                last = entry.day
            } else if let from = open, let to = last {
                result.append(Gap(from: from, to: to))
                open = nil
            }
        }
        if let from = open, let to = last { result.append(Gap(from: from, to: to)) }
        return result
    }

    /// Days that have passed and were watched, out of the days that have passed.
    public var watched: (days: Int, of: Int) {
        let past = days.filter { $0.state != .future }
        return (past.filter { $0.state != .gap }.count, past.count)
    }

    /// A period longer than this is refused: the calendar is one entry per day.
    public static let maximumDays = 800

    public init(
        control: String, checks: [String], start: Day, end: Day, runs: [CollectorRun], mutes: [FindingMute], today: Day
    ) throws(DomainError) {
        guard start <= end else { throw .unprocessable("start", "the period starts (\(start)) after it ends (\(end)).") }
        guard start.days(until: end) < Self.maximumDays else {
            throw .unprocessable("end", "a calendar covers at most \(Self.maximumDays) days; \(start) to \(end) is longer.")
        }
        self.control = control
        self.checks = checks.sorted()
        self.start = start
        self.end = end
        // Each day's runs, once, instead of scanning every run for every day.
        var byDay: [Day: [CollectorRun]] = [:]
        for run in runs where Day(run.finishedAt) >= start && Day(run.finishedAt) <= end {
            byDay[Day(run.finishedAt), default: []].append(run)
        }
        var entries: [Entry] = []
        var day = start
        while day <= end {
            if day > today {
                entries.append(Entry(day: day, state: .future, runs: 0))
            } else {
                let dayRuns = (byDay[day] ?? []).sorted { $0.finishedAt > $1.finishedAt }
                let verdicts = checks.compactMap { check in
                    dayRuns.lazy.compactMap { MonitorJudgement.verdict(of: check, in: $0, mutes: mutes, at: $0.finishedAt) }.first
                }
                let judged = dayRuns.filter { run in checks.contains { run.summary(of: $0) != nil } }.count
                entries.append(Entry(day: day, state: Self.state(verdicts), runs: judged))
            }
            day = day.adding(days: 1)
        }
        days = entries
    }

    static func state(_ verdicts: [MonitoredCheck]) -> DayState {
        guard let worst = verdicts.map(\.health).min(by: { $0.rank < $1.rank }) else { return .gap }
        switch worst {
        case .failing: return .failing
        case .error: return .error
        case .atRisk: return .atRisk
        case .healthy, .notRun: return .healthy
        }
    }
}
