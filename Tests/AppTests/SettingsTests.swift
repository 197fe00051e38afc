import App
import ComplianceCore
import Foundation
import Logging
import Persistence
import Testing

@Suite("Configuration")
struct SettingsTests {
    @Test func defaults() throws {
        let settings = try Settings.resolve(flags: [:], environment: [:])
        #expect(settings.host == "127.0.0.1" && settings.port == 8080)
        #expect(settings.database == .sqliteFile(path: ".attest/attest.sqlite"))
        #expect(settings.catalogID == "tsc-2017-pof-2022")
    }

    @Test func flagsBeatEnvironmentBeatFileBeatDefaults() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("attest-\(UUID()).yaml")
        try "# comment\nport: 7001\nhost: 0.0.0.0\nlog_format: \"json\"\ndata_dir: /tmp/from-file\n".write(
            to: file, atomically: true, encoding: .utf8)
        let environment = ["ATTEST_CONFIG": file.path, "ATTEST_PORT": "7002", "ATTEST_DATA_DIR": "/tmp/from-env"]
        let fromEnv = try Settings.resolve(flags: [:], environment: environment)
        #expect(fromEnv.port == 7002 && fromEnv.host == "0.0.0.0" && fromEnv.logFormat == .json)
        #expect(fromEnv.dataDirectory == "/tmp/from-env")
        let fromFlag = try Settings.resolve(flags: ["port": "7003", "data_dir": nil], environment: environment)
        #expect(fromFlag.port == 7003 && fromFlag.dataDirectory == "/tmp/from-env")
    }

    @Test(arguments: [
        (["port": "80a"], "port"), (["port": "70000"], "port"), (["host": "a b"], "host"),
        (["database_url": "mysql://x"], "database_url"), (["database_url": "sqlite://relative"], "database_url"),
        (["secure_cookies": "maybe"], "secure_cookies"), (["log_format": "xml"], "log_format"), (["log_level": "loud"], "log_level"),
    ])
    func badValuesAreRefusedByName(flags: [String: String], field: String) {
        let error = #expect(throws: DomainError.self) { try Settings.resolve(flags: flags, environment: [:]) }
        #expect(error?.message.hasPrefix(field) == true, "\(String(describing: error))")
    }

    @Test func configFileErrorsNameTheLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("attest-\(UUID()).yaml")
        try "port: 7001\ncolour: blue\n".write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: DomainError.self) { try Settings.resolve(flags: ["config": file.path], environment: [:]) }
        #expect(error?.message.contains(":2: unknown key 'colour'") == true)
        #expect(throws: DomainError.self) { try Settings.resolve(flags: ["config": "/no/such/file.yaml"], environment: [:]) }
    }

    @Test func databaseURLs() throws {
        #expect(try DatabaseLocation.parse("sqlite::memory:", dataDirectory: "x") == .sqliteMemory)
        #expect(try DatabaseLocation.parse("sqlite:///var/lib/a.sqlite", dataDirectory: "x") == .sqliteFile(path: "/var/lib/a.sqlite"))
        #expect(try DatabaseLocation.parse("postgres://u:secret@db:5432/attest", dataDirectory: "x").isPostgres)
        let error = #expect(throws: DomainError.self) { try DatabaseLocation.parse("postgres://u:secret@", dataDirectory: "x") }
        #expect(error?.message.contains("secret") == false, "passwords never appear in messages")
    }

    @Test func anUnwritableDataDirectoryFailsAtStart() throws {
        let settings = try Settings.resolve(flags: ["data_dir": "/proc/attest-cannot-be-here"], environment: [:])
        #expect(throws: DomainError.self) { try settings.prepareDataDirectory() }
    }

    @Test func anUnreachableDatabaseFailsFast() async throws {
        let started = ContinuousClock.now
        let error = await #expect(throws: DomainError.self) {
            _ = try await AttestDatabase.open(.postgres(url: "postgres://nobody@127.0.0.1:1/none"), logger: .init(label: "t"))
        }
        #expect(error?.code == "database_unreachable")
        // A bound against hanging (the pool waits 60 s for a connection), not a speed target: on two
        // cores with the whole suite running a refused connection took 20 s to be reported once.
        #expect(started.duration(to: .now) < .seconds(45))
    }
}
