import Foundation

/// The days a periodic control was tested over, both included, and how many times a control of
/// each frequency ran in them. A sample is never larger than the runs there were, so the count
/// follows the real calendar: a 10-day period holds 10 daily runs, not a twelfth of a year's.
public struct SamplePeriod: Sendable, Hashable {
    public let start: Day
    public let end: Day

    /// Checks the period: it ends on or after it starts and lasts at most 12 months (a SOC 2 period).
    public init(start: Day, end: Day) throws(DomainError) {
        guard end >= start else { throw .invalid("period", "the period ends (\(end)) before it starts (\(start)).") }
        guard end.adding(days: 1) <= start.adding(months: 12) else {
            throw .invalid("period", "\(start)..\(end) runs more than 12 months; a SOC 2 period is at most 12.")
        }
        self.start = start
        self.end = end
    }

    /// Days in the period, the first and last included.
    public var days: Int { start.days(until: end) + 1 }

    /// Calendar months that fit whole from the first day (2026-01-15..2026-03-14 is two).
    public var wholeMonths: Int {
        var months = 0
        while start.adding(months: months + 1) <= end.adding(days: 1) { months += 1 }
        return months
    }

    /// The runs of a periodic control in the period: daily, one per day; weekly, monthly, quarterly
    /// and annual, one per complete week, month, three months or twelve months, and at least one
    /// (a control that ran once in a short period still ran). Nil for frequencies without a
    /// calendar (continuous, per event).
    public func runs(of frequency: Frequency) -> Int? {
        switch frequency {
        case .daily: days
        case .weekly: max(1, days / 7)
        case .monthly: max(1, wholeMonths)
        case .quarterly: max(1, wholeMonths / 3)
        case .annual: max(1, wholeMonths / 12)
        case .continuous, .perEvent: nil
        }
    }
}
