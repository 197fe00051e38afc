import ArgumentParser
import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import UseCases

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove an organisation's record intact: blobs, log entries, every row the log speaks for, the Merkle tree and its signed heads.",
        discussion: """
            attest verify --org acme-cloud                      check everything; exit 1 on any problem
            attest verify --org acme-cloud --checkpoint FILE|URL  also against checkpoints kept outside the database
            attest verify --org acme-cloud --checkpoint c.txt --keys https://…/.well-known/attest/keys/acme-cloud
                                                                check the checkpoints with a key list from outside too
            attest verify --org acme-cloud --export b.json      also write an offline bundle
            attest verify --bundle b.json --public-key KEY      check a bundle with no database (KEY: base64 or a file holding it)

            Verify never signs: it checks the log against the heads already signed.
            """)

    @OptionGroup var data: DataOptions
    @Option(help: "Organisation slug.") var org: String?
    @Option(help: "A checkpoint (C2SP signed note) kept outside the database, as a file or URL; repeatable.") var checkpoint: [String] = []
    @Option(help: "The organisation's key list (file or URL) to check --checkpoint with, instead of the keys its own log lists.") var keys: String?
    @Option(help: "Write an offline bundle to this file.") var export: String?
    @Option(help: "Check this bundle instead of a database.") var bundle: String?
    @Option(help: "The organisation's public key (base64) or a file containing it, for --bundle.") var publicKey: String?

    func run() async throws {
        if let bundle {
            try verifyBundle(bundle)
            return
        }
        guard let org else { throw ValidationError("Give --org, or --bundle with --public-key.") }
        var outside: [OutsideCheckpoint] = []
        for location in checkpoint {
            let bytes = try await OutsideDocument.read(location, what: "checkpoint")
            outside.append(try Self.checkpoint(in: bytes, from: location))
        }
        var trusted: [PublishedKey] = []
        if let keys { trusted = try await OutsideDocument.keyList(keys).keys }
        let settings = try data.settings()
        let report = try await Runtime.withStore(settings) { store in
            guard let organization = try await store.organizations.find(slug: org) else { throw DomainError.notFound("Organisation '\(org)'") }
            let service = try settings.makeEvidenceService(store: store)
            let verifier = LogVerifier(store: store, blobs: service.blobs, keys: SigningKeys(directory: URL(fileURLWithPath: settings.keyDirectory)))
            let report = try await verifier.verify(organization, checkpoints: outside, trustedKeys: trusted) {
                FileHandle.standardError.write(Data("… \($0)\(Self.memory)\n".utf8))
            }
            if let export {
                let bundle = try await LogBundle.export(organization, store: store)
                try Self.write(bundle, to: export)
            }
            return report
        }
        for problem in report.problems { print("PROBLEM: \(problem)") }
        let unsigned = report.unsignedEntries > 0 ? " (\(report.unsignedEntries) newest entries not yet under a signed head)" : ""
        let outsideCount = report.checkpointsChecked > 0 ? ", \(report.checkpointsChecked) outside checkpoints" : ""
        print(
            "\(report.organization): \(report.leaves) log entries\(unsigned), \(report.recordsChecked) rows, \(report.blobsChecked) blobs, \(report.headsChecked) signed heads\(outsideCount): \(report.passed ? "intact" : "\(report.problems.count) problems")"
        )
        if let export { print("bundle written to \(export)") }
        if !report.passed { throw ExitCode(1) }
    }

    /// A checkpoint from a file or URL: a signed note as served, or the one a sealed report (HTML or
    /// PDF) embeds for its client's log.
    static func checkpoint(in bytes: [UInt8], from location: String) throws -> OutsideCheckpoint {
        if let payload = ReportSeal.peek(bytes) {
            guard let note = payload.checkpoint else {
                throw ValidationError("The report '\(location)' embeds no checkpoint (it was issued before reports carried one).")
            }
            return OutsideCheckpoint(source: "\(location) (\(payload.documentName), issued \(Timestamp.rfc3339(payload.issuedAt)))", note: note)
        }
        guard let note = String(validating: bytes, as: UTF8.self) else { throw ValidationError("The checkpoint '\(location)' is not UTF-8 text.") }
        return OutsideCheckpoint(source: location, note: note)
    }

    /// " (memory 110 MiB)" where the kernel reports it: a long check shows that it stays bounded.
    static var memory: String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kib = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "")
        else { return "" }
        return " (memory \(kib / 1024) MiB)"
    }

    private func verifyBundle(_ path: String) throws {
        guard let publicKey else { throw ValidationError("--bundle needs --public-key.") }
        let keyText = FileManager.default.fileExists(atPath: publicKey) ? (try String(contentsOfFile: publicKey, encoding: .utf8)) : publicKey
        guard let key = Data(base64Encoded: keyText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ValidationError("--public-key must be base64 of a 32-byte Ed25519 key, or a file holding it.")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("Cannot read '\(path)'.") }
        let bundle: LogBundle
        do { bundle = try JSONDecoder().decode(LogBundle.self, from: data) } catch {
            throw ValidationError("'\(path)' is not an Attest log bundle: \(error)")
        }
        let problems = bundle.verify(publicKey: Array(key))
        for problem in problems { print("PROBLEM: \(problem)") }
        print(
            "\(bundle.organization): \(bundle.leaves.count) leaves, \(bundle.heads.count) signed heads: \(problems.isEmpty ? "intact" : "\(problems.count) problems")"
        )
        if !problems.isEmpty { throw ExitCode(1) }
    }

    static func write(_ bundle: LogBundle, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(bundle).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "The transparency log.", subcommands: [Head.self, Inclusion.self, Consistency.self])

    struct Inclusion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the inclusion proof of a leaf (0-based index) as JSON.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "Leaf index, from 0.") var index: Int
        @Option(help: "Tree size (default: the current size).") var treeSize: Int?

        func run() async throws {
            let settings = try data.settings()
            let (size, path) = try await Runtime.withStore(settings) { store in
                guard let organization = try await store.organizations.find(slug: org) else { throw DomainError.notFound("Organisation '\(org)'") }
                let log = try settings.makeEvidenceService(store: store).log
                let current = try await log.tree(of: organization.id).size
                let size = treeSize ?? current
                return (size, try await log.inclusionProof(of: organization.id, index: index, treeSize: size))
            }
            try Output.json(InclusionProofDocument(leafIndex: index, treeSize: size, auditPath: path))
        }
    }

    struct Consistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the consistency proof between two tree sizes as JSON.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "The smaller tree size.") var first: Int
        @Option(help: "The larger tree size.") var second: Int

        func run() async throws {
            let settings = try data.settings()
            let proof = try await Runtime.withStore(settings) { store in
                guard let organization = try await store.organizations.find(slug: org) else { throw DomainError.notFound("Organisation '\(org)'") }
                return try await settings.makeEvidenceService(store: store).log.consistencyProof(of: organization.id, first: first, second: second)
            }
            try Output.json(ConsistencyProofDocument(first: first, second: second, proof: proof))
        }
    }

    struct Head: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign (if the log grew) and print the latest tree head as JSON.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String

        func run() async throws {
            let settings = try data.settings()
            let head = try await Runtime.withStore(settings) { store in
                guard let organization = try await store.organizations.find(slug: org) else { throw DomainError.notFound("Organisation '\(org)'") }
                return try await settings.makeEvidenceService(store: store).log.head(of: organization.id)
            }
            try Output.json([
                "tree_size": String(head.head.treeSize), "root_hash": head.head.rootHash.hex, "timestamp": String(head.head.timestamp),
                "signature": Data(head.head.signature).base64EncodedString(), "public_key": Data(head.publicKey).base64EncodedString(),
            ])
        }
    }
}
