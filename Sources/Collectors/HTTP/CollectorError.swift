import Foundation

/// Why a call to a source gave no answer to use. Each case names the action, so a check that ends
/// in `error` says which call failed; none carries a credential.
public enum CollectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source refused (AccessDenied, UnauthorizedOperation, HTTP 403).
    case refused(action: String, code: String, message: String)
    /// The source does not offer the call (NotImplemented, HTTP 501; moto's HTTP 500 for unimplemented calls).
    case notImplemented(action: String, message: String)
    case timedOut(action: String, seconds: Int)
    case unreachable(action: String, reason: String)
    /// The answer was not the XML or JSON the call promises.
    case malformed(action: String, reason: String)
    /// A page token came back that was already seen: the listing would never end.
    case pageLoop(action: String)
    case throttled(action: String, attempts: Int)
    /// The credentials themselves were rejected; the run stops and stores nothing.
    case badCredentials(action: String, code: String, message: String)
    case failed(action: String, status: Int, code: String, message: String)

    public var action: String {
        switch self {
        case .refused(let action, _, _), .notImplemented(let action, _), .timedOut(let action, _), .unreachable(let action, _),
            .malformed(let action, _), .pageLoop(let action), .throttled(let action, _), .badCredentials(let action, _, _),
            .failed(let action, _, _, _):
            action
        }
    }

    public var description: String {
        switch self {
        case .refused(let action, let code, let message): "\(action) was refused (\(code))\(Self.clause(message))"
        case .notImplemented(let action, let message): "\(action) is not offered by this endpoint\(Self.clause(message))"
        case .timedOut(let action, let seconds): "\(action) did not answer within \(seconds) s"
        case .unreachable(let action, let reason): "\(action) could not be reached: \(reason)"
        case .malformed(let action, let reason): "\(action) answered something unreadable: \(reason)"
        case .pageLoop(let action): "\(action) returned a page token it had already given; the listing was stopped"
        case .throttled(let action, let attempts): "\(action) was still throttled after \(attempts) attempts"
        case .badCredentials(let action, let code, let message): "the credentials were rejected by \(action) (\(code))\(Self.clause(message))"
        case .failed(let action, let status, let code, let message): "\(action) failed with HTTP \(status) \(code)\(Self.clause(message))"
        }
    }

    static func clause(_ message: String) -> String {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "" : ": " + String(trimmed.prefix(300))
    }
}
