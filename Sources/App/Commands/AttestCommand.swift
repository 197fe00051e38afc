import ArgumentParser

/// The `attest` command: a thin shell over the libraries.
public struct AttestCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Attest: an open-source SOC 2 platform for service organisations and their auditors.",
        version: VersionCommand.version,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, OrgCommand.self, UserCommand.self, TokenCommand.self,
            CriteriaCommand.self, VersionCommand.self,
        ])

    public init() {}
}

/// What the executable calls, so that it need not import ArgumentParser itself.
public enum AttestCLI {
    public static func main() async {
        await AttestCommand.main()
    }
}
