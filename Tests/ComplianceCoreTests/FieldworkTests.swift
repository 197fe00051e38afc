import ComplianceCore
import Crypto
import Foundation
import Testing

@Suite("Sampling")
struct SamplingTests {
    @Test func splitMix64MatchesItsPublishedVectors() {
        var generator = SplitMix64(seed: 0)
        #expect([generator.next(), generator.next(), generator.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
    }

    @Test func aRandomDrawIsReproducibleDistinctAndInRange() throws {
        let first = try Sampler.select(rows: 10_000, size: 25, method: .random, seed: 42)
        #expect(first == (try Sampler.select(rows: 10_000, size: 25, method: .random, seed: 42)))
        #expect(first != (try Sampler.select(rows: 10_000, size: 25, method: .random, seed: 43)))
        #expect(Set(first).count == 25 && first == first.sorted())
        #expect(first.allSatisfy { (1...10_000).contains($0) })
        #expect(try Sampler.select(rows: 7, size: 7, method: .random, seed: 1) == Array(1...7))
        let error = #expect(throws: DomainError.self) { try Sampler.select(rows: 10, size: 11, method: .random, seed: 1) }
        #expect(error?.message.contains("larger than the population of 10") == true)
    }

    @Test func theReadmeExampleHolds() throws {
        // README, "Selection, exactly": 1,000 rows, seed 42, 5 items.
        #expect(try Sampler.select(rows: 1000, size: 5, method: .random, seed: 42) == SamplingTests.readmeExample)
    }

    static let readmeExample = [251, 475, 551, 842, 892]

    @Test func everyRowIsEquallyLikely() throws {
        // 20,000 draws of 3 from 10: each row should be chosen about 6,000 times.
        var counts = [Int](repeating: 0, count: 11)
        for seed in 0..<20_000 {
            for row in try Sampler.select(rows: 10, size: 3, method: .random, seed: UInt64(seed)) { counts[row] += 1 }
        }
        #expect(counts.dropFirst().allSatisfy { abs($0 - 6000) < 300 }, "\(counts)")
    }

    @Test func systematicTakesEveryStepFromARandomStart() throws {
        let rows = try Sampler.select(rows: 100, size: 4, method: .systematic, seed: 9)
        #expect(rows.count == 4 && rows[0] >= 1 && rows[0] <= 25)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $1 - $0 == 25 })
    }

    @Test func extendingNeverChangesTheFirstDraw() throws {
        let first = try Sampler.select(rows: 200, size: 25, method: .random, seed: 7)
        let more = try Sampler.extend(first, rows: 200, count: 15, seed: 7, round: 1)
        #expect(more.count == 15 && Set(more).isDisjoint(with: first) && more.allSatisfy { (1...200).contains($0) })
        #expect(more == (try Sampler.extend(first, rows: 200, count: 15, seed: 7, round: 1)))
        let all = try Sampler.extend(Array(1...195), rows: 200, count: 5, seed: 1, round: 1)
        #expect(all == [196, 197, 198, 199, 200])
        #expect(throws: DomainError.self) { try Sampler.extend(first, rows: 30, count: 10, seed: 7, round: 1) }
    }

    @Test(arguments: [
        (Frequency.annual, ControlRisk.low, 12, Int?.none, 1), (.quarterly, .low, 12, nil, 2), (.quarterly, .high, 12, nil, 4),
        (.quarterly, .high, 3, nil, 1), (.monthly, .low, 3, nil, 2), (.monthly, .high, 3, nil, 3), (.weekly, .low, 6, nil, 5),
        (.daily, .low, 6, nil, 25), (.daily, .high, 12, nil, 40), (.continuous, .high, 12, nil, 1),
        (.perEvent, .low, 6, 4, 4), (.perEvent, .low, 6, 30, 10), (.perEvent, .high, 6, 80, 25), (.perEvent, .high, 6, 10_000, 40),
        (.perEvent, .low, 12, 8, 8),
    ])
    func sizesFollowTheTable(_ frequency: Frequency, _ risk: ControlRisk, _ months: Int, _ rows: Int?, _ expected: Int) throws {
        let proposal = try SampleSizing.propose(frequency: frequency, risk: risk, period: Self.months(months), populationRows: rows)
        #expect(proposal.size == expected, "\(proposal.basis)")
    }

    /// A period of whole months from 2026-01-01.
    static func months(_ count: Int) throws -> SamplePeriod {
        let start = Day("2026-01-01")!
        return try SamplePeriod(start: start, end: start.adding(months: count).adding(days: -1))
    }

    /// Partial periods count the runs their days actually hold (issue 16): the README's examples.
    @Test(arguments: [
        (Frequency.daily, ControlRisk.high, "2026-01-01", "2026-01-10", 10), (.daily, .low, "2026-01-01", "2026-01-31", 25),
        (.weekly, .high, "2026-01-01", "2026-04-10", 14), (.weekly, .low, "2026-01-01", "2026-04-10", 5),
        (.weekly, .high, "2026-01-01", "2026-01-05", 1),
        (.monthly, .high, "2026-01-15", "2026-03-14", 2), (.monthly, .high, "2026-01-15", "2026-03-13", 1),
        (.monthly, .high, "2026-01-01", "2026-01-10", 1),
        (.quarterly, .high, "2026-01-01", "2026-08-31", 2), (.quarterly, .high, "2026-01-01", "2026-02-28", 1),
        (.annual, .high, "2026-01-01", "2026-12-31", 1), (.continuous, .high, "2026-01-01", "2026-01-10", 1),
    ])
    func partialPeriodsCountTheirRuns(_ frequency: Frequency, _ risk: ControlRisk, _ start: String, _ end: String, _ expected: Int) throws {
        let period = try SamplePeriod(start: Day(start)!, end: Day(end)!)
        let proposal = try SampleSizing.propose(frequency: frequency, risk: risk, period: period, populationRows: nil)
        #expect(proposal.size == expected, "\(proposal.basis)")
    }

    @Test func aPeriodEndsAfterItStartsAndLastsAtMostTwelveMonths() throws {
        #expect(throws: DomainError.self) { try SamplePeriod(start: Day("2026-02-01")!, end: Day("2026-01-31")!) }
        #expect(throws: DomainError.self) { try SamplePeriod(start: Day("2026-01-01")!, end: Day("2027-01-01")!) }
        #expect(try SamplePeriod(start: Day("2028-01-01")!, end: Day("2028-12-31")!).days == 366)
    }

    @Test func anOverrideNeedsAReasonAndAPerEventControlAPopulation() throws {
        #expect(throws: DomainError.self) { try SampleSizing.propose(frequency: .perEvent, risk: .low, period: Self.months(6), populationRows: nil) }
        let scan = PopulationScanTests.scan("id\n" + (1...100).map { "\($0)" }.joined(separator: "\n") + "\n")
        #expect(throws: DomainError.self) {
            try SampleDraw.make(population: scan, frequency: .perEvent, risk: .low, period: Self.months(6), seed: 1, override: (40, "more"))
        }
        let (draw, sizing) = try SampleDraw.make(
            population: scan, frequency: .perEvent, risk: .low, period: Self.months(6), seed: 1,
            override: (40, "One deviation found in the first 15; extending."))
        #expect(draw.sampleSize == 40 && sizing.proposal.size == 15 && draw.populationRows == 100)
        #expect(throws: DomainError.self) {
            try SampleDraw.make(population: scan, frequency: .perEvent, risk: .low, period: Self.months(6), seed: SampleDraw.maxSeed + 1)
        }
    }
}

@Suite("Reading a population")
struct PopulationScanTests {
    static func scan(_ text: String, key: String? = nil, chunk: Int = 1 << 20) -> PopulationScan {
        var scanner = PopulationScanner(keyColumn: key)
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            bytes[start..<end].withUnsafeBytes { scanner.consume($0) }
            start = end
        }
        return scanner.finish()
    }

    static let good = "\u{FEFF}id,title,approved\r\n1,\"Fix, then \"\"ship\"\"\",yes\r\n2,\"Two\r\nlines\",no\r\n3,Plain,yes\r\n"

    @Test func quotedFieldsBOMAndCRLFAreFine() {
        let result = Self.scan(Self.good)
        #expect(result.isValid, "\(result.problems)")
        #expect(result.rows == 3 && result.columns == ["id", "title", "approved"])
        #expect(result.byteOrderMark && result.lineEnding == "crlf")
        #expect(result.sha256 == SHA256.hash(data: Data(Self.good.utf8)).map { String(format: "%02x", $0) }.joined())
        #expect(result.bytes == Int64(Self.good.utf8.count))
    }

    @Test func chunkBoundariesChangeNothing() {
        let whole = Self.scan(Self.good)
        for size in [1, 2, 3, 5, 7] {
            #expect(Self.scan(Self.good, chunk: size) == whole, "chunks of \(size)")
        }
        let bad = "id,name\n1,a\n2\n3,\"open\n"
        #expect(Self.scan(bad, chunk: 1) == Self.scan(bad))
    }

    @Test func eachBadRowIsReportedWithItsLine() {
        let ragged = Self.scan("id,name\n1,a\n2\n3,c,extra\n4,d\n")
        #expect(ragged.problems.map(\.line) == [3, 4])
        #expect(ragged.problems[0].message.contains("1 field, but the header has 2"))
        let unbalanced = Self.scan("id,name\n1,\"never closed\n2,b\n")
        #expect(unbalanced.problems.map(\.line) == [2] && unbalanced.problems[0].message.contains("never closed"))
        let stray = Self.scan("id,name\n1,ab\"c\n")
        #expect(stray.problems.first?.line == 2)
        let empty = Self.scan("")
        #expect(empty.problems.map(\.message) == ["the file is empty."])
        #expect(Self.scan("\u{FEFF}").problems.map(\.message) == ["the file is empty."])
        let duplicates = Self.scan("id,name\nA-1,x\nA-2,y\nA-1,z\n", key: "id")
        #expect(duplicates.problems.map(\.line) == [4] && duplicates.problems[0].message.contains("first on line 2"))
        #expect(Self.scan("id,name\n1,x\n", key: "ticket").problems.first?.message.contains("no column named 'ticket'") == true)
        let headerOnly = Self.scan("id,name\n")
        #expect(headerOnly.isValid && headerOnly.rows == 0)
        #expect(Self.scan("id\n1\n\n2\n").rows == 2, "blank lines are not rows")
    }
}
