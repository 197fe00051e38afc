import Foundation

extension PolicyDocument {
    /// Reads an IAM or bucket policy. `Statement`, `Action`, `Resource` and `Principal` may each be
    /// one value or a list; a document that is not JSON is an error of the call that returned it.
    static func parse(_ bytes: [UInt8]) throws(XMLFailure) -> PolicyDocument {
        let json = try JSONTree.parse(bytes)
        let statements: [JSONTree] =
            switch json["Statement"] {
            case .array(let items): items
            case .object: [json["Statement"]]
            default: []
            }
        return PolicyDocument(
            statements: statements.map { statement in
                Statement(
                    allow: statement["Effect"].string == "Allow", actions: strings(statement["Action"]), notActions: strings(statement["NotAction"]),
                    resources: strings(statement["Resource"]), principals: principals(statement["Principal"]),
                    secureTransport: strings(statement["Condition"]["Bool"]["aws:SecureTransport"]))
            })
    }

    static func strings(_ value: JSONTree) -> [String] {
        switch value {
        case .array(let items): items.compactMap(\.string)
        default: value.string.map { [$0] } ?? []
        }
    }

    static func principals(_ value: JSONTree) -> [String] {
        if case .object(let fields) = value { return fields.values.flatMap(strings) }
        return strings(value)
    }

    /// Denies requests that do not use TLS: a Deny on `aws:SecureTransport = false` for everyone.
    public var deniesInsecureTransport: Bool {
        statements.contains { statement in
            !statement.allow && statement.secureTransport.contains("false") && (statement.principals.contains("*"))
                && (statement.actions.contains("*") || statement.actions.contains("s3:*") || statement.actions.contains("s3:GetObject"))
        }
    }

    /// Allows anyone (`Principal: *`) without a condition narrowing it.
    public var allowsEveryone: Bool {
        statements.contains { $0.allow && $0.principals.contains("*") }
    }
}

extension PolicyDocument {
    /// Reads a policy from text (tests and tools).
    public static func parseForTesting(_ text: String) throws(XMLFailure) -> PolicyDocument { try parse(Array(text.utf8)) }
}
