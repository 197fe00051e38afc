import ArgumentParser
import ComplianceCore
import Foundation

/// Where the data is: shared by every command that touches it.
struct DataOptions: ParsableArguments {
    @Option(help: "Data directory for the SQLite database and keys (env ATTEST_DATA_DIR; default ./.attest).")
    var dataDir: String?

    @Option(help: "postgres://… or sqlite:///path (env ATTEST_DATABASE_URL; default: SQLite in the data directory).")
    var databaseURL: String?

    @Option(help: "A config file of 'key: value' lines (env ATTEST_CONFIG).")
    var config: String?

    func settings(_ extra: [String: String?] = [:]) throws -> Settings {
        var flags: [String: String?] = ["data_dir": dataDir, "database_url": databaseURL, "config": config]
        flags.merge(extra) { $1 }
        return try Settings.resolve(flags: flags)
    }
}

/// Prints values as sorted, indented JSON with snake_case keys and RFC 3339 dates.
enum Output {
    static func json(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.rfc3339(date))
        }
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
