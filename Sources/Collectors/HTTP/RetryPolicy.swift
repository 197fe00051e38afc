import Foundation

/// Exponential backoff with full jitter for throttled calls (AWS's advice and GitHub's secondary
/// rate limits), honouring a `Retry-After` the source gives, never waiting past `cap`.
public struct RetryPolicy: Sendable {
    public var attempts: Int
    public var base: Duration
    public var cap: Duration

    public init(attempts: Int = 6, base: Duration = .milliseconds(200), cap: Duration = .seconds(20)) {
        self.attempts = attempts
        self.base = base
        self.cap = cap
    }

    /// How long to wait before attempt `attempt + 1` (attempt counts from 1).
    func delay(after attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, cap) }
        let ceiling = min(cap, base * (1 << min(attempt - 1, 20)))
        let millis = max(1, Int(ceiling.components.seconds * 1000 + ceiling.components.attoseconds / 1_000_000_000_000_000))
        return .milliseconds(Int.random(in: 0...millis))
    }

    /// For tests: retries come quickly.
    public static let fast = RetryPolicy(attempts: 6, base: .milliseconds(5), cap: .milliseconds(50))
}
