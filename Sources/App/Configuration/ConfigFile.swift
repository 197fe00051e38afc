import ComplianceCore
import Foundation

/// The config file: one `key: value` per line, `#` comments, keys from `Settings.keys`.
/// A flat subset of YAML, so the same file reads well in both.
enum ConfigFile {
    static func read(_ path: String) throws(DomainError) -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .invalid("config", "cannot read '\(path)' as UTF-8 text.")
        }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws(DomainError) -> [String: String] {
        var values: [String: String] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw .invalid("config", "\(file):\(index + 1): expected 'key: value'.")
            }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                value = String(value.dropFirst().dropLast())
            }
            guard Settings.keys.contains(key) else {
                throw .invalid("config", "\(file):\(index + 1): unknown key '\(key.prefix(40))' (known: \(Settings.keys.joined(separator: ", "))).")
            }
            values[key] = value
        }
        return values
    }
}
