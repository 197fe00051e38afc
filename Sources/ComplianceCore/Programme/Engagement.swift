import Foundation

/// Type 1 judges the design of controls as of one date; Type 2 judges their operation over a period.
public enum ReportType: String, Codable, Sendable, CaseIterable {
    case type1, type2

    public var displayName: String { self == .type1 ? "Type 1" : "Type 2" }
}

/// The professional standard the report is issued under. AT-C 205 always; ISAE 3000 in addition
/// when users outside the United States ask for it.
public enum AttestationStandard: String, Codable, Sendable, CaseIterable {
    case atc205 = "aicpa_atc_205"
    case isae3000 = "isae_3000"
}

public enum CloudProvider: String, Codable, Sendable, CaseIterable {
    case aws, gcp, azure, other

    public var displayName: String {
        switch self {
        case .aws: "AWS"
        case .gcp: "Google Cloud"
        case .azure: "Azure"
        case .other: "Other hosting"
        }
    }
}

/// Headcount in bands: size drives population sizes, what auditors expect and the fee.
public enum HeadcountBand: String, Codable, Sendable, CaseIterable, Comparable {
    case upTo50 = "1-50"
    case upTo200 = "51-200"
    case upTo1000 = "201-1000"
    case over1000 = "1001+"

    /// The smallest headcount in the band.
    public var lowerBound: Int {
        switch self {
        case .upTo50: 1
        case .upTo200: 51
        case .upTo1000: 201
        case .over1000: 1001
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.lowerBound < rhs.lowerBound }
}

/// A vendor whose controls the system relies on, and how the report treats it.
public struct SubserviceOrganization: Codable, Sendable, Hashable {
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// The vendor's controls are excluded; the report lists the controls expected of it (CSOCs).
        case carveOut = "carve_out"
        /// The vendor's controls are described and tested as part of the system.
        case inclusive
    }

    public var name: String
    public var service: String
    public var method: Method

    public init(name: String, service: String, method: Method) {
        self.name = name
        self.service = service
        self.method = method
    }
}

/// What the engagement covers: the input to the request list, the timeline and the estimate.
public struct EngagementScope: Codable, Sendable, Hashable {
    public var reportType: ReportType
    /// Type 1: the date the design is judged as of.
    public var asOf: Day?
    /// Type 2: the observation period, both days included.
    public var periodStart: Day?
    public var periodEnd: Day?
    /// Security is always present.
    public var categories: [TrustServicesCategory]
    public var standards: [AttestationStandard]
    public var systemName: String
    public var services: String
    public var boundaries: String
    public var clouds: [CloudProvider]
    public var locations: [String]
    public var headcount: HeadcountBand
    public var subservices: [SubserviceOrganization]
    /// ISO 4217 code for the cost estimate (GBP, USD or EUR).
    public var currency: String

    public init(
        reportType: ReportType, asOf: Day? = nil, periodStart: Day? = nil, periodEnd: Day? = nil,
        categories: [TrustServicesCategory] = [.security], standards: [AttestationStandard] = [.atc205],
        systemName: String, services: String = "", boundaries: String = "", clouds: [CloudProvider] = [],
        locations: [String] = [], headcount: HeadcountBand = .upTo50, subservices: [SubserviceOrganization] = [],
        currency: String = "GBP"
    ) {
        self.reportType = reportType
        self.asOf = asOf
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.categories = categories
        self.standards = standards
        self.systemName = systemName
        self.services = services
        self.boundaries = boundaries
        self.clouds = clouds
        self.locations = locations
        self.headcount = headcount
        self.subservices = subservices
        self.currency = currency
    }

    /// The scope with its lists put in canonical order and every rule checked.
    public func validated() throws(DomainError) -> EngagementScope {
        var scope = self
        scope.systemName = systemName.trimmed
        guard !scope.systemName.isEmpty else { throw .invalid("system_name", "the system needs a name.") }
        guard scope.systemName.count <= 200 else { throw .invalid("system_name", "is longer than 200 characters.") }
        guard services.count <= 4000, boundaries.count <= 4000 else {
            throw .invalid("services", "services and boundaries are limited to 4000 characters each.")
        }
        scope.categories = Array(Set(categories + [.security])).sorted()
        scope.standards = Array(Set(standards + [.atc205])).sorted { $0.rawValue < $1.rawValue }
        scope.clouds = CloudProvider.allCases.filter(clouds.contains)
        scope.locations = locations.map(\.trimmed).filter { !$0.isEmpty }
        guard scope.locations.count <= 100 else { throw .invalid("locations", "more than 100 locations.") }
        guard Set(scope.locations.map { $0.lowercased() }).count == scope.locations.count else {
            throw .unprocessable("locations", "a location is listed twice.")
        }
        for (index, sub) in subservices.enumerated() where sub.name.trimmed.isEmpty || sub.service.trimmed.isEmpty {
            throw .invalid("subservices", "entry \(index + 1) needs both a name and the service it provides.")
        }
        guard ["GBP", "USD", "EUR"].contains(currency) else {
            throw .invalid("currency", "'\(currency.prefix(10))' is not supported; use GBP, USD or EUR.")
        }
        switch reportType {
        case .type1:
            guard asOf != nil else { throw .unprocessable("as_of", "a Type 1 report needs the date its design is judged as of.") }
            guard periodStart == nil, periodEnd == nil else {
                throw .unprocessable("period_start", "a Type 1 report has an as-of date, not a period.")
            }
        case .type2:
            guard let start = periodStart, let end = periodEnd else {
                throw .unprocessable("period_start", "a Type 2 report needs a period start and end.")
            }
            guard asOf == nil else { throw .unprocessable("as_of", "a Type 2 report has a period, not an as-of date.") }
            try Self.checkPeriod(start: start, end: end)
        }
        return scope
    }

    /// A Type 2 observation period runs 3 to 12 months, both days included
    /// (2026-01-01 to 2026-03-31 is three months; 2026-01-01 to 2026-12-31 is twelve).
    public static func checkPeriod(start: Day, end: Day) throws(DomainError) {
        guard start <= end else { throw .unprocessable("period_end", "the period ends (\(end)) before it starts (\(start)).") }
        let dayAfter = end.adding(days: 1)
        guard dayAfter >= start.adding(months: 3) else {
            throw .unprocessable(
                "period_end", "a Type 2 period must be at least 3 months; \(start) to \(end) is \(start.days(until: dayAfter)) days.")
        }
        guard dayAfter <= start.adding(months: 12) else {
            throw .unprocessable("period_end", "a Type 2 period can be at most 12 months; \(start) to \(end) is longer.")
        }
    }

    /// The day the report speaks for: the as-of date, or the period's last day.
    public var reportDate: Day { asOf ?? periodEnd ?? Day(daysSinceEpoch: 0) }

    /// "2026-01-01 to 2026-06-30" or "as of 2026-06-30".
    public var periodLabel: String {
        if let asOf { return "as of \(asOf)" }
        return "\(periodStart.map(String.init(describing:)) ?? "?") to \(periodEnd.map(String.init(describing:)) ?? "?")"
    }

    /// Months covered by a Type 2 period, rounded to the nearest whole month.
    public var periodMonths: Int {
        guard let start = periodStart, let end = periodEnd else { return 0 }
        return Int((Double(start.days(until: end.adding(days: 1))) / 30.44).rounded())
    }
}

/// A criterion the organisation declares not applicable, with the reason the auditor will read.
public struct CriterionExclusion: Codable, Sendable, Hashable {
    public let criterion: String
    public let reason: String

    public init(criterion: String, reason: String) throws(DomainError) {
        let trimmed = reason.trimmed
        guard trimmed.count >= 10 else {
            throw .invalid("reason", "marking \(criterion) not applicable needs a written reason (at least 10 characters).")
        }
        self.criterion = criterion
        self.reason = trimmed
    }
}

/// An audit of one service organisation by (once invited) one audit firm.
public struct Engagement: Codable, Sendable, Identifiable, Hashable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case scoping, readiness, fieldwork, reporting, closed
    }

    public let id: UUID
    public let organizationID: UUID
    public var name: String
    public var status: Status
    public var auditFirm: String?
    public var scope: EngagementScope
    public var exclusions: [CriterionExclusion]
    public let createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, organizationID: UUID, name: String, status: Status, auditFirm: String?, scope: EngagementScope,
        exclusions: [CriterionExclusion], createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.name = name
        self.status = status
        self.auditFirm = auditFirm
        self.scope = scope
        self.exclusions = exclusions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The criteria the categories bring in, in catalog order, including those marked not applicable.
    public func criteriaInScope(_ catalog: Catalog) -> [Criterion] {
        catalog.criteria.filter { scope.categories.contains($0.category) }
    }

    public func exclusion(for criterion: String) -> CriterionExclusion? {
        exclusions.first { $0.criterion == criterion }
    }
}

extension String {
    /// Without the surrounding whitespace; most text has none, and is returned as it is without
    /// Foundation's character-set walk (imports trim every field of every row).
    var trimmed: String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return self }
        return trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Shaped like an email address: one `@` between 1 to 64 and 1 to 255 characters, no spaces.
    /// A scan, not a regular expression: it runs on every row of a roster or account file.
    var looksLikeEmail: Bool {
        let parts = split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...64).contains(parts[0].count), (1...255).contains(parts[1].count) else { return false }
        return !unicodeScalars.contains { $0.properties.isWhitespace }
    }
}

extension Array where Element == Engagement {
    /// The engagement with `id` if it is in the list, otherwise the open one covering the latest
    /// period (an archived engagement is shown only when asked for, or when every one is archived).
    public func choose(_ id: UUID?) -> Engagement? {
        // The current one covers the latest period (last year's, finished later, does not displace it).
        let open = filter { $0.status != .closed }
        return id.flatMap { id in first { $0.id == id } }
            ?? (open.isEmpty ? self : open).max { a, b in
                let (x, y) = (a.scope.periodEnd ?? a.scope.asOf, b.scope.periodEnd ?? b.scope.asOf)
                return x == y ? a.createdAt < b.createdAt : (x.map { x in y.map { x < $0 } ?? false } ?? true)
            }
    }
}
