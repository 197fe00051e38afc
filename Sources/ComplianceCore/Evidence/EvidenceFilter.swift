import Foundation

/// Filters for the evidence list.
public struct EvidenceFilter: Sendable {
    public var control: String?
    public var criterion: String?
    public var status: EvidenceStatus?
    /// true: only expired; false: only fresh; nil: both.
    public var expired: Bool?

    public init(control: String? = nil, criterion: String? = nil, status: EvidenceStatus? = nil, expired: Bool? = nil) {
        // An empty field is "any" (a form whose selects are all on "Any" sends `control=`), never
        // a filter for items with an empty control.
        self.control = control.flatMap { $0.trimmed.isEmpty ? nil : $0 }
        self.criterion = criterion.flatMap { $0.trimmed.isEmpty ? nil : $0 }
        self.status = status
        self.expired = expired
    }

    public var isEmpty: Bool { control == nil && criterion == nil && status == nil && expired == nil }

    public func matches(_ item: EvidenceItem, now: Date) -> Bool {
        if let control, !item.controls.contains(control) { return false }
        if let criterion, !item.criteria.contains(criterion) { return false }
        if let status, item.status != status { return false }
        if let expired, item.isExpired(at: now) != expired { return false }
        return true
    }
}
