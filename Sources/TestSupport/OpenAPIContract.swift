import Foundation

/// The served OpenAPI document as a contract the tests hold every JSON response to: the route is
/// found by its path template, the status must be documented, and the body must match the schema
/// (the subset of JSON Schema the document uses: $ref, type, properties, required,
/// additionalProperties, items, enum, const, oneOf, anyOf, allOf).
public struct OpenAPIContract: Sendable {
    public static let shared = OpenAPIContract()

    private let document: JSONValue
    private let operations: [(method: String, pattern: [String], template: String)]

    init() {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Web/Resources/openapi.json")
        document = (try? JSONValue.parse(Data(contentsOf: url))) ?? .null
        operations = (document["paths"]?.object ?? [:]).flatMap { template, item in
            (item.object ?? [:]).keys.map { (method: $0.uppercased(), pattern: template.split(separator: "/").map(String.init), template: template) }
        }
    }

    /// Problems with one exchange, as sentences; empty when it keeps the contract or is not a JSON API call.
    public func problems(method: String, uri: String, status: Int, contentType: String?, body: Data) -> [String] {
        let path = String(uri.split(separator: "?", maxSplits: 1).first ?? "")
        guard path.hasPrefix("/api/v1/") || path == "/healthz" || path == "/metrics" else { return [] }
        let segments = path.split(separator: "/").map(String.init)
        let candidates = operations.filter { $0.method == method.uppercased() && Self.matches($0.pattern, segments) }
        // The most literal template wins ("/evidence/proof" over "/evidence/{id}").
        guard let operation = candidates.max(by: { Self.literals($0.pattern) < Self.literals($1.pattern) }) else {
            return status == 404 || status == 405 ? [] : ["\(method) \(path) answered \(status) but the document has no such operation"]
        }
        Self.note("\(method.uppercased()) \(operation.template) \(status)")
        let responses = document["paths"]?[operation.template]?[method.lowercased()]?["responses"]?.object ?? [:]
        guard var response = responses[String(status)] ?? responses["default"] else {
            return [
                "\(method) \(operation.template) answered \(status), which it does not document (\(responses.keys.sorted().joined(separator: ", ")))"
            ]
        }
        if let reference = response["$ref"]?.string, let resolved = resolve(reference) { response = resolved }
        guard let content = response["content"]?.object else { return [] }
        let type = (contentType ?? "").split(separator: ";").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let major = type.split(separator: "/").first.map { "\($0)/*" } ?? ""
        guard let media = content[type] ?? content[major] ?? content["*/*"] else {
            return ["\(method) \(operation.template) \(status) sent \(type.isEmpty ? "no content type" : type), documented: \(content.keys.sorted())"]
        }
        guard type.hasSuffix("json"), let schema = media["schema"] else { return [] }
        guard let value = try? JSONValue.parse(body) else { return ["\(method) \(operation.template) \(status): the body is not JSON"] }
        var found: [String] = []
        check(value, against: schema, at: "$", problems: &found)
        return found.prefix(10).map { "\(method) \(operation.template) \(status): \($0)" }
    }

    /// With `ATTEST_CONTRACT_LOG=FILE`, every checked exchange is appended to FILE, to see which
    /// operations the tests reach.
    private static func note(_ line: String) {
        guard let path = ProcessInfo.processInfo.environment["ATTEST_CONTRACT_LOG"],
            let handle = FileHandle(forWritingAtPath: path)
                ?? (FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil)
        else { return }
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try? handle.close()
    }

    private static func literals(_ pattern: [String]) -> Int { pattern.filter { !$0.hasPrefix("{") }.count }

    private static func matches(_ pattern: [String], _ segments: [String]) -> Bool {
        pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }

    private func resolve(_ reference: String) -> JSONValue? {
        var node: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, problems: inout [String]) {
        var schema = schema
        if let reference = schema["$ref"]?.string {
            guard let resolved = resolve(reference) else { return problems.append("\(path): unresolved \(reference)") }
            schema = resolved
        }
        for part in schema["allOf"]?.array ?? [] { check(value, against: part, at: path, problems: &problems) }
        for keyword in ["oneOf", "anyOf"] {
            guard let options = schema[keyword]?.array else { continue }
            let passing = options.filter { option in
                var local: [String] = []
                check(value, against: option, at: path, problems: &local)
                return local.isEmpty
            }
            if passing.isEmpty || (keyword == "oneOf" && passing.count > 1) {
                problems.append("\(path): matches \(passing.count) of the \(keyword) choices")
            }
        }
        if let types = schema["type"]?.string.map({ [$0] }) ?? schema["type"]?.array?.compactMap(\.string) {
            guard types.contains(where: { Self.isType(value, $0) }) else {
                return problems.append("\(path): expected \(types.joined(separator: " or ")), found \(value.typeName)")
            }
        }
        if let allowed = schema["enum"]?.array, !allowed.contains(value) {
            problems.append("\(path): \(Self.describe(value)) is not one of the documented values")
        }
        if let constant = schema["const"], constant != value { problems.append("\(path): expected the constant \(Self.describe(constant))") }
        if let object = value.object {
            let properties = schema["properties"]?.object ?? [:]
            for case .string(let name) in schema["required"]?.array ?? [] where object[name] == nil {
                problems.append("\(path): lacks the required field \(name)")
            }
            for (name, child) in object {
                if let property = properties[name] {
                    check(child, against: property, at: "\(path).\(name)", problems: &problems)
                } else if let extra = schema["additionalProperties"], extra.object != nil {
                    check(child, against: extra, at: "\(path).\(name)", problems: &problems)
                } else if schema["additionalProperties"] == .bool(false) {
                    problems.append("\(path): has the undocumented field \(name)")
                }
            }
        }
        if let array = value.array, let items = schema["items"] {
            for (index, child) in array.enumerated() { check(child, against: items, at: "\(path)[\(index)]", problems: &problems) }
        }
    }

    private static func isType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): true
        case ("integer", .number(let n)): n.rounded() == n
        default: false
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): "'\(s.prefix(40))'"
        case .number(let n): "\(n)"
        case .bool(let b): "\(b)"
        default: value.typeName
        }
    }
}
