import ArgumentParser
import ComplianceCore
import EvidenceStore
import Foundation
import UseCases

/// `attest sample`: sizes and draws a reproducible sample from a population file, with no database.
struct SampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw a reproducible sample from a population CSV (the README documents the algorithm).")

    @Option(help: "The population CSV (a header row, then one row per item).") var population: String
    @Option(help: "How often the control runs: \(Frequency.allCases.map(\.rawValue).joined(separator: ", ")).") var frequency: String
    @Option(help: "The period tested: YYYY-MM-DD..YYYY-MM-DD (at most 12 months).") var period: String
    @Option(help: "low or high.") var risk = "low"
    @Option(help: "A whole number from 0 to 2^53-1; a random one is chosen and printed when absent.") var seed: UInt64?
    @Option(help: "random or systematic.") var method = "random"
    @Option(help: "Your own sample size instead of the proposed one (needs --reason).") var size: Int?
    @Option(help: "Why the size differs from the proposal.") var reason: String?
    @Option(help: "A column whose values must be unique (checked while reading).") var key: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        guard let frequency = Frequency(rawValue: frequency) else {
            throw ValidationError("--frequency must be one of \(Frequency.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let risk = ControlRisk(rawValue: risk) else { throw ValidationError("--risk must be low or high.") }
        guard let method = SampleMethod(rawValue: method) else { throw ValidationError("--method must be random or systematic.") }
        let span = try EvidencePeriod(parsing: period)
        let samplePeriod: SamplePeriod
        do { samplePeriod = try SamplePeriod(start: Day(span.start), end: Day(span.end)) } catch {
            throw ValidationError("--period: \(error.message)")
        }
        if size != nil && reason == nil { throw ValidationError("--size needs --reason.") }
        let url = URL(fileURLWithPath: population)
        let scan = try PopulationFile.scan(url, keyColumn: key) { bytes in
            FileHandle.standardError.write(Data("reading \(population): \(ByteCount.format(bytes))\n".utf8))
        }
        if !scan.isValid {
            let lines = scan.problems.prefix(20).map { "  \(url.lastPathComponent) line \($0.line): \($0.message)" }
            let more = scan.problemCount > 20 ? ["  … and \(scan.problemCount - 20) more"] : []
            throw ValidationError(
                (["The population has \(scan.problemCount) problem\(scan.problemCount == 1 ? "" : "s"):"] + lines + more).joined(separator: "\n"))
        }
        let (draw, sizing) = try SampleDraw.make(
            population: scan, frequency: frequency, risk: risk, period: samplePeriod,
            seed: seed ?? UInt64.random(in: 0...SampleDraw.maxSeed), method: method,
            override: size.map { ($0, reason ?? "") })
        if json {
            try Output.json(draw)
            return
        }
        print("population \(url.lastPathComponent): \(draw.populationRows) rows, sha256 \(draw.populationSHA256)")
        print("proposed size: \(sizing.proposal.basis)\(sizing.override.map { "; overridden to \($0.size): \($0.reason)" } ?? "")")
        print(
            "\(draw.method.rawValue) sample of \(draw.sampleSize), seed \(draw.seed): rows \(draw.selected.map(String.init).joined(separator: ", "))")
    }

}
