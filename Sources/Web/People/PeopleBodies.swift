import ComplianceCore
import Foundation
import Hummingbird

// The roster and the reconciliation as the API answers them.

struct PersonBody: Encodable, Sendable {
    let email: String
    let name: String
    let startDate: String?
    let endDate: String?
    let manager: String?
    let department: String
    let title: String
    let type: String
    /// Shared inboxes and service accounts are owned, never counted as people.
    let isPerson: Bool

    init(_ person: Person) {
        email = person.email
        name = person.name
        startDate = person.startDate?.description
        endDate = person.endDate?.description
        manager = person.manager
        department = person.department
        title = person.title
        type = person.kind.rawValue
        isPerson = person.kind.isPerson
    }
}

struct AccessFindingBody: Encodable, Sendable {
    let kind: String
    let exception: Bool
    let person: String?
    let system: String
    let account: String
    let terminatedOn: String?
    let disabledAt: Date?
    let hoursLate: Int?
    let listingId: UUID
    let detail: String

    init(_ finding: AccessFinding) {
        kind = finding.kind.rawValue
        exception = finding.kind.isException
        person = finding.person
        system = finding.system
        account = finding.account
        terminatedOn = finding.terminatedOn?.description
        disabledAt = finding.disabledAt
        hoursLate = finding.hoursLate
        listingId = finding.listingID
        detail = finding.detail
    }

    // Absent values are written as null: a reader of `disabled_at` must see "still active", not a missing field.
    enum CodingKeys: String, CodingKey {
        case kind, exception, person, system, account, terminatedOn, disabledAt, hoursLate, listingId, detail
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(exception, forKey: .exception)
        try container.encode(person, forKey: .person)
        try container.encode(system, forKey: .system)
        try container.encode(account, forKey: .account)
        try container.encode(terminatedOn, forKey: .terminatedOn)
        try container.encode(disabledAt, forKey: .disabledAt)
        try container.encode(hoursLate, forKey: .hoursLate)
        try container.encode(listingId, forKey: .listingId)
        try container.encode(detail, forKey: .detail)
    }
}

struct TimelineBody: Encodable, Sendable {
    let system: String
    let account: String
    let createdAt: Date?
    let disabledAt: Date?
    let hoursAfterTermination: Int?
    let listingId: UUID
    let listingTakenAt: Date

    init(_ entry: AccessTimelineEntry) {
        system = entry.system
        account = entry.account
        createdAt = entry.createdAt
        disabledAt = entry.disabledAt
        hoursAfterTermination = entry.hoursAfterTermination
        listingId = entry.listingID
        listingTakenAt = entry.listingTakenAt
    }
}

struct AccountListingBody: Encodable, Sendable {
    let id: UUID
    let system: String
    let takenAt: Date
    let source: String
    let query: String
    let sha256: String
    let accounts: Int
    let active: Int

    init(_ listing: AccountListing) {
        id = listing.id
        system = listing.system
        takenAt = listing.takenAt
        source = listing.source
        query = listing.query
        sha256 = listing.digest
        accounts = listing.accounts.count
        active = listing.accounts.filter { $0.disabledAt == nil }.count
    }
}

struct PeopleList: ResponseEncodable {
    let people: [PersonBody]
}

struct PersonAccess: ResponseEncodable {
    let person: PersonBody
    let accounts: [TimelineBody]
}

struct FindingList: ResponseEncodable {
    let findings: [AccessFindingBody]
}

struct ListingList: ResponseEncodable {
    let listings: [AccountListingBody]
}

struct AccessReviewBody: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        let account: String
        let email: String?
        let owner: String?
        let privileged: Bool
        let decision: String?
        let reason: String?
        let decidedBy: String?
        let decidedAt: Date?
        let proof: Proof?
    }

    struct Proof: Encodable, Sendable {
        let listingId: UUID?
        let listingTakenAt: Date?
        let note: String?
    }

    struct Changes: Encodable, Sendable {
        let added: [String]
        let removed: [String]
        let changed: [String]
    }

    let id: UUID
    let system: String
    let periodStart: String
    let periodEnd: String
    let status: String
    let listingId: UUID
    let listingTakenAt: Date
    let query: String
    let sourceCount: Int
    let decided: Int
    let revoked: Int
    let items: [Item]
    let changes: Changes?
    let createdBy: String
    let createdAt: Date
    let closedBy: String?
    let closedAt: Date?
    let evidenceId: UUID?

    init(_ review: AccessReview) {
        id = review.id
        system = review.system
        periodStart = review.periodStart.description
        periodEnd = review.periodEnd.description
        status = review.status.rawValue
        listingId = review.listingID
        listingTakenAt = review.listingTakenAt
        query = review.query
        sourceCount = review.sourceCount
        decided = review.items.filter { $0.decision != nil }.count
        revoked = review.items.filter { $0.decision == .revoke }.count
        items = review.items.map { item in
            Item(
                account: item.account, email: item.email, owner: item.owner, privileged: item.privileged, decision: item.decision?.rawValue,
                reason: item.reason, decidedBy: item.decidedBy, decidedAt: item.decidedAt,
                proof: item.proof.map { Proof(listingId: $0.listingID, listingTakenAt: $0.listingTakenAt, note: $0.note) })
        }
        changes = review.changes.map { Changes(added: $0.added, removed: $0.removed, changed: $0.changed) }
        createdBy = review.createdBy
        createdAt = review.createdAt
        closedBy = review.closedBy
        closedAt = review.closedAt
        evidenceId = review.evidenceID
    }
}

struct AccessReviewList: ResponseEncodable {
    let reviews: [AccessReviewBody]
}

struct AccessReviewResult: ResponseEncodable {
    let review: AccessReviewBody
}
