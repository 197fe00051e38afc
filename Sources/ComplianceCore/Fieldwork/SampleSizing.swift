import Foundation

/// The auditor's risk assessment of a control, which moves the sample size.
public enum ControlRisk: String, Codable, Sendable, CaseIterable {
    case low, high
}

/// Sample sizes by control frequency, as a table an audit firm can edit. The defaults follow common
/// practice for a 12-month period (SOC2.md §A4.3): the AICPA mandates no sizes, firms set their own.
public struct SampleSizeTable: Codable, Sendable, Hashable {
    public struct Sizes: Codable, Sendable, Hashable {
        public var low: Int
        public var high: Int
        public init(low: Int, high: Int) {
            self.low = low
            self.high = high
        }
        func size(_ risk: ControlRisk) -> Int { risk == .low ? low : high }
    }

    /// A band of population sizes for controls that run per event.
    public struct EventBand: Codable, Sendable, Hashable {
        /// The largest population in the band; nil for the last, open band.
        public var upTo: Int?
        public var sizes: Sizes
        public init(upTo: Int?, sizes: Sizes) {
            self.upTo = upTo
            self.sizes = sizes
        }
    }

    public var periodic: [Frequency: Sizes]
    public var events: [EventBand]
    /// At or below this many rows, every item is tested.
    public var testAllUpTo: Int

    public init(periodic: [Frequency: Sizes], events: [EventBand], testAllUpTo: Int) {
        self.periodic = periodic
        self.events = events
        self.testAllUpTo = testAllUpTo
    }

    /// Checks a table a firm wants to use: every frequency sized, sizes from 1 to 500 with low ≤ high,
    /// event bands rising and ending in an open band.
    public func validated() throws(DomainError) -> SampleSizeTable {
        for frequency in Frequency.allCases where frequency != .perEvent {
            guard let sizes = periodic[frequency] else { throw .invalid("periodic", "give sizes for \(frequency.rawValue).") }
            try Self.check(sizes, "\(frequency.rawValue)")
        }
        guard !events.isEmpty, events.last?.upTo == nil else { throw .invalid("events", "the last event band is open (no up_to).") }
        var previous = 0
        for (index, band) in events.enumerated() {
            try Self.check(band.sizes, "events[\(index)]")
            if let upTo = band.upTo {
                guard upTo > previous else { throw .invalid("events", "bands must rise: events[\(index)].up_to is \(upTo).") }
                previous = upTo
            } else if index != events.count - 1 {
                throw .invalid("events", "only the last band is open.")
            }
        }
        guard (0...50).contains(testAllUpTo) else { throw .invalid("test_all_up_to", "is 0 to 50.") }
        return self
    }

    static func check(_ sizes: Sizes, _ name: String) throws(DomainError) {
        guard (1...500).contains(sizes.low), (1...500).contains(sizes.high), sizes.low <= sizes.high else {
            throw .invalid(name, "sizes run from 1 to 500, low no more than high (got \(sizes.low) and \(sizes.high)).")
        }
    }

    public static let defaults = SampleSizeTable(
        periodic: [
            .annual: Sizes(low: 1, high: 1),
            .quarterly: Sizes(low: 2, high: 4),
            .monthly: Sizes(low: 2, high: 5),
            .weekly: Sizes(low: 5, high: 15),
            .daily: Sizes(low: 25, high: 40),
            // An automated control is tested once per configured path.
            .continuous: Sizes(low: 1, high: 1),
        ],
        events: [
            EventBand(upTo: 50, sizes: Sizes(low: 10, high: 15)),
            EventBand(upTo: 100, sizes: Sizes(low: 15, high: 25)),
            EventBand(upTo: 250, sizes: Sizes(low: 25, high: 40)),
            EventBand(upTo: nil, sizes: Sizes(low: 25, high: 40)),
        ],
        testAllUpTo: 5)
}

/// A proposed sample size and how it was reached, in words the workpaper can quote.
public struct SampleSizeProposal: Codable, Sendable, Hashable {
    public let size: Int
    public let basis: String
}

public enum SampleSizing {
    /// How many times a periodic control runs in a year.
    static func occurrencesPerYear(_ frequency: Frequency) -> Int? {
        switch frequency {
        case .annual: 1
        case .quarterly: 4
        case .monthly: 12
        case .weekly: 52
        case .daily: 365
        case .continuous, .perEvent: nil
        }
    }

    /// Proposes a size. Periodic controls: the table's size, capped at the occurrences the period
    /// holds (a 3-month period has 3 monthly runs: test 2; one quarterly run: test 1). Per-event
    /// controls: by the population's size, all of it when small. Never more than the population.
    public static func propose(
        frequency: Frequency, risk: ControlRisk, periodMonths: Int, populationRows: Int?,
        table: SampleSizeTable = .defaults
    ) throws(DomainError) -> SampleSizeProposal {
        guard (1...12).contains(periodMonths) else { throw .invalid("period", "a period runs 1 to 12 months, not \(periodMonths).") }
        if let rows = populationRows, rows <= 0 { throw .invalid("population", "the population has no rows.") }
        var size: Int
        var basis: String
        if frequency == .perEvent {
            guard let rows = populationRows else {
                throw .invalid("population", "a per-event control is sized from its population; give the population.")
            }
            if rows <= table.testAllUpTo {
                return SampleSizeProposal(size: rows, basis: "per event, population of \(rows) (at most \(table.testAllUpTo)): test every item")
            }
            let band = table.events.first { $0.upTo.map { rows <= $0 } ?? true } ?? table.events.last!
            size = band.sizes.size(risk)
            basis = "per event, population of \(rows) (\(band.upTo.map { "up to \($0)" } ?? "large")), \(risk.rawValue) risk: \(size)"
        } else {
            guard let sizes = table.periodic[frequency] else { throw .invalid("frequency", "the sample table has no row for \(frequency.rawValue).") }
            size = sizes.size(risk)
            basis = "\(frequency.rawValue.replacingOccurrences(of: "_", with: " ")), \(risk.rawValue) risk: \(size) for 12 months"
            if let perYear = occurrencesPerYear(frequency) {
                let inPeriod = max(1, Int((Double(perYear * periodMonths) / 12).rounded()))
                if inPeriod < size {
                    size = inPeriod
                    basis += "; the \(periodMonths)-month period holds \(inPeriod) occurrence\(inPeriod == 1 ? "" : "s"): \(size)"
                }
            }
        }
        if let rows = populationRows, rows < size {
            size = rows
            basis += "; capped at the population of \(rows)"
        }
        return SampleSizeProposal(size: size, basis: basis)
    }
}
