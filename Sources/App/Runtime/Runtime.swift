import Catalogs
import ComplianceCore
import Foundation
import Logging
import Persistence
import UseCases

/// Opens what every command needs: the data directory, the database (migrated) and the catalog.
enum Runtime {
    static func openStore(_ settings: Settings, logger: Logger, migrate: Bool = true) async throws -> Store {
        if case .sqliteFile = settings.database { try settings.prepareDataDirectory() }
        let content = try programmeContent(settings)
        let database = try await AttestDatabase.open(settings.database, logger: logger)
        if migrate {
            do { try await database.migrate() } catch {
                await database.shutdown()
                throw error
            }
        }
        return Store(database: database, content: content)
    }

    /// The shipped programme content, with the ISO crosswalk replaced when `crosswalk_file` is set.
    static func programmeContent(_ settings: Settings) throws -> ProgrammeContent {
        guard let file = settings.crosswalkFile else { return .bundled }
        do {
            return try ProgrammeContent.load(catalog: CatalogLoader.bundled, crosswalkFile: URL(fileURLWithPath: file))
        } catch {
            throw DomainError(.invalid, code: "invalid_crosswalk_file", "crosswalk_file: \(error.description)")
        }
    }

    /// Runs `body` with the use cases over an open store (what the web calls too), closing the database afterwards.
    static func withWorkflows<T: Sendable>(_ settings: Settings, _ body: (Workflows) async throws -> T) async throws -> T {
        try await withStore(settings) { store in
            try await body(Workflows(intake: try settings.makeEvidenceService(store: store), connectionKey: try settings.connectionKey()))
        }
    }

    /// Runs `body` with an open store and always closes the database afterwards.
    static func withStore<T: Sendable>(_ settings: Settings, _ body: (Store) async throws -> T) async throws -> T {
        let store = try await openStore(settings, logger: Logger(label: "attest.cli"))
        do {
            let result = try await body(store)
            await store.database.shutdown()
            return result
        } catch {
            await store.database.shutdown()
            throw error
        }
    }
}

/// Catalogs: the bundled one, plus any imported into `<data-dir>/catalogs/`. An imported catalog
/// with the bundled id (say, with the AICPA's licensed text) takes its place.
enum CatalogDirectory {
    static func folder(_ settings: Settings) -> URL {
        URL(fileURLWithPath: settings.dataDirectory).appendingPathComponent("catalogs", isDirectory: true)
    }

    static func all(_ settings: Settings) throws -> [Catalog] {
        var catalogs = [CatalogLoader.bundled]
        let files = (try? FileManager.default.contentsOfDirectory(at: folder(settings), includingPropertiesForKeys: nil)) ?? []
        for file in files.sorted(by: { $0.path < $1.path }) where file.pathExtension == "yaml" {
            let catalog = try CatalogLoader.load(contentsOf: file)
            catalogs.removeAll { $0.id == catalog.id }
            catalogs.append(catalog)
        }
        return catalogs
    }

    static func active(_ settings: Settings) throws -> Catalog {
        let catalogs = try all(settings)
        guard let catalog = catalogs.first(where: { $0.id == settings.catalogID }) else {
            throw DomainError.invalid("catalog", "no catalog '\(settings.catalogID)' (have: \(catalogs.map(\.id).joined(separator: ", "))).")
        }
        return catalog
    }
}
