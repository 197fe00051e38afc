/// Reproducible sample selection. Anyone with the population's row count, the method and the seed
/// re-draws the same rows; the README gives the algorithm in full so it can be re-implemented.
///
/// Rows are numbered 1...n in file order (the header is not a row).
public enum SampleMethod: String, Codable, Sendable, CaseIterable {
    /// Floyd's algorithm over SplitMix64: every set of `k` rows is equally likely.
    case random
    /// Every `n / k`-th row from a random start.
    case systematic
    /// Rows the auditor chose, with a written reason (judgement, not chance).
    case manual
}

/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit generator that is a few lines in any language.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`, by rejection so that no value is favoured.
    public mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        let threshold = (0 &- bound) % bound
        while true {
            let value = next()
            if value >= threshold { return value % bound }
        }
    }
}

public enum Sampler {
    /// `size` distinct rows of `1...rows`, ascending.
    public static func select(rows: Int, size: Int, method: SampleMethod, seed: UInt64) throws(DomainError) -> [Int] {
        guard rows > 0 else { throw .invalid("population", "the population has no rows to sample.") }
        guard size > 0 else { throw .invalid("sample_size", "a sample needs at least one item.") }
        guard size <= rows else {
            throw .invalid("sample_size", "a sample of \(size) is larger than the population of \(rows) rows.")
        }
        var generator = SplitMix64(seed: seed)
        switch method {
        case .random:
            return floyd(from: rows, count: size, generator: &generator)
        case .systematic:
            let step = rows / size
            let start = 1 + Int(generator.uniform(below: UInt64(step)))
            return (0..<size).map { start + $0 * step }
        case .manual:
            throw .invalid("method", "a manual sample is the rows the auditor picks; give them as rows, with a reason.")
        }
    }

    /// Floyd's algorithm: for j from n-k+1 to n, draw t in 1...j; take t, or j if t is taken already.
    static func floyd(from rows: Int, count: Int, generator: inout SplitMix64) -> [Int] {
        var chosen = Set<Int>(minimumCapacity: count)
        for j in (rows - count + 1)...rows {
            let t = 1 + Int(generator.uniform(below: UInt64(j)))
            chosen.insert(chosen.contains(t) ? j : t)
        }
        return chosen.sorted()
    }

    /// Adds `count` rows to a first draw without changing it: a random draw from the rows not yet
    /// chosen, with the generator seeded by `seed + round` (the first extension is round 1).
    public static func extend(_ first: [Int], rows: Int, count: Int, seed: UInt64, round: Int) throws(DomainError) -> [Int] {
        let taken = Set(first)
        let remaining = rows - taken.count
        guard count > 0 else { throw .invalid("count", "an extension adds at least one item.") }
        guard count <= remaining else {
            throw .invalid("count", "only \(remaining) rows are left outside the sample; cannot add \(count).")
        }
        var generator = SplitMix64(seed: seed &+ UInt64(round))
        // Positions 1...remaining in the list of rows not yet chosen, mapped back to row numbers.
        let positions = floyd(from: remaining, count: count, generator: &generator)
        let sortedTaken = taken.sorted()
        return positions.map { position in
            var row = position
            for chosen in sortedTaken where chosen <= row { row += 1 }
            return row
        }
    }
}
