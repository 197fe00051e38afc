import Foundation

/// One sample drawn from one population: what `attest sample` prints and what the web and the API
/// will show for the same inputs, because all three call `SampleDraw.make`.
public struct SampleDraw: Codable, Sendable, Hashable {
    public let populationSHA256: String
    public let populationRows: Int
    public let sampleSize: Int
    public let method: SampleMethod
    public let seed: UInt64
    /// 1-based row numbers in file order (the header is not a row), ascending.
    public let selected: [Int]

    enum CodingKeys: String, CodingKey {
        case populationSHA256 = "population_sha256"
        case populationRows = "population_rows"
        case sampleSize = "sample_size"
        case method, seed, selected
    }

    /// Seeds stay below 2^53 so that every JSON reader keeps them exact.
    public static let maxSeed: UInt64 = (1 << 53) - 1

    /// What the size was based on; not part of the draw's identity.
    public struct Sizing: Sendable, Hashable {
        public let proposal: SampleSizeProposal
        /// The auditor's own size, with the reason the workpaper records.
        public let override: (size: Int, reason: String)?

        public static func == (lhs: Sizing, rhs: Sizing) -> Bool {
            lhs.proposal == rhs.proposal && lhs.override?.size == rhs.override?.size && lhs.override?.reason == rhs.override?.reason
        }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(proposal)
            hasher.combine(override?.size)
        }
    }

    /// Sizes the sample (proposal, or an override with a reason) and draws it from a valid population.
    public static func make(
        population: PopulationScan, frequency: Frequency, risk: ControlRisk, period: SamplePeriod?, seed: UInt64,
        method: SampleMethod = .random, override: (size: Int, reason: String)? = nil,
        picks: [Int]? = nil, table: SampleSizeTable = .defaults
    ) throws(DomainError) -> (draw: SampleDraw, sizing: Sizing) {
        guard population.isValid else {
            let first = population.problems.first.map { "line \($0.line): \($0.message)" } ?? ""
            throw .invalid(
                "population",
                "the population has \(population.problemCount) problem\(population.problemCount == 1 ? "" : "s") (\(first)); fix the file before sampling."
            )
        }
        guard seed <= maxSeed else { throw .invalid("seed", "a seed is a whole number from 0 to \(maxSeed).") }
        let proposal = try SampleSizing.propose(
            frequency: frequency, risk: risk, period: period, populationRows: population.rows, table: table)
        var size = proposal.size
        if let override {
            guard override.reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 10 else {
                throw .invalid("reason", "a sample size other than the proposed \(proposal.size) needs a written reason.")
            }
            size = override.size
        }
        let selected: [Int]
        if method == .manual {
            guard let picks, !picks.isEmpty else { throw .invalid("rows", "a manual sample lists the rows picked.") }
            guard override != nil else { throw .invalid("reason", "a manual sample needs a written reason for the picks.") }
            let unique = Array(Set(picks)).sorted()
            guard unique.count == picks.count else { throw .invalid("rows", "a row is picked twice.") }
            if let outside = unique.first(where: { !(1...population.rows).contains($0) }) {
                throw .invalid("rows", "row \(outside) is outside the population's 1 to \(population.rows).")
            }
            size = unique.count
            selected = unique
        } else {
            selected = try Sampler.select(rows: population.rows, size: size, method: method, seed: seed)
        }
        return (
            SampleDraw(
                populationSHA256: population.sha256, populationRows: population.rows, sampleSize: size, method: method,
                seed: seed, selected: selected),
            Sizing(proposal: proposal, override: override)
        )
    }
}
