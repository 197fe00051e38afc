import Foundation

/// An ISO/IEC 27001:2022 Annex A control (ids exact; titles Attest's own).
public struct AnnexAControl: Codable, Sendable, Hashable, Identifiable {
    public enum Theme: String, Codable, Sendable, CaseIterable {
        case organizational, people, physical, technological
    }

    public let id: String
    public let theme: Theme
    public let title: String

    public init(id: String, theme: Theme, title: String) {
        self.id = id
        self.theme = theme
        self.title = title
    }
}

/// How a criterion relates to an Annex A control, read as "the criterion is … the control"
/// (the set-theory relationships NIST's OLIR uses).
public enum CrosswalkRelationship: String, Codable, Sendable, CaseIterable {
    case equal, subset, superset, intersect
}

public struct CrosswalkRow: Codable, Sendable, Hashable {
    public let criterion: String
    public let annexA: String
    public let relationship: CrosswalkRelationship

    public init(criterion: String, annexA: String, relationship: CrosswalkRelationship) {
        self.criterion = criterion
        self.annexA = annexA
        self.relationship = relationship
    }
}

/// The Annex A controls and a mapping from the criteria to them.
public struct Crosswalk: Sendable {
    public let source: String
    public let annexA: [AnnexAControl]
    public let rows: [CrosswalkRow]

    public init(source: String, annexA: [AnnexAControl], rows: [CrosswalkRow]) {
        self.source = source
        self.annexA = annexA
        self.rows = rows
    }

    /// One Annex A control and what of the programme reaches it.
    public struct Coverage: Codable, Sendable, Hashable {
        public let control: AnnexAControl
        public let criteria: [String]
        /// Programme controls (keys) that address a mapped criterion and are at least implemented.
        public let coveredBy: [String]
        public var covered: Bool { !coveredBy.isEmpty }
    }

    /// Which Annex A controls the programme's active, implemented controls reach through the criteria.
    public func coverage(of controls: [ProgrammeControl]) -> [Coverage] {
        let working = controls.filter { !$0.retired && $0.status >= .implemented }
        return annexA.map { annex in
            let criteria = rows.filter { $0.annexA == annex.id }.map(\.criterion)
            let by = working.filter { $0.criteria.contains(where: criteria.contains) }.map(\.key)
            return Coverage(control: annex, criteria: criteria, coveredBy: by)
        }
    }
}
