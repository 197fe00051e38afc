/// Values filed by key and by the log position they were read at, least recently used out first.
///
/// Every change to an organisation appends to its log in the same transaction, so a value read at
/// the log's last sequence stays exact until that sequence moves, whichever process wrote. The
/// evidence list, programme record lists and encoded API answers all use this one rule. A value is
/// never replaced by one read at an earlier position.
public actor LogPositionCache<Key: Hashable & Sendable, Value: Sendable> {
    private struct Entry {
        let position: Int64
        let value: Value
        var used: UInt64
    }

    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private let capacity: Int

    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value for `key` if it was read at exactly `position`.
    public func value(_ key: Key, at position: Int64) -> Value? {
        guard var entry = entries[key], entry.position == position else { return nil }
        clock += 1
        entry.used = clock
        entries[key] = entry
        return entry.value
    }

    /// The newest value for `key`, whatever its position (to bring forward instead of rereading).
    public func latest(_ key: Key) -> (value: Value, position: Int64)? {
        entries[key].map { ($0.value, $0.position) }
    }

    public func store(_ value: Value, _ key: Key, at position: Int64) {
        if let existing = entries[key], existing.position > position { return }
        clock += 1
        entries[key] = Entry(position: position, value: value, used: clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
        }
    }
}
