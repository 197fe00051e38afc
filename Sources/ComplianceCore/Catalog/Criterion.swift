/// One of the five Trust Services Categories. Security (the common criteria) is always in scope.
public enum TrustServicesCategory: String, Codable, Sendable, CaseIterable, Comparable {
    case security
    case availability
    case processingIntegrity = "processing_integrity"
    case confidentiality
    case privacy

    /// The name a person reads.
    public var displayName: String {
        switch self {
        case .security: "Security"
        case .availability: "Availability"
        case .processingIntegrity: "Processing integrity"
        case .confidentiality: "Confidentiality"
        case .privacy: "Privacy"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A heading that groups criteria (CC1…CC9, A1, PI1, C1, P1…P8).
public struct CriterionGroup: Codable, Sendable, Hashable {
    public let id: String
    public let category: TrustServicesCategory
    public let title: String

    public init(id: String, category: TrustServicesCategory, title: String) {
        self.id = id
        self.category = category
        self.title = title
    }
}

/// A Trust Services Criterion, such as `CC6.1`. Ids are exact; the prose is a paraphrase.
public struct Criterion: Codable, Sendable, Hashable, Identifiable {
    public let id: String
    public let category: TrustServicesCategory
    public let group: String
    /// The COSO 2013 principle (1–17) that CC1–CC5 follow one to one; nil elsewhere.
    public let cosoPrinciple: Int?
    public let title: String
    public let summary: String
    public let pointsOfFocus: [String]

    public init(
        id: String, category: TrustServicesCategory, group: String, cosoPrinciple: Int?,
        title: String, summary: String, pointsOfFocus: [String]
    ) {
        self.id = id
        self.category = category
        self.group = group
        self.cosoPrinciple = cosoPrinciple
        self.title = title
        self.summary = summary
        self.pointsOfFocus = pointsOfFocus
    }

    enum CodingKeys: String, CodingKey {
        case id, category, group, title, summary
        case cosoPrinciple = "coso_principle"
        case pointsOfFocus = "points_of_focus"
    }
}

/// A DC 200 description criterion (DC1…DC9) for Section III of the report.
public struct DescriptionCriterion: Codable, Sendable, Hashable, Identifiable {
    public let id: String
    public let title: String
    public let summary: String

    public init(id: String, title: String, summary: String) {
        self.id = id
        self.title = title
        self.summary = summary
    }
}
