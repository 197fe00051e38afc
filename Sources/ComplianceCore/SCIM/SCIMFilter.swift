import Foundation

/// A SCIM filter (RFC 7644 §3.4.2.2): comparisons (`eq`, `ne`, `co`, `sw`, `ew`, `gt`, `ge`, `lt`,
/// `le`), presence (`pr`), `and`, `or`, `not (…)`, parentheses, and value paths
/// (`emails[type eq "work"]` is read as a test on `emails.type`; the attributes Attest exposes are
/// single-valued enough for that). Parsed once, bounded in length and depth, then evaluated on a
/// resource flattened to lower-cased attribute paths.
public indirect enum SCIMFilter: Sendable, Equatable {
    case compare(path: String, op: String, value: String?)
    case present(path: String)
    case and(SCIMFilter, SCIMFilter)
    case or(SCIMFilter, SCIMFilter)
    case not(SCIMFilter)

    public static let longest = 1_000
    static let deepest = 20
    static let operators: Set<String> = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]

    /// Parses `text`, or throws `invalidFilter` saying what is wrong and where.
    public static func parse(_ text: String) throws(SCIMError) -> SCIMFilter {
        guard text.count <= longest else { throw .invalidFilter("the filter is longer than \(longest) characters.") }
        var parser = Parser(tokens: try tokenize(text))
        let filter = try parser.expression(depth: 0)
        guard parser.index == parser.tokens.count else {
            throw .invalidFilter("unexpected '\(parser.tokens[parser.index].text.prefix(40))' after a complete filter.")
        }
        return filter
    }

    /// Whether the resource (attribute path → its values, lower-cased paths) matches.
    public func matches(_ resource: [String: [String]]) -> Bool {
        switch self {
        case .present(let path): return resource[path].map { $0.contains { !$0.isEmpty } } ?? false
        case .and(let a, let b): return a.matches(resource) && b.matches(resource)
        case .or(let a, let b): return a.matches(resource) || b.matches(resource)
        case .not(let a): return !a.matches(resource)
        case .compare(let path, let op, let value):
            let values = resource[path] ?? []
            guard let value = value?.lowercased() else { return op == "eq" ? values.isEmpty : !values.isEmpty }
            let test: (String) -> Bool = { candidate in
                let have = candidate.lowercased()
                switch op {
                case "eq": return have == value
                case "ne": return have != value
                case "co": return have.contains(value)
                case "sw": return have.hasPrefix(value)
                case "ew": return have.hasSuffix(value)
                case "gt": return have > value
                case "ge": return have >= value
                case "lt": return have < value
                default: return have <= value
                }
            }
            return op == "ne" ? values.allSatisfy(test) : values.contains(where: test)
        }
    }

    struct Token: Equatable {
        enum Kind { case word, string, open, close, openBracket, closeBracket }
        let kind: Kind
        let text: String
    }

    static func tokenize(_ text: String) throws(SCIMError) -> [Token] {
        var tokens: [Token] = []
        var characters = Array(text)[...]
        while let first = characters.first {
            switch first {
            case " ", "\t":
                characters = characters.dropFirst()
            case "(", ")", "[", "]":
                let kind: Token.Kind = first == "(" ? .open : first == ")" ? .close : first == "[" ? .openBracket : .closeBracket
                tokens.append(Token(kind: kind, text: String(first)))
                characters = characters.dropFirst()
            case "\"":
                var value = ""
                var rest = characters.dropFirst()
                var closed = false
                while let next = rest.first {
                    rest = rest.dropFirst()
                    if next == "\\" {
                        guard let escaped = rest.first else { break }
                        value.append(escaped)
                        rest = rest.dropFirst()
                    } else if next == "\"" {
                        closed = true
                        break
                    } else {
                        value.append(next)
                    }
                }
                guard closed else { throw .invalidFilter("a quoted value is not closed.") }
                tokens.append(Token(kind: .string, text: value))
                characters = rest
            default:
                let word = characters.prefix { !" \t()[]\"".contains($0) }
                tokens.append(Token(kind: .word, text: String(word)))
                characters = characters.dropFirst(word.count)
            }
        }
        return tokens
    }

    struct Parser {
        let tokens: [Token]
        var index = 0

        mutating func next() -> Token? {
            defer { index += 1 }
            return index < tokens.count ? tokens[index] : nil
        }

        func peekWord(_ word: String) -> Bool {
            index < tokens.count && tokens[index].kind == .word && tokens[index].text.lowercased() == word
        }

        mutating func expression(depth: Int) throws(SCIMError) -> SCIMFilter {
            var left = try term(depth: depth)
            while peekWord("or") {
                index += 1
                left = .or(left, try term(depth: depth))
            }
            return left
        }

        mutating func term(depth: Int) throws(SCIMError) -> SCIMFilter {
            var left = try factor(depth: depth)
            while peekWord("and") {
                index += 1
                left = .and(left, try factor(depth: depth))
            }
            return left
        }

        mutating func factor(depth: Int, prefix: String = "") throws(SCIMError) -> SCIMFilter {
            guard depth < SCIMFilter.deepest else { throw .invalidFilter("the filter nests more than \(SCIMFilter.deepest) deep.") }
            guard let token = next() else { throw .invalidFilter("the filter ends where a comparison was expected.") }
            if token.kind == .open {
                let inner = try expression(depth: depth + 1)
                guard next()?.kind == .close else { throw .invalidFilter("a '(' is not closed.") }
                return inner
            }
            if token.kind == .word, token.text.lowercased() == "not" {
                guard next()?.kind == .open else { throw .invalidFilter("'not' must be followed by '('.") }
                let inner = try expression(depth: depth + 1)
                guard next()?.kind == .close else { throw .invalidFilter("a '(' is not closed.") }
                return .not(inner)
            }
            guard token.kind == .word, token.text.wholeMatch(of: /[A-Za-z][A-Za-z0-9_:.$-]*/) != nil else {
                throw .invalidFilter("'\(token.text.prefix(40))' is not an attribute name.")
            }
            let path = prefix + SCIMFilter.normalised(token.text)
            if index < tokens.count, tokens[index].kind == .openBracket {
                index += 1
                let inner = try expression(depth: depth + 1, prefix: path + ".")
                guard next()?.kind == .closeBracket else { throw .invalidFilter("a '[' is not closed.") }
                return inner
            }
            guard let op = next(), op.kind == .word else { throw .invalidFilter("an operator is missing after \(token.text.prefix(40)).") }
            let name = op.text.lowercased()
            if name == "pr" { return .present(path: path) }
            guard SCIMFilter.operators.contains(name) else {
                throw .invalidFilter("'\(op.text.prefix(20))' is not an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr).")
            }
            guard let value = next() else { throw .invalidFilter("a value is missing after \(token.text.prefix(40)) \(name).") }
            switch (value.kind, value.text.lowercased()) {
            case (.string, _): return .compare(path: path, op: name, value: value.text)
            case (.word, "true"), (.word, "false"): return .compare(path: path, op: name, value: value.text.lowercased())
            case (.word, "null"): return .compare(path: path, op: name, value: nil)
            case (.word, let number) where Double(number) != nil: return .compare(path: path, op: name, value: number)
            default: throw .invalidFilter("'\(value.text.prefix(40))' is not a value: quote strings, or use true, false, null or a number.")
            }
        }

        mutating func expression(depth: Int, prefix: String) throws(SCIMError) -> SCIMFilter {
            var left = try factor(depth: depth, prefix: prefix)
            while peekWord("and") || peekWord("or") {
                let isAnd = peekWord("and")
                index += 1
                let right = try factor(depth: depth, prefix: prefix)
                left = isAnd ? .and(left, right) : .or(left, right)
            }
            return left
        }
    }

    /// Lower-cased, with the core schemas' URN prefix dropped (`urn:…:core:2.0:User:userName` is `username`).
    static func normalised(_ path: String) -> String {
        let lower = path.lowercased()
        for urn in ["urn:ietf:params:scim:schemas:core:2.0:user:", "urn:ietf:params:scim:schemas:core:2.0:group:"] where lower.hasPrefix(urn) {
            return String(lower.dropFirst(urn.count))
        }
        return lower
    }
}

/// A SCIM error (RFC 7644 §3.12): the HTTP status, the `scimType` where the RFC names one, and a
/// sentence saying what is wrong.
public struct SCIMError: Error, Sendable, Equatable {
    public let status: Int
    public let scimType: String?
    public let detail: String

    public init(status: Int, scimType: String?, detail: String) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    public static func invalidFilter(_ detail: String) -> SCIMError { SCIMError(status: 400, scimType: "invalidFilter", detail: detail) }
    public static func invalidPath(_ detail: String) -> SCIMError { SCIMError(status: 400, scimType: "invalidPath", detail: detail) }
    public static func invalidValue(_ detail: String) -> SCIMError { SCIMError(status: 400, scimType: "invalidValue", detail: detail) }
    public static func invalidSyntax(_ detail: String) -> SCIMError { SCIMError(status: 400, scimType: "invalidSyntax", detail: detail) }
    public static func uniqueness(_ detail: String) -> SCIMError { SCIMError(status: 409, scimType: "uniqueness", detail: detail) }
    public static func notFound(_ detail: String) -> SCIMError { SCIMError(status: 404, scimType: nil, detail: detail) }
    public static func preconditionFailed(_ detail: String) -> SCIMError { SCIMError(status: 412, scimType: nil, detail: detail) }
}
