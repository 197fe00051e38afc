import ArgumentParser
import Foundation

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the web server and API.",
        discussion:
            "Every option is also an environment variable ATTEST_<NAME> (ATTEST_HOST, ATTEST_PORT, ATTEST_DATA_DIR, ATTEST_DATABASE_URL, ATTEST_SECURE_COOKIES, ATTEST_LOG_FORMAT, ATTEST_LOG_LEVEL, ATTEST_CATALOG) or a key in the config file. Flags win over the environment, the environment over the file."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "Address to listen on (env ATTEST_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env ATTEST_PORT; default 8080).")
    var port: String?

    @Flag(help: "Seed the demo organisations on first start and print how to sign in.")
    var demo = false

    @Option(help: "Mark cookies Secure: true when TLS ends in front of Attest (env ATTEST_SECURE_COOKIES).")
    var secureCookies: String?

    @Option(help: "json, text or auto (text on a terminal) (env ATTEST_LOG_FORMAT).")
    var logFormat: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical (env ATTEST_LOG_LEVEL).")
    var logLevel: String?

    @Option(help: "Id of the criteria catalog to use (env ATTEST_CATALOG; default tsc-2017-pof-2022).")
    var catalog: String?

    func run() async throws {
        let settings = try data.settings([
            "host": host, "port": port, "secure_cookies": secureCookies, "log_format": logFormat,
            "log_level": logLevel, "catalog": catalog,
        ])
        LogSetup.bootstrap(format: settings.logFormat, level: settings.logLevel)
        try await Server.run(settings: settings, demo: demo || ProcessInfo.processInfo.environment["ATTEST_DEMO"] == "1")
    }
}
