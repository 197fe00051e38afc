import ArgumentParser
import Foundation

/// The `attest` command: a thin shell over the libraries.
public struct AttestCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Attest: an open-source SOC 2 platform for service organisations and their auditors.",
        version: VersionCommand.version,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, OrgCommand.self, UserCommand.self, TokenCommand.self,
            CriteriaCommand.self, EngagementCommand.self, ControlsCommand.self, PolicyCommand.self, ReadinessCommand.self,
            CrosswalkCommand.self, SampleCommand.self, ExportCommand.self, ReportCommand.self, EvidenceCommand.self, VerifyCommand.self,
            LogCommand.self, KeysCommand.self, GrantCommand.self, GCCommand.self, BackupCommand.self, RestoreCommand.self, BenchCommand.self,
            VersionCommand.self, CollectCommand.self, PeopleCommand.self, AccessCommand.self, SCIMCommand.self,
        ])

    public init() {}
}

/// What the executable calls, so that it need not import ArgumentParser itself.
public enum AttestCLI {
    public static func main() async {
        do {
            var command = try AttestCommand.parseAsRoot()
            // `serve` sets up its own logging from its settings; other commands say only what went wrong.
            if !(command is ServeCommand) {
                LogSetup.bootstrap(format: .text, level: ProcessInfo.processInfo.environment["ATTEST_LOG_LEVEL"] ?? "warning")
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            AttestCommand.exit(withError: error)
        }
    }
}
