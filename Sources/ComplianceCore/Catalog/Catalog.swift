/// A criteria catalog: one edition of the Trust Services Criteria and the DC 200 description criteria.
///
/// Catalogs carry an id and version so that a later edition can sit beside this one.
public struct Catalog: Sendable {
    public let id: String
    public let version: String
    public let name: String
    public let groups: [CriterionGroup]
    public let criteria: [Criterion]
    public let descriptionCriteria: [DescriptionCriterion]
    private let index: [String: Int]

    public init(
        id: String, version: String, name: String, groups: [CriterionGroup],
        criteria: [Criterion], descriptionCriteria: [DescriptionCriterion]
    ) {
        self.id = id
        self.version = version
        self.name = name
        self.groups = groups
        self.criteria = criteria
        self.descriptionCriteria = descriptionCriteria
        self.index = Dictionary(criteria.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The criterion with this exact id, if the catalog has it.
    public func criterion(_ id: String) -> Criterion? {
        index[id].map { criteria[$0] }
    }

    /// The criteria of one category, in catalog order.
    public func criteria(in category: TrustServicesCategory) -> [Criterion] {
        criteria.filter { $0.category == category }
    }

    /// Criteria whose id, title, summary or points of focus contain every word of `query`, case-insensitively.
    public func search(_ query: String, category: TrustServicesCategory? = nil) -> [Criterion] {
        let words = query.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        return criteria.filter { criterion in
            if let category, criterion.category != category { return false }
            let text = ([criterion.id, criterion.title, criterion.summary] + criterion.pointsOfFocus)
                .joined(separator: " ").lowercased()
            return words.allSatisfy { text.contains($0) }
        }
    }

    /// The group heading with this id.
    public func group(_ id: String) -> CriterionGroup? {
        groups.first { $0.id == id }
    }
}
