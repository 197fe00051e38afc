import ArgumentParser
import ComplianceCore
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Attest against the targets in BENCHMARKS.md (build with -c release first).",
        subcommands: [Ingest.self, List.self, Proof.self, Readiness.self, Population.self, Report.self, Verify.self, Reconcile.self])

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "attest evidence add vs sha256sum on the same files.")
        @Option(help: "Total size in MiB.") var mib = 1024
        @Option(help: "Number of files.") var files = 8

        func run() async throws {
            print(try await IngestBench.run(totalMiB: mib, files: files, executable: CommandLine.arguments[0]))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "GET the evidence list of an organisation with many items.")
        @Option(help: "Evidence items.") var items = 10_000
        @Option(help: "Requests to time.") var requests = 20

        func run() async throws {
            print(try await ListBench.run(items: items, requests: requests))
        }
    }

    struct Proof: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Inclusion proofs in a large Merkle tree.")
        @Option(help: "Leaves.") var leaves = 1_000_000
        @Option(help: "Proofs to time.") var samples = 1000

        func run() async throws {
            print(try await ProofBench.run(leaves: leaves, samples: samples))
        }
    }

    struct Readiness: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compute readiness for a full programme with many evidence items.")
        @Option(help: "Evidence items.") var items = 10_000
        @Option(help: "Computations to time.") var samples = 20

        func run() async throws {
            print(try await ReadinessBench.run(items: items, samples: samples))
        }
    }

    struct Population: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "attest sample over a large population CSV vs sha256sum on the same file.")
        @Option(help: "Rows in the generated population.") var rows = 10_000_000

        func run() async throws {
            print(try await PopulationBench.run(rows: rows, executable: CommandLine.arguments[0]))
        }
    }

    struct Reconcile: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a roster and account files and reconcile them, against wc -l reading the same files once.")
        @Option(help: "People on the roster.") var people = 50_000
        @Option(help: "Systems.") var systems = 5
        @Option(help: "Accounts in each system.") var accounts = 200_000

        func validate() throws {
            guard people > 0, systems > 0, accounts > 0, accounts <= AccountListing.mostRows, people <= Roster.mostRows else {
                throw ValidationError("people up to \(Roster.mostRows), accounts up to \(AccountListing.mostRows) per system, all above zero.")
            }
        }

        func run() async throws {
            print(try await ReconcileBench.run(people: people, systems: systems, accounts: accounts))
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build and render a Type 2 report (HTML, then PDF through Chromium).")
        @Option(help: "Controls in scope.") var controls = 120
        @Option(help: "Tested sample items in all.") var samples = 2000
        @Option(help: "HTML renders to time.") var runs = 10
        @Flag(help: "Skip the PDF (when Chromium is not installed).") var noPdf = false

        func run() async throws {
            print(try await ReportBench.run(controls: controls, samples: samples, runs: runs, pdf: !noPdf))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "attest verify over a long log vs sha256sum and a bare read of the same data.")
        @Option(help: "Log events.") var events = 1_000_000
        @Option(help: "Evidence versions (one 512-byte blob each).") var versions = 100_000

        func run() async throws {
            print(try await VerifyBench.run(events: events, versions: versions, executable: CommandLine.arguments[0]))
        }
    }
}
