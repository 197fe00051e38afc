import Foundation

/// How often a control operates, and so how often its evidence must be renewed.
public enum Frequency: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable {
    case continuous, daily, weekly, monthly, quarterly, annual
    case perEvent = "per_event"

    /// How a reader names it ("Operates per occurrence", not `per_event`).
    public var label: String {
        switch self {
        case .continuous: "Operates continuously"
        case .daily: "Operates daily"
        case .weekly: "Operates weekly"
        case .monthly: "Operates monthly"
        case .quarterly: "Operates quarterly"
        case .annual: "Operates annually"
        case .perEvent: "Operates per occurrence"
        }
    }

    /// How long evidence stays fresh. Continuous controls are re-evidenced monthly and per-event
    /// ones quarterly (a sample of recent events); the rest follow their own cadence.
    public var freshFor: (months: Int, days: Int) {
        switch self {
        case .daily: (0, 1)
        case .weekly: (0, 7)
        case .monthly, .continuous: (1, 0)
        case .quarterly, .perEvent: (3, 0)
        case .annual: (12, 0)
        }
    }
}

/// The date or span that a piece of evidence speaks for, separate from when it was uploaded.
public struct EvidencePeriod: Codable, Sendable, Hashable, CustomStringConvertible {
    public let start: Date
    public let end: Date

    public init(start: Date, end: Date) throws(DomainError) {
        guard start <= end else { throw .unprocessable("period", "starts after it ends.") }
        self.start = start
        self.end = end
    }

    /// `2026-01-01..2026-06-30`, or a single `2026-03-31` for a point in time.
    public init(parsing text: String) throws(DomainError) {
        let parts = text.components(separatedBy: "..")
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}/) != nil }) else {
            throw .invalid("period", "'\(text.prefix(40))' is not a date (YYYY-MM-DD) or a span (YYYY-MM-DD..YYYY-MM-DD).")
        }
        // The right shape, but a day the calendar does not have (2027-02-30).
        guard let start = Timestamp.date(parts[0]), let end = Timestamp.date(parts.last!) else {
            throw .unprocessable("period", "'\(text.prefix(40))' names a day that does not exist.")
        }
        try self.init(start: start, end: end)
    }

    public var description: String {
        let from = String(Timestamp.rfc3339(start).prefix(10))
        let to = String(Timestamp.rfc3339(end).prefix(10))
        return from == to ? from : "\(from)..\(to)"
    }
}
