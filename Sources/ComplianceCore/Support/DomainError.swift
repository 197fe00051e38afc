/// An error the domain raises about a request it cannot carry out.
///
/// `kind` decides how the delivery layer answers (HTTP status, CLI exit code); `code` is a stable
/// snake_case identifier for scripts; `message` is a sentence for people that says what and where.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case invalid
        /// Well-formed input that breaks a rule a schema cannot state: a rule across fields, an id
        /// that names nothing, a date judged against today or against stored state (HTTP 422).
        case unprocessable
        case notFound
        case conflict
        case unauthenticated
        case forbidden
        case rateLimited(retryAfterSeconds: Int)
        /// The server is busy with work of this kind; the caller may try again later.
        case busy(retryAfterSeconds: Int)
    }

    public let kind: Kind
    public let code: String
    public let message: String

    public init(_ kind: Kind, code: String, _ message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// Input that breaks a rule; `field` names where.
    public static func invalid(_ field: String, _ message: String) -> DomainError {
        DomainError(.invalid, code: "invalid_\(field.snakeCased)", "\(field): \(message)")
    }

    /// Input in the right shape that a rule beyond its shape refuses; `field` names where.
    public static func unprocessable(_ field: String, _ message: String) -> DomainError {
        DomainError(.unprocessable, code: "invalid_\(field.snakeCased)", "\(field): \(message)")
    }

    /// Something that does not exist, or that the caller may not know exists.
    public static func notFound(_ what: String) -> DomainError {
        DomainError(.notFound, code: "not_found", "\(what) was not found.")
    }

    public static func conflict(_ code: String, _ message: String) -> DomainError {
        DomainError(.conflict, code: code, message)
    }
}

extension String {
    var snakeCased: String {
        var out = ""
        for character in self {
            if character.isUppercase {
                if !out.isEmpty { out.append("_") }
                out.append(Character(character.lowercased()))
            } else if character.isLetter || character.isNumber {
                out.append(character)
            } else if !out.hasSuffix("_") {
                out.append("_")
            }
        }
        return out
    }
}
