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
    /// Where evidence blobs live: files in the data directory, or an S3-compatible bucket.
    public var blobStore: BlobStoreSetting
    public var keyDirectory: String
    public var maxUploadBytes: Int64
    /// Seconds between periodic tree-head signatures.
    public var headInterval: Int
    /// A CSV (criterion,annex_a,relationship) that replaces the shipped ISO/IEC 27001 crosswalk.
    public var crosswalkFile: String?
    /// Email for notifications; nil leaves them in the app only.
    var smtp: SMTPSettings?
    /// The address people use to reach Attest, for links in emails.
    public var publicURL: String
    /// Proxies (exact addresses) whose `X-Forwarded-For` names the client, for login throttling.
    public var trustedProxies: [String]
    /// The bearer token `/metrics` asks for; without one the endpoint is off.
    public var metricsToken: String?

    public enum BlobStoreSetting: Sendable, Equatable {
        case files
        case s3(endpoint: String, region: String, bucket: String, accessKey: String, secretKey: String, pathStyle: Bool)
    }

    public enum LogFormat: String, Sendable {
        case json, text, auto
    }

    /// The keys that the environment and the config file may set.
    public static let keys = [
        "host", "port", "data_dir", "database_url", "secure_cookies", "log_format", "log_level", "catalog",
        "blob_store", "s3_endpoint", "s3_region", "s3_bucket", "s3_access_key", "s3_secret_key", "s3_path_style",
        "key_dir", "max_upload_bytes", "head_interval", "crosswalk_file",
        "smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_password", "smtp_from", "smtp_ca_file", "public_url",
        "trusted_proxies", "metrics_token",
    ]

    /// Resolves settings from flags (nil when not given), the environment and the config file.
    public static func resolve(flags: [String: String?], environment: [String: String] = ProcessInfo.processInfo.environment) throws(DomainError)
        -> Settings
    {
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
            catalogID: value("catalog") ?? "tsc-2017-pof-2022",
            blobStore: try blobStore(value),
            keyDirectory: value("key_dir") ?? (dataDirectory as NSString).appendingPathComponent("keys"),
            maxUploadBytes: try number(value("max_upload_bytes") ?? "5368709120", key: "max_upload_bytes", range: 1...(1 << 40)),
            headInterval: Int(try number(value("head_interval") ?? "300", key: "head_interval", range: 5...86_400)),
            crosswalkFile: value("crosswalk_file"),
            smtp: try smtp(value),
            publicURL: try publicURL(value("public_url") ?? "http://\(host):\(portNumber)"),
            trustedProxies: try trustedProxies(value("trusted_proxies") ?? ""),
            metricsToken: try metricsToken(value("metrics_token")))
    }

    private static func smtp(_ value: (String) -> String?) throws(DomainError) -> SMTPSettings? {
        guard let host = value("smtp_host"), !host.isEmpty else { return nil }
        guard !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw .invalid("smtp_host", "'\(host.prefix(60))' is not a host name or address.")
        }
        let securityText = value("smtp_security") ?? "starttls"
        guard let security = SMTPSettings.Security(rawValue: securityText.lowercased()) else {
            throw .invalid("smtp_security", "'\(securityText.prefix(20))' is not starttls, tls or none.")
        }
        let defaultPort = security == .tls ? "465" : security == .starttls ? "587" : "25"
        let port = Int(try number(value("smtp_port") ?? defaultPort, key: "smtp_port", range: 1...65535))
        guard let from = value("smtp_from"), MailMessage.isAddress(from) else {
            throw .invalid("smtp_from", "smtp_host needs smtp_from, the address mail comes from (such as attest@example.com).")
        }
        let username = value("smtp_username").flatMap { $0.isEmpty ? nil : $0 }
        if username != nil, value("smtp_password") == nil { throw .invalid("smtp_password", "smtp_username needs smtp_password.") }
        let caFile = value("smtp_ca_file")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw .invalid("smtp_ca_file", "cannot read '\(caFile.prefix(200))'.")
        }
        return SMTPSettings(
            host: host, port: port, security: security, username: username, password: value("smtp_password"), from: from, caFile: caFile)
    }

    /// A scrape token worth the name: 16 to 200 printable characters.
    private static func metricsToken(_ text: String?) throws(DomainError) -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard (16...200).contains(text.count), text.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw .invalid("metrics_token", "use 16 to 200 printable characters without spaces (for example the output of `openssl rand -hex 24`).")
        }
        return text
    }

    /// Comma-separated IPv4 or IPv6 addresses, as the proxy connects from.
    private static func trustedProxies(_ text: String) throws(DomainError) -> [String] {
        let addresses = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for address in addresses where address.count > 45 || !address.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) {
            throw .invalid("trusted_proxies", "'\(address.prefix(60))' is not an IP address; list the proxies' addresses, separated by commas.")
        }
        return addresses
    }

    private static func publicURL(_ text: String) throws(DomainError) -> String {
        guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil, url.query == nil else {
            throw .invalid("public_url", "'\(text.prefix(80))' is not an http(s) address such as https://attest.example.com.")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    private static func blobStore(_ value: (String) -> String?) throws(DomainError) -> BlobStoreSetting {
        switch value("blob_store") ?? "files" {
        case "files": return .files
        case "s3":
            guard let endpoint = value("s3_endpoint"), let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https", url.host != nil
            else {
                throw .invalid("s3_endpoint", "blob_store s3 needs s3_endpoint, a URL such as https://s3.eu-west-1.amazonaws.com.")
            }
            guard let bucket = value("s3_bucket"), !bucket.isEmpty else { throw .invalid("s3_bucket", "blob_store s3 needs a bucket.") }
            guard let accessKey = value("s3_access_key"), let secretKey = value("s3_secret_key") else {
                throw .invalid("s3_access_key", "blob_store s3 needs s3_access_key and s3_secret_key.")
            }
            return .s3(
                endpoint: endpoint, region: value("s3_region") ?? "us-east-1", bucket: bucket, accessKey: accessKey,
                secretKey: secretKey, pathStyle: try boolean(value("s3_path_style") ?? "true", key: "s3_path_style"))
        case let other: throw .invalid("blob_store", "'\(other.prefix(20))' is not files or s3.")
        }
    }

    private static func number(_ text: String, key: String, range: ClosedRange<Int64>) throws(DomainError) -> Int64 {
        guard let value = Int64(text), range.contains(value) else {
            throw .invalid(key, "'\(text.prefix(20))' must be a whole number from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    private static func boolean(_ text: String, key: String) throws(DomainError) -> Bool {
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw .invalid(key, "'\(text.prefix(20))' is not true or false.")
        }
    }

    private static func logFormat(_ text: String) throws(DomainError) -> LogFormat {
        guard let format = LogFormat(rawValue: text.lowercased()) else {
            throw .invalid("log_format", "'\(text.prefix(20))' is not json, text or auto.")
        }
        return format
    }

    private static func logLevel(_ text: String) throws(DomainError) -> String {
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(text.lowercased()) else {
            throw .invalid("log_level", "'\(text.prefix(20))' is not one of \(levels.joined(separator: ", ")).")
        }
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
