import ComplianceCore
import Yams

/// A problem in a content file, located by file, line, column and field path.
public struct ContentFileError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let field: String
    public let message: String

    /// `file:line:column: field: message`, the form editors and CI logs understand.
    public var description: String {
        let position = line > 0 ? "\(file):\(line):\(column):" : "\(file):"
        return "\(position) \(field.isEmpty ? "" : "\(field): ")\(message)"
    }

    public var domainError: DomainError {
        DomainError(.invalid, code: "invalid_content_file", description)
    }
}

/// Walks a YAML document with a field path, so that every complaint says where it is.
///
/// A general reader for every YAML file Attest loads (catalogs, controls, policies): unknown keys,
/// missing keys and wrong types are errors, never silently ignored.
struct YAMLReader {
    let file: String
    let node: Node
    let path: String
    /// Lines above the parsed text in its file (front matter starts on line 2 of a policy template).
    var lineOffset = 0

    static func parse(_ text: String, file: String, lineOffset: Int = 0) throws(ContentFileError) -> YAMLReader {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ContentFileError(file: file, line: 1 + lineOffset, column: 1, field: "", message: "the file is empty.")
            }
            return YAMLReader(file: file, node: node, path: "", lineOffset: lineOffset)
        } catch let error as ContentFileError {
            throw error
        } catch let error as YamlError {
            let located = Self.locate(error, file: file)
            throw ContentFileError(
                file: file, line: located.line + lineOffset, column: located.column, field: located.field, message: located.message)
        } catch {
            throw ContentFileError(file: file, line: 1, column: 1, field: "", message: "\(error)")
        }
    }

    private static func locate(_ error: YamlError, file: String) -> ContentFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text))" } ?? problem
            return ContentFileError(file: file, line: mark.line, column: mark.column, field: "", message: "YAML syntax error: \(detail)")
        default:
            return ContentFileError(file: file, line: 1, column: 1, field: "", message: "YAML error: \(error)")
        }
    }

    func fail(_ message: String) -> ContentFileError {
        ContentFileError(file: file, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column ?? 1, field: path, message: message)
    }

    private func child(_ node: Node, _ segment: String) -> YAMLReader {
        YAMLReader(
            file: file, node: node, path: path.isEmpty ? segment : "\(path)\(segment.hasPrefix("[") ? "" : ".")\(segment)", lineOffset: lineOffset)
    }

    /// The mapping's keys must all be among `allowed`.
    func requireKeys(allowed: Set<String>) throws(ContentFileError) {
        guard case .mapping(let mapping) = node else { throw fail("expected a mapping.") }
        for key in mapping.keys {
            let name = key.string ?? ""
            if !allowed.contains(name) {
                throw child(key, name).fail("unknown field (allowed: \(allowed.sorted().joined(separator: ", "))).")
            }
        }
    }

    func optional(_ key: String) throws(ContentFileError) -> YAMLReader? {
        guard case .mapping(let mapping) = node else { throw fail("expected a mapping.") }
        return mapping[key].map { child($0, key) }
    }

    func required(_ key: String) throws(ContentFileError) -> YAMLReader {
        guard let value = try optional(key) else { throw fail("missing required field '\(key)'.") }
        return value
    }

    func string() throws(ContentFileError) -> String {
        guard case .scalar(let scalar) = node else { throw fail("expected a text value.") }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw fail("must not be empty.") }
        return text
    }

    func int() throws(ContentFileError) -> Int {
        guard case .scalar = node, let value = node.int else { throw fail("expected a whole number.") }
        return value
    }

    func items() throws(ContentFileError) -> [YAMLReader] {
        guard case .sequence(let sequence) = node else { throw fail("expected a list.") }
        return sequence.enumerated().map { child($1, "[\($0)]") }
    }

    /// A mapping's entries in file order.
    func pairs() throws(ContentFileError) -> [(String, YAMLReader)] {
        guard case .mapping(let mapping) = node else { throw fail("expected a mapping.") }
        return mapping.map { (key, value) in (key.string ?? "", child(value, key.string ?? "")) }
    }

    /// A text value that must be one of an enumeration's raw values.
    func oneOf<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws(ContentFileError) -> T where T.RawValue == String {
        let raw = try string()
        guard let value = T(rawValue: raw) else {
            throw fail("unknown value '\(raw)' (one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))).")
        }
        return value
    }

    func strings() throws(ContentFileError) -> [String] {
        var out: [String] = []
        for item in try items() { out.append(try item.string()) }
        return out
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

extension Set<Character> {
    static let whitespacesAndNewlines: Set<Character> = [" ", "\t", "\n", "\r"]
}
