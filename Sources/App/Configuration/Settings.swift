import ComplianceCore
import Foundation
import Persistence

/// Resolved configuration. Each value comes from, in order: a command-line flag, the
/// `ATTEST_<NAME>` environment variable, the config file (`--config` / `ATTEST_CONFIG`), a default.
public struct Settings: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var database: DatabaseLocation
    public var secureCookies: Bool
    public var logFormat: LogFormat
    public var logLevel: String
    public var catalogID: String

    public enum LogFormat: String, Sendable {
        case json, text, auto
    }

    /// The keys that the environment and the config file may set.
    public static let keys = ["host", "port", "data_dir", "database_url", "secure_cookies", "log_format", "log_level", "catalog"]

    /// Resolves settings from flags (nil when not given), the environment and the config file.
    public static func resolve(flags: [String: String?], environment: [String: String] = ProcessInfo.processInfo.environment) throws(DomainError) -> Settings {
        var file: [String: String] = [:]
        if let path = flags["config"] ?? nil ?? environment["ATTEST_CONFIG"] {
            file = try ConfigFile.read(path)
        }
        func value(_ key: String) -> String? {
            if let flag = flags[key] ?? nil { return flag }
            if let env = environment["ATTEST_" + key.uppercased()], !env.isEmpty { return env }
            return file[key]
        }
        let dataDirectory = value("data_dir") ?? ".attest"
        let port = value("port") ?? "8080"
        guard let portNumber = Int(port), (1...65535).contains(portNumber) else {
            throw .invalid("port", "'\(port.prefix(20))' is not a port number (1 to 65535).")
        }
        let host = value("host") ?? "127.0.0.1"
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw .invalid("host", "'\(host.prefix(60))' is not a host name or address.")
        }
        return Settings(
            host: host, port: portNumber, dataDirectory: dataDirectory,
            database: try DatabaseLocation.parse(value("database_url"), dataDirectory: dataDirectory),
            secureCookies: try boolean(value("secure_cookies") ?? "false", key: "secure_cookies"),
            logFormat: try logFormat(value("log_format") ?? "auto"),
            logLevel: try logLevel(value("log_level") ?? "info"),
            catalogID: value("catalog") ?? "tsc-2017-pof-2022")
    }

    private static func boolean(_ text: String, key: String) throws(DomainError) -> Bool {
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw .invalid(key, "'\(text.prefix(20))' is not true or false.")
        }
    }

    private static func logFormat(_ text: String) throws(DomainError) -> LogFormat {
        guard let format = LogFormat(rawValue: text.lowercased()) else { throw .invalid("log_format", "'\(text.prefix(20))' is not json, text or auto.") }
        return format
    }

    private static func logLevel(_ text: String) throws(DomainError) -> String {
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(text.lowercased()) else { throw .invalid("log_level", "'\(text.prefix(20))' is not one of \(levels.joined(separator: ", ")).") }
        return text.lowercased()
    }

    /// Creates the data directory if needed and proves it is writable, so a bad path fails at start.
    public func prepareDataDirectory() throws(DomainError) {
        let manager = FileManager.default
        do { try manager.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true) } catch {
            throw .invalid("data_dir", "cannot create '\(dataDirectory)': \(error.localizedDescription)")
        }
        let probe = (dataDirectory as NSString).appendingPathComponent(".write-test-\(ProcessInfo.processInfo.processIdentifier)")
        guard manager.createFile(atPath: probe, contents: Data("ok".utf8)) else {
            throw .invalid("data_dir", "'\(dataDirectory)' is not writable.")
        }
        try? manager.removeItem(atPath: probe)
    }
}
