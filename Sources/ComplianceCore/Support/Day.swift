import Foundation

/// A calendar day in UTC (`2026-06-30`): report dates, periods and due dates have no time of day.
///
/// Stored as the number of days since 1970-01-01 so comparisons and arithmetic are integer work;
/// encoded as `YYYY-MM-DD` everywhere (JSON, CSV, the log).
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let daysSinceEpoch: Int64

    public init(daysSinceEpoch: Int64) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// Parses `YYYY-MM-DD`; nil when malformed or not a real date (2026-02-30).
    public init?(_ text: String) {
        guard let date = Timestamp.date(text) else { return nil }
        self.init(date)
    }

    /// The UTC day that contains `date`.
    public init(_ date: Date) {
        daysSinceEpoch = Int64((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Parses or throws an error naming the field and what was wrong.
    public static func parse(_ text: String, field: String) throws(DomainError) -> Day {
        guard let day = Day(text) else {
            throw .invalid(field, "'\(text.prefix(40))' is not a date; use YYYY-MM-DD, for example 2026-06-30.")
        }
        return day
    }

    public var date: Date { Date(timeIntervalSince1970: Double(daysSinceEpoch) * 86_400) }

    public var description: String {
        let (year, month, day) = Timestamp.civil(fromDays: daysSinceEpoch)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The day in words, as reports and pages write it: "15 January 2027", or "15 Jan 2027" when short.
    public func written(short: Bool = false) -> String {
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        ]
        let (year, month, day) = Timestamp.civil(fromDays: daysSinceEpoch)
        let name = months[Int(month) - 1]
        return "\(day) \(short ? String(name.prefix(3)) : name) \(year)"
    }

    public func adding(days: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + Int64(days)) }

    /// Whole months later, the day clamped to the month's length (Jan 31 + 1 month = Feb 28).
    public func adding(months: Int) -> Day { Day(Timestamp.adding(months: months, days: 0, to: date)) }

    public func days(until other: Day) -> Int { Int(other.daysSinceEpoch - daysSinceEpoch) }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "'\(text.prefix(40))' is not a date (YYYY-MM-DD)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
