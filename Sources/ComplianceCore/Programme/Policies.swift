import Foundation

/// A policy template as shipped: Markdown with `{{variable}}` placeholders.
public struct PolicyTemplate: Codable, Sendable, Hashable, Identifiable {
    public let id: String
    public let title: String
    public let criteria: [String]
    /// Offered only when one of these categories is in scope (empty: always).
    public let categories: [TrustServicesCategory]
    public let body: String

    public init(id: String, title: String, criteria: [String], categories: [TrustServicesCategory], body: String) {
        self.id = id
        self.title = title
        self.criteria = criteria
        self.categories = categories
        self.body = body
    }

    public func isOffered(for categories: [TrustServicesCategory]) -> Bool {
        self.categories.isEmpty || self.categories.contains(where: categories.contains)
    }
}

/// The values a template's placeholders take. A template may use only these names.
public struct PolicyVariables: Codable, Sendable, Hashable {
    public static let names: [String] = ["company", "owner", "approver", "review_cadence", "security_contact", "effective_date"]

    public var company: String
    public var owner: String
    public var approver: String
    public var reviewCadence: String
    public var securityContact: String
    public var effectiveDate: String

    public init(
        company: String, owner: String, approver: String = "management", reviewCadence: String = "every year",
        securityContact: String, effectiveDate: String = "the date of approval"
    ) {
        self.company = company
        self.owner = owner
        self.approver = approver
        self.reviewCadence = reviewCadence
        self.securityContact = securityContact
        self.effectiveDate = effectiveDate
    }

    func value(_ name: String) -> String? {
        switch name {
        case "company": company
        case "owner": owner
        case "approver": approver
        case "review_cadence": reviewCadence
        case "security_contact": securityContact
        case "effective_date": effectiveDate
        default: nil
        }
    }
}

/// Finds and fills `{{name}}` placeholders.
public enum PolicyTemplateText {
    /// A placeholder and where it sits (1-based line and column).
    public struct Placeholder: Sendable, Hashable {
        public let name: String
        public let line: Int
        public let column: Int
    }

    public static func placeholders(in text: String) -> [Placeholder] {
        var out: [Placeholder] = []
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for match in line.matches(of: /\{\{\s*([^}]*?)\s*\}\}/) {
                let column = line.distance(from: line.startIndex, to: match.range.lowerBound) + 1
                out.append(Placeholder(name: String(match.output.1), line: lineIndex + 1, column: column))
            }
        }
        return out
    }

    /// The first placeholder that is not a known variable, if any.
    public static func unknownPlaceholder(in text: String) -> Placeholder? {
        placeholders(in: text).first { !PolicyVariables.names.contains($0.name) }
    }

    public static func render(_ text: String, with variables: PolicyVariables) throws(DomainError) -> String {
        if let unknown = unknownPlaceholder(in: text) {
            throw .invalid(
                "body",
                "line \(unknown.line), column \(unknown.column): unknown variable '{{\(unknown.name.prefix(40))}}' (known: \(PolicyVariables.names.joined(separator: ", ")))."
            )
        }
        return text.replacing(/\{\{\s*([a-z_]+)\s*\}\}/) { match in variables.value(String(match.output.1)) ?? "" }
    }
}

/// Where a policy version stands. Versions move forward only; a published version is never edited.
public enum PolicyStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case inReview = "in_review"
    case approved, published
    /// A published version replaced by a newer one.
    case superseded

    public var displayName: String {
        switch self {
        case .draft: "Draft"
        case .inReview: "In review"
        case .approved: "Approved"
        case .published: "Published"
        case .superseded: "Superseded"
        }
    }

    /// The next status a version may move to, or nil.
    public var next: PolicyStatus? {
        switch self {
        case .draft: .inReview
        case .inReview: .approved
        case .approved: .published
        case .published, .superseded: nil
        }
    }
}

/// One version of a policy's text.
public struct PolicyVersion: Codable, Sendable, Hashable {
    public let number: Int
    public var body: String
    public var status: PolicyStatus
    public var changeNote: String
    public var author: String
    public var approver: String?
    public var approvedAt: Date?
    public var publishedAt: Date?
    public let createdAt: Date
    /// Set when the version's author approved it under the organisation's small-team rule: its reason.
    public var selfApproval: String?

    public init(
        number: Int, body: String, status: PolicyStatus, changeNote: String, author: String, approver: String?,
        approvedAt: Date?, publishedAt: Date?, createdAt: Date
    ) {
        self.number = number
        self.body = body
        self.status = status
        self.changeNote = changeNote
        self.author = author
        self.approver = approver
        self.approvedAt = approvedAt
        self.publishedAt = publishedAt
        self.createdAt = createdAt
    }
}

/// A policy in an organisation's programme, with all its versions.
public struct Policy: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let organizationID: UUID
    /// `access-control`; the template id when adopted from one.
    public var key: String
    public var title: String
    public var criteria: [String]
    public var owner: String
    /// Months between reviews (12 for an annual review).
    public var reviewMonths: Int
    public var versions: [PolicyVersion]

    public init(
        id: UUID, organizationID: UUID, key: String, title: String, criteria: [String], owner: String, reviewMonths: Int, versions: [PolicyVersion]
    ) {
        self.id = id
        self.organizationID = organizationID
        self.key = key
        self.title = title
        self.criteria = criteria
        self.owner = owner
        self.reviewMonths = reviewMonths
        self.versions = versions
    }

    /// The version staff must read and acknowledge.
    public var published: PolicyVersion? { versions.last { $0.status == .published } }
    /// The newest version, whatever its status.
    public var latest: PolicyVersion { versions.last! }

    /// When the published version must next be reviewed.
    public var reviewDue: Day? {
        published?.publishedAt.map { Day($0).adding(months: reviewMonths) }
    }

    /// Approved and published policies count towards readiness.
    public var isApproved: Bool { versions.contains { $0.status == .published || $0.status == .approved } }

    public func version(_ number: Int) -> PolicyVersion? { versions.first { $0.number == number } }

    /// Edits the text. A draft or in-review version is changed in place (and goes back to draft);
    /// an approved or published one is kept and a new draft version is started.
    public mutating func edit(body: String, changeNote: String, by author: String, at now: Date) throws(DomainError) {
        let text = body.replacingOccurrences(of: "\r\n", with: "\n")
        guard !text.trimmed.isEmpty else { throw .invalid("body", "a policy needs some text.") }
        guard text.utf8.count <= 200_000 else { throw .invalid("body", "is longer than 200 KB.") }
        if let unknown = PolicyTemplateText.unknownPlaceholder(in: text) {
            throw .invalid("body", "line \(unknown.line), column \(unknown.column): unknown variable '{{\(unknown.name.prefix(40))}}'.")
        }
        let note = changeNote.trimmed
        guard !note.isEmpty else { throw .invalid("change_note", "say what changed and why.") }
        var last = versions[versions.count - 1]
        switch last.status {
        case .draft, .inReview:
            last.body = text
            last.changeNote = note
            last.status = .draft
            last.author = author
            versions[versions.count - 1] = last
        case .approved, .published, .superseded:
            versions.append(
                PolicyVersion(
                    number: last.number + 1, body: text, status: .draft, changeNote: note, author: author,
                    approver: nil, approvedAt: nil, publishedAt: nil, createdAt: now))
        }
    }

    /// Moves the newest version one step on (draft → in_review → approved → published).
    /// Separation of duties: the approver is not the version's author, unless `selfApproval` (the
    /// organisation's recorded small-team rule) allows it, and then the version carries its reason.
    public mutating func advance(to status: PolicyStatus, by actor: String, at now: Date, selfApproval: PolicySettings.SelfApproval? = nil)
        throws(DomainError)
    {
        var last = versions[versions.count - 1]
        guard last.status.next == status else {
            throw .conflict(
                "invalid_transition",
                "Version \(last.number) is \(last.status.rawValue); it cannot move to \(status.rawValue) (next: \(last.status.next?.rawValue ?? "none"))."
            )
        }
        switch status {
        case .approved:
            if last.author == actor {
                guard let selfApproval else {
                    throw .conflict(
                        "separation_of_duties",
                        "Version \(last.number) was written by \(actor); someone else approves it. A small team can allow authors to approve their own policies, with its reason, on the policies page."
                    )
                }
                last.selfApproval = selfApproval.reason
            }
            last.approver = actor
            last.approvedAt = now
        case .published:
            for index in versions.indices where versions[index].status == .published {
                versions[index].status = .superseded
            }
            last.publishedAt = now
        default: break
        }
        last.status = status
        versions[versions.count - 1] = last
    }
}

/// How an organisation approves its policies. By default the approver is never the author; a team
/// too small for that records why it allows it, and who decided, in the log.
public struct PolicySettings: Codable, Sendable, Hashable {
    public struct SelfApproval: Codable, Sendable, Hashable {
        public let reason: String
        public let allowedBy: String
        public let allowedAt: Date

        public init(reason: String, allowedBy: String, allowedAt: Date) throws(DomainError) {
            let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (20...500).contains(trimmed.count) else {
                throw .invalid("reason", "say why one person may write and approve a policy (20 to 500 characters).")
            }
            self.reason = trimmed
            self.allowedBy = allowedBy
            self.allowedAt = allowedAt
        }
    }

    public var selfApproval: SelfApproval?

    public init(selfApproval: SelfApproval? = nil) {
        self.selfApproval = selfApproval
    }
}

/// An employee's confirmation that they read one version of a policy.
public struct PolicyAcknowledgement: Codable, Sendable, Hashable {
    public let policyID: UUID
    public let version: Int
    public let userID: UUID
    public let email: String
    public let acknowledgedAt: Date

    public init(policyID: UUID, version: Int, userID: UUID, email: String, acknowledgedAt: Date) {
        self.policyID = policyID
        self.version = version
        self.userID = userID
        self.email = email
        self.acknowledgedAt = acknowledgedAt
    }
}
