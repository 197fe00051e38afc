import ArgumentParser
import Catalogs
import ComplianceCore
import Foundation

struct CriteriaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria", abstract: "List, check and import criteria catalogs.",
        subcommands: [List.self, Validate.self, Import.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the criteria of the active catalog.")
        @OptionGroup var data: DataOptions
        @Option(help: "security, availability, processing_integrity, confidentiality or privacy.") var category: String?
        @Option(help: "Catalog id (default: the configured one).") var catalog: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let active = try CatalogDirectory.active(try data.settings(["catalog": catalog]))
            var criteria = active.criteria
            if let category {
                guard let parsed = TrustServicesCategory(rawValue: category) else {
                    throw ValidationError("--category must be one of \(TrustServicesCategory.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                criteria = active.criteria(in: parsed)
            }
            if json {
                try Output.json(criteria)
                return
            }
            for criterion in criteria {
                print(
                    "\(criterion.id.padding(toLength: 7, withPad: " ", startingAt: 0)) \(criterion.category.rawValue.padding(toLength: 21, withPad: " ", startingAt: 0)) \(criterion.title)"
                )
            }
            print("\(criteria.count) criteria from \(active.id) (\(active.version))")
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a catalog file; errors name the file, line and field.")
        @Argument(help: "A catalog YAML file.") var file: String

        func run() throws {
            let catalog = try CatalogLoader.load(contentsOf: URL(fileURLWithPath: file))
            print(
                "\(file): valid catalog \(catalog.id) \(catalog.version) with \(catalog.criteria.count) criteria and \(catalog.descriptionCriteria.count) description criteria."
            )
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a catalog file and install it into the data directory.")
        @OptionGroup var data: DataOptions
        @Argument(help: "A catalog YAML file.") var file: String

        func run() throws {
            let source = URL(fileURLWithPath: file)
            let catalog = try CatalogLoader.load(contentsOf: source)
            let settings = try data.settings()
            let folder = CatalogDirectory.folder(settings)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let target = folder.appendingPathComponent("\(catalog.id).yaml")
            let temporary = folder.appendingPathComponent(".\(catalog.id).yaml.tmp")
            try Data(contentsOf: source).write(to: temporary)
            _ = try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: temporary, to: target)
            print(
                "Imported catalog \(catalog.id) \(catalog.version) (\(catalog.criteria.count) criteria). Select it with --catalog \(catalog.id) or ATTEST_CATALOG."
            )
        }
    }
}
