import ComplianceCore
import Foundation

/// Slows down password guessing: too many failures for one account, or from one address, within
/// a window lock further attempts out until the oldest failure ages out (429 with Retry-After).
public actor LoginThrottle {
    public struct Limits: Sendable {
        public var perAccount: Int
        public var perAddress: Int
        public var window: TimeInterval

        public init(perAccount: Int = 5, perAddress: Int = 20, window: TimeInterval = 15 * 60) {
            self.perAccount = perAccount
            self.perAddress = perAddress
            self.window = window
        }
    }

    private let limits: Limits
    private var failures: [String: [Date]] = [:]

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Throws `rate_limited` while either key is over its limit.
    public func check(account: String, address: String, now: Date = Date()) throws(DomainError) {
        for (key, limit) in [(Self.accountKey(account), limits.perAccount), ("address:" + address, limits.perAddress)] {
            let recent = prune(key, now: now)
            if recent.count >= limit, let oldest = recent.first {
                let wait = max(1, Int((oldest.addingTimeInterval(limits.window).timeIntervalSince(now)).rounded(.up)))
                throw DomainError(
                    .rateLimited(retryAfterSeconds: wait), code: "rate_limited",
                    "Too many failed sign-in attempts. Try again in \(wait / 60 + 1) minutes.")
            }
        }
    }

    /// The refusal `check` would throw, or nil when an attempt is allowed.
    public func refusal(account: String, address: String, now: Date = Date()) -> DomainError? {
        do { try check(account: account, address: address, now: now) } catch { return error }
        return nil
    }

    public func recordFailure(account: String, address: String, now: Date = Date()) {
        failures[Self.accountKey(account), default: []].append(now)
        failures["address:" + address, default: []].append(now)
        // Guessing with ever-new emails must not grow memory without bound.
        if failures.count > 50_000 {
            failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < limits.window } }
        }
    }

    /// A success clears the account's failures (not the address's: one success must not reset a spray).
    public func recordSuccess(account: String) {
        failures[Self.accountKey(account)] = nil
    }

    /// The account as sign-in reads it: `" sam@x"`, `"SAM@x"` and `"sam@x\t"` are one account and
    /// share one count (each once had five fresh tries).
    static func accountKey(_ account: String) -> String {
        let normal =
            (try? EmailAddress(account).rawValue) ?? account.trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters)).lowercased()
        return "account:" + String(normal.prefix(320))
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < limits.window }
        failures[key] = recent.isEmpty ? nil : recent
        return recent
    }
}
