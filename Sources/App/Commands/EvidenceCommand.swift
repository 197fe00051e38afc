import ArgumentParser
import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import UseCases

struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", abstract: "Add and inspect evidence.", subcommands: [Add.self, List.self, Get.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Store a file as evidence (a new item, or a new version with --item); prints the item as JSON with its sha256.")
        @OptionGroup var data: DataOptions
        @Argument(help: "The file.") var file: String
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "Title of a new item (default: the file name).") var title: String?
        @Option(help: "What it shows.") var description: String = ""
        @Option(help: "A control it serves (repeatable).") var control: [String] = []
        @Option(help: "A criterion it serves, e.g. CC6.1 (repeatable).") var criterion: [String] = []
        @Option(help: "The date or span it evidences: YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD.") var period: String?
        @Option(help: "How often it must be renewed: \(Frequency.allCases.map(\.rawValue).joined(separator: ", ")).") var frequency: String?
        @Option(help: "The query, command or filter that produced it.") var method: String?
        @Option(help: "Add a version to this item instead of making a new one.") var item: String?

        func run() async throws {
            let settings = try data.settings()
            let url = URL(fileURLWithPath: file)
            guard FileManager.default.isReadableFile(atPath: url.path) else { throw ValidationError("Cannot read '\(file)'.") }
            let period = try period.map { try EvidencePeriod(parsing: $0) }
            let frequency = try frequency.map { raw -> Frequency in
                guard let value = Frequency(rawValue: raw) else {
                    throw ValidationError("--frequency must be one of \(Frequency.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                return value
            }
            let itemID = try item.map { raw -> UUID in
                guard let id = UUID(uuidString: raw) else { throw ValidationError("--item must be an evidence id (a UUID).") }
                return id
            }
            for id in criterion { try CatalogCheck.requireCriterion(id, settings: settings) }
            let operatorName = NSUserName()
            let item = try await Runtime.withWorkflows(settings) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org, operatorName: operatorName)
                let service = workflows.intake
                let upload = EvidenceService.Upload(
                    fileName: url.lastPathComponent, period: period,
                    source: EvidenceSource(kind: .import, actor: scope.actor.description, method: method),
                    itemID: itemID,
                    details: itemID == nil
                        ? NewEvidence(
                            title: title ?? url.lastPathComponent, description: description, controls: control,
                            criteria: criterion, frequency: frequency) : nil)
                return try await service.ingest(contentsOf: url, upload, in: scope)
            }
            try Output.json(EvidenceSummary(item))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List an organisation's evidence.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String
        @Option(help: "As it stood at the end of this date (YYYY-MM-DD), replayed from the log.") var asOf: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let settings = try data.settings()
            let items = try await Runtime.withWorkflows(settings) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org)
                if let asOf {
                    guard let day = Timestamp.date(asOf) else { throw ValidationError("--as-of must be a date like 2026-06-30.") }
                    return try await workflows.evidence.asOf(day.addingTimeInterval(86_400 - 0.001), in: scope)
                }
                return try await workflows.evidence.list(in: scope)
            }
            if json {
                try Output.json(items.map { EvidenceSummary($0) })
                return
            }
            for item in items {
                let fresh = item.isExpired(at: Date()) ? "EXPIRED" : "fresh"
                print(
                    "\(item.id.uuidString.lowercased())  \(item.status.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)) \(fresh.padding(toLength: 8, withPad: " ", startingAt: 0)) v\(item.latest?.number ?? 0)  \(item.title)"
                )
            }
            print("\(items.count) evidence items")
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one evidence item with its versions, as JSON.")
        @OptionGroup var data: DataOptions
        @Argument(help: "The evidence id.") var id: String
        @Option(help: "Organisation slug.") var org: String

        func run() async throws {
            guard let itemID = UUID(uuidString: id) else { throw ValidationError("'\(id)' is not an evidence id (a UUID).") }
            let (item, versions) = try await Runtime.withWorkflows(try data.settings()) { workflows in
                try await workflows.evidence.get(itemID, in: try await workflows.organizations.operatorScope(slug: org))
            }
            try Output.json(EvidenceSummary(item, versions: versions))
        }
    }
}

/// The JSON the evidence commands print.
struct EvidenceSummary: Encodable {
    let id: UUID
    let title: String
    let status: EvidenceStatus
    let controls: [String]
    let criteria: [String]
    let sha256: String?
    let expired: Bool
    let dueAt: Date?
    let latestVersion: EvidenceVersion?
    let versions: [EvidenceVersion]?

    init(_ item: EvidenceItem, versions: [EvidenceVersion]? = nil) {
        id = item.id
        title = item.title
        status = item.status
        controls = item.controls
        criteria = item.criteria
        sha256 = item.latest?.sha256
        expired = item.isExpired(at: Date())
        dueAt = item.dueAt
        latestVersion = item.latest
        self.versions = versions
    }
}

enum CatalogCheck {
    static func requireCriterion(_ id: String, settings: Settings) throws {
        guard try CatalogDirectory.active(settings).criterion(id) != nil else {
            throw ValidationError("'\(id)' is not a criterion of the catalog (ids look like CC6.1, A1.2).")
        }
    }
}
