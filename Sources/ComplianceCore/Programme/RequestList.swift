import Foundation

/// What the auditor asks for, and so how it is tested.
public enum RequestKind: String, Codable, Sendable, CaseIterable {
    /// A document provided once.
    case document
    /// A complete list for the period, from which the auditor samples (Type 2 only).
    case population
    /// Evidence for each sampled item.
    case perSample = "per_sample"
    /// A system setting or export that shows how something is configured.
    case configuration
}

public enum RequestStatus: String, Codable, Sendable, CaseIterable {
    case open, provided, accepted, returned
}

extension RequestStatus {
    /// Whether an edit of the request (its row, the API's PATCH, an imported list) may move it from
    /// `old` to this status. Only the conversation moves a request forward: the client provides
    /// with evidence, the auditor accepts or returns; an edit may only reopen it. So no request
    /// is "provided" without evidence or "accepted" by its own organisation.
    public func checkEdit(from old: RequestStatus, at field: String = "status") throws(DomainError) {
        guard self != old else { return }
        switch self {
        case .open: return
        case .provided:
            throw .conflict(
                "status_by_action",
                "\(field): a request becomes provided when evidence is linked to it (Provide on its row, or POST …/requests/{number}/provide), not by an edit."
            )
        case .accepted, .returned:
            throw .conflict(
                "status_by_action",
                "\(field): only the engagement's auditor \(self == .accepted ? "accepts" : "returns") a request, from its row (or POST …/requests/{number}/\(self == .accepted ? "accept" : "return"))."
            )
        }
    }
}

/// One message in a request's thread.
public struct RequestComment: Codable, Sendable, Hashable {
    public let by: String
    /// `client` or `auditor`: which side of the wall wrote it.
    public let side: String
    public let text: String
    public let at: Date

    public init(by: String, side: String, text: String, at: Date) {
        self.by = by
        self.side = side
        self.text = text
        self.at = at
    }
}

/// When a template applies. Every stated condition must hold; an empty condition always holds.
public struct RequestCondition: Codable, Sendable, Hashable {
    /// Any of these categories in scope.
    public var categories: [TrustServicesCategory]
    /// Any of these providers in scope.
    public var clouds: [CloudProvider]
    public var reportType: ReportType?
    /// Only for organisations at least this large (the band's lower bound).
    public var minHeadcount: Int?

    public init(categories: [TrustServicesCategory] = [], clouds: [CloudProvider] = [], reportType: ReportType? = nil, minHeadcount: Int? = nil) {
        self.categories = categories
        self.clouds = clouds
        self.reportType = reportType
        self.minHeadcount = minHeadcount
    }

    public func holds(for scope: EngagementScope) -> Bool {
        if !categories.isEmpty, !categories.contains(where: scope.categories.contains) { return false }
        if !clouds.isEmpty, !clouds.contains(where: scope.clouds.contains) { return false }
        if let reportType, reportType != scope.reportType { return false }
        if let minHeadcount, scope.headcount.lowerBound < minHeadcount { return false }
        return true
    }
}

/// One line of the shipped request list, before it meets a scope.
public struct RequestTemplate: Codable, Sendable, Hashable {
    public enum Repeat: String, Codable, Sendable, CaseIterable { case location }

    public let key: String
    public let area: String
    public let title: String
    public let provide: String
    public let kind: RequestKind
    public let criteria: [String]
    public let condition: RequestCondition
    public let per: Repeat?

    public init(
        key: String, area: String, title: String, provide: String, kind: RequestKind, criteria: [String], condition: RequestCondition, per: Repeat?
    ) {
        self.key = key
        self.area = area
        self.title = title
        self.provide = provide
        self.kind = kind
        self.criteria = criteria
        self.condition = condition
        self.per = per
    }
}

/// One request on an engagement's list. `key` ties a generated item to its template (and location),
/// so regenerating after a scope change keeps what people have edited.
public struct RequestItem: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let engagementID: UUID
    /// `IRL-001`-style number shown to people; stable once given.
    public var number: String
    public var key: String
    public var area: String
    public var title: String
    public var provide: String
    public var kind: RequestKind
    public var criteria: [String]
    public var dueDate: Day?
    public var owner: String?
    public var status: RequestStatus
    /// Why the auditor returned what was provided (required when returning).
    public var returnReason: String?
    /// The conversation between the client and the auditor about this request.
    public var comments: [RequestComment]?
    /// Evidence the client linked as the answer.
    public var evidenceIDs: [UUID]?

    enum CodingKeys: String, CodingKey {
        case id, engagementID, number, key, area, title, provide, kind, criteria, dueDate, owner, status, returnReason, comments
        case evidenceIDs = "evidence_ids"
    }

    /// Open or returned, and past its due date.
    public func isOverdue(on today: Day) -> Bool {
        (status == .open || status == .returned) && (dueDate.map { $0 < today } ?? false)
    }

    public init(
        id: UUID, engagementID: UUID, number: String, key: String, area: String, title: String, provide: String,
        kind: RequestKind, criteria: [String], dueDate: Day?, owner: String?, status: RequestStatus
    ) {
        self.id = id
        self.engagementID = engagementID
        self.number = number
        self.key = key
        self.area = area
        self.title = title
        self.provide = provide
        self.kind = kind
        self.criteria = criteria
        self.dueDate = dueDate
        self.owner = owner
        self.status = status
    }

    public var isCustom: Bool { key.hasPrefix("custom:") }
}

/// Turns templates and a scope into the request lines that scope needs.
public enum RequestListGenerator {
    /// A generated line: the template's content with its key made unique per location.
    public struct Line: Sendable, Hashable {
        public let key: String
        public let area: String
        public let title: String
        public let provide: String
        public let kind: RequestKind
        public let criteria: [String]
        public let due: Day?
    }

    public static func lines(_ templates: [RequestTemplate], for scope: EngagementScope, timeline: Timeline? = nil) -> [Line] {
        let plan = timeline ?? Timeline.plan(for: scope, startingOn: nil)
        var out: [Line] = []
        for template in templates where template.condition.holds(for: scope) {
            if template.kind == .population, scope.reportType != .type2 { continue }
            // A Type 1 judges design as of one date: there is no period to sample, so a per-sample
            // ask becomes one document showing the control as designed on that date.
            var kind = template.kind
            var provide = template.provide
            if kind == .perSample, scope.reportType == .type1 {
                kind = .document
                provide =
                    "One example in force on \(scope.asOf.map(String.init(describing:)) ?? "the report date") (a Type 1 tests design, not a period): \(template.provide)"
            }
            let due = dueDate(for: kind, plan: plan)
            switch template.per {
            case nil:
                out.append(
                    Line(
                        key: template.key, area: template.area, title: template.title, provide: provide,
                        kind: kind, criteria: template.criteria, due: due))
            case .location:
                for location in scope.locations {
                    out.append(
                        Line(
                            key: "\(template.key)@\(location.lowercased())", area: template.area,
                            title: "\(template.title): \(location)", provide: provide,
                            kind: kind, criteria: template.criteria, due: due))
                }
            }
        }
        return out
    }

    /// Documents and settings are wanted before fieldwork; populations once the period has closed;
    /// per-sample evidence during fieldwork, after the auditor has drawn samples.
    static func dueDate(for kind: RequestKind, plan: Timeline) -> Day? {
        guard let fieldwork = plan.phase(.fieldwork) else { return nil }
        switch kind {
        case .document, .configuration: return fieldwork.start.adding(days: -14)
        case .population: return fieldwork.start.adding(days: -3)
        case .perSample: return fieldwork.start.adding(days: 7)
        }
    }
}

/// One row of an imported request list, already checked for types; blank cells leave a field as it is,
/// except owner and due date, which a blank clears.
public struct RequestRow: Sendable, Hashable {
    public let line: Int
    public let number: String
    public let area: String
    public let title: String
    public let provide: String
    public let kind: RequestKind
    public let criteria: [String]
    public let due: Day?
    public let owner: String?
    public let status: RequestStatus

    public init(
        line: Int, number: String, area: String, title: String, provide: String, kind: RequestKind, criteria: [String],
        due: Day?, owner: String?, status: RequestStatus
    ) {
        self.line = line
        self.number = number
        self.area = area
        self.title = title
        self.provide = provide
        self.kind = kind
        self.criteria = criteria
        self.due = due
        self.owner = owner
        self.status = status
    }

    /// Copies the row onto a request; blank area, title and criteria leave the request's own.
    public func apply(to item: inout RequestItem) {
        if !area.isEmpty { item.area = area }
        if !title.isEmpty { item.title = title }
        item.provide = provide
        item.kind = kind
        if !criteria.isEmpty { item.criteria = criteria }
        item.dueDate = due
        item.owner = owner
        item.status = status
    }
}

public struct RequestImportResult: Codable, Sendable, Hashable {
    public let updated: Int
    public let added: Int
    public let unchanged: Int

    public init(updated: Int, added: Int, unchanged: Int) {
        self.updated = updated
        self.added = added
        self.unchanged = unchanged
    }
}
