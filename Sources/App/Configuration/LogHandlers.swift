import Foundation
import Logging

/// Log lines: JSON (one object per line) for machines, readable text on a terminal.
enum LogSetup {
    /// Bootstraps swift-log once for the process.
    static func bootstrap(format: Settings.LogFormat, level: String) {
        let useJSON = format == .json || (format == .auto && isatty(STDERR_FILENO) == 0)
        let logLevel = Logger.Level(rawValue: level) ?? .info
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = useJSON ? JSONLogHandler(label: label) : TextLogHandler(label: label)
            handler.logLevel = logLevel
            return handler
        }
    }
}

/// One JSON object per line on standard error: time, level, label, message and metadata.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var object: [String: String] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue,
            "label": label, "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key == "hb.request.id" ? "request_id" : key] = value.description
        }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0a)
        FileHandle.standardError.write(data)
    }
}

/// `time level [request] message key=value` for people at a terminal.
struct TextLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        let request = all.removeValue(forKey: "hb.request.id").map { " [\($0)]" } ?? ""
        let extra = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let time = ISO8601DateFormatter().string(from: Date())
        FileHandle.standardError.write(Data("\(time) \(event.level.rawValue)\(request) \(event.message)\(extra.isEmpty ? "" : " " + extra)\n".utf8))
    }
}
