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
        guard !events.isEmpty, events.last?.upTo == nil else { throw .unprocessable("events", "the last event band is open (no up_to).") }
        var previous = 0
        for (index, band) in events.enumerated() {
            try Self.check(band.sizes, "events[\(index)]")
            if let upTo = band.upTo {
                guard upTo > previous else { throw .unprocessable("events", "bands must rise: events[\(index)].up_to is \(upTo).") }
                previous = upTo
            } else if index != events.count - 1 {
                throw .unprocessable("events", "only the last band is open.")
            }
        }
        guard (0...50).contains(testAllUpTo) else { throw .invalid("test_all_up_to", "is 0 to 50.") }
        return self
    }

    static func check(_ sizes: Sizes, _ name: String) throws(DomainError) {
        guard (1...500).contains(sizes.low), (1...500).contains(sizes.high) else {
            throw .invalid(name, "sizes run from 1 to 500 (got \(sizes.low) and \(sizes.high)).")
        }
        // Within range, but a rule across the two fields: the schema cannot say it.
        guard sizes.low <= sizes.high else {
            throw .unprocessable(name, "sizes run from 1 to 500, low no more than high (got \(sizes.low) and \(sizes.high)).")
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
    /// Proposes a size. Periodic controls: the table's size (for 12 months), capped at the runs the
    /// period holds (`SamplePeriod.runs`: a 3-month period has 3 monthly runs, test 2; one quarterly
    /// run, test 1; 10 days hold 10 daily runs). No period (a Type 1) means no cap. Per-event
    /// controls: by the population's size, all of it when small. Never more than the population.
    public static func propose(
        frequency: Frequency, risk: ControlRisk, period: SamplePeriod?, populationRows: Int?,
        table: SampleSizeTable = .defaults
    ) throws(DomainError) -> SampleSizeProposal {
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
            if let period, let runs = period.runs(of: frequency), runs < size {
                size = runs
                basis += "; \(period.start)..\(period.end) (\(period.days) days) holds \(runs) run\(runs == 1 ? "" : "s"): \(size)"
            }
        }
        if let rows = populationRows, rows < size {
            size = rows
            basis += "; capped at the population of \(rows)"
        }
        return SampleSizeProposal(size: size, basis: basis)
    }
}
