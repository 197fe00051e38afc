import Foundation

/// Programme records of one kind in one organisation, each list kept with the log position it was
/// read at (the same rule as `EvidenceListCache`).
///
/// Every write to `programme_records` appends its event in the same transaction, so a list is
/// current exactly while the organisation's last log sequence is unchanged, whichever process
/// wrote. Readers take the position first and the rows second, so a stored list is never older
/// than the position it is filed under. Bounded by entry count; the least recently used goes.
actor RecordCache {
    struct Key: Hashable, Sendable {
        let organization: UUID
        let kind: String
        let parent: UUID?
    }

    private struct Entry {
        let sequence: Int64
        let values: any Sendable
        var used: UInt64
    }

    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private let capacity: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    func values<V: Sendable>(_ key: Key, at sequence: Int64, as type: V.Type) -> [V]? {
        guard var entry = entries[key], entry.sequence == sequence, let values = entry.values as? [V] else { return nil }
        clock += 1
        entry.used = clock
        entries[key] = entry
        return values
    }

    func store<V: Sendable>(_ values: [V], _ key: Key, at sequence: Int64) {
        if let existing = entries[key], existing.sequence > sequence { return }
        clock += 1
        entries[key] = Entry(sequence: sequence, values: values, used: clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
        }
    }
}
