import ComplianceCore
import Foundation

/// Counts every call a run makes, by action, and how many were retries: the run record's list of
/// "the exact API calls", and the benchmark's measure of work.
public actor CallLedger {
    private var counts: [String: (count: Int, retries: Int)] = [:]

    public init() {}

    func record(_ action: String, retry: Bool) {
        var entry = counts[action] ?? (0, 0)
        entry.count += 1
        if retry { entry.retries += 1 }
        counts[action] = entry
    }

    public var calls: [APICallCount] {
        counts.map { APICallCount(action: $0.key, count: $0.value.count, retries: $0.value.retries) }.sorted { $0.action < $1.action }
    }

    public var total: Int { counts.values.reduce(0) { $0 + $1.count } }
}
