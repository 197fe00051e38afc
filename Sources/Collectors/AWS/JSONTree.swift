import Foundation

/// A JSON answer as a value tree, for the JSON-protocol AWS services and the SaaS REST APIs.
public enum JSONTree: Sendable, Equatable, Decodable {
    case object([String: JSONTree])
    case array([JSONTree])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONTree].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONTree].self))
        }
    }

    public static func parse(_ bytes: [UInt8]) throws(XMLFailure) -> JSONTree {
        if bytes.isEmpty { return .object([:]) }
        do { return try JSONDecoder().decode(JSONTree.self, from: Data(bytes)) } catch {
            throw XMLFailure(reason: "not JSON (\(String(describing: error).prefix(160)))")
        }
    }

    public subscript(key: String) -> JSONTree {
        if case .object(let fields) = self { return fields[key] ?? .null }
        return .null
    }

    public var array: [JSONTree] {
        if case .array(let items) = self { return items }
        return []
    }

    public var string: String? {
        switch self {
        case .string(let text): text
        case .number(let number): number == number.rounded() ? String(Int(number)) : String(number)
        case .bool(let value): String(value)
        default: nil
        }
    }

    public var int: Int? {
        switch self {
        case .number(let number): Int(exactly: number.rounded())
        case .string(let text): Int(text)
        default: nil
        }
    }

    public var bool: Bool? {
        switch self {
        case .bool(let value): value
        case .string(let text): text.lowercased() == "true" ? true : (text.lowercased() == "false" ? false : nil)
        default: nil
        }
    }

    public var isNull: Bool { self == .null }
}
