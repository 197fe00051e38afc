import Foundation

/// What the reconciliation holds a system to: how soon a leaver's access must end, and when an
/// unused account counts as dormant.
public struct AccessRules: Codable, Sendable, Hashable {
    public var deadlineHours: Int
    public var dormantDays: Int

    public init(deadlineHours: Int = 24, dormantDays: Int = 90) {
        self.deadlineHours = deadlineHours
        self.dormantDays = dormantDays
    }
}

/// One thing the reconciliation found, citing the listing it came from.
public struct AccessFinding: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// A leaver's account could still sign in when the listing was taken.
        case activeAfterTermination = "active_after_termination"
        /// A leaver's account was disabled, but after the deadline.
        case disabledLate = "disabled_late"
        /// An active account no one on the roster owns.
        case unowned
        /// An active privileged account: listed for the access review.
        case privileged
        /// An active account unused past the dormancy horizon.
        case dormant

        /// Exceptions are deviations an auditor would raise; the rest are for the access review.
        public var isException: Bool { self == .activeAfterTermination || self == .disabledLate || self == .unowned }

        func order(_ rank: [Kind: Int]) -> Int { rank[self] ?? 0 }
    }

    public let kind: Kind
    /// The owner's email; nil for an unowned account.
    public let person: String?
    public let system: String
    public let account: String
    public let terminatedOn: Day?
    public let disabledAt: Date?
    /// Whole hours past the deadline (the end of the last day plus the rule's hours); for an
    /// account still active, counted to the moment the listing was taken.
    public let hoursLate: Int?
    public let listingID: UUID
    public let detail: String
}

/// One system's account of a person, for the leaver's timeline.
public struct AccessTimelineEntry: Codable, Sendable, Hashable {
    public let system: String
    public let account: String
    public let createdAt: Date?
    public let disabledAt: Date?
    /// Hours from the end of the last day to the disable time; nil while employed or still active.
    public let hoursAfterTermination: Int?
    public let listingID: UUID
    public let listingTakenAt: Date
}

/// Joins the roster to every system's latest listing: each account matched to a person by email,
/// then by the person's aliases, else unowned; each leaver's disable time held to the deadline.
/// Pure, so the same people and listings always give the same findings.
public struct AccessReconciliation: Sendable {
    public let people: [Person]
    /// Each system's listing, by system name.
    public let listings: [AccountListing]
    let rules: AccessRules
    private let owners: [String: Int]

    public init(people: [Person], listings: [AccountListing], rules: AccessRules = AccessRules()) {
        self.people = people
        self.listings = listings.sorted { $0.system < $1.system }
        self.rules = rules
        var owners: [String: Int] = [:]
        owners.reserveCapacity(people.count * 2)
        for (index, person) in people.enumerated() {
            owners[person.email] = index
            for alias in person.aliases where owners[alias] == nil { owners[alias] = index }
        }
        self.owners = owners
    }

    /// The account's owner on the roster: by its email, then its name against emails and aliases.
    public func owner(of account: SystemAccount) -> Person? {
        if let email = account.email, let index = owners[email] { return people[index] }
        return owners[account.account.lowercased()].map { people[$0] }
    }

    static func hours(_ interval: TimeInterval) -> Int { Int((interval / 3600).rounded(.up)) }

    /// Every finding by kind (leavers with access, late removals, unowned, then the review items),
    /// then by system, person and account.
    public func findings(asOf now: Date) -> [AccessFinding] {
        let today = Day(now)
        let deadline = Double(rules.deadlineHours) * 3600
        var out: [AccessFinding] = []
        for listing in listings {
            for account in listing.accounts {
                let person = owner(of: account)
                func finding(_ kind: AccessFinding.Kind, hoursLate: Int? = nil, _ detail: String) -> AccessFinding {
                    AccessFinding(
                        kind: kind, person: person?.email, system: listing.system, account: account.account, terminatedOn: person?.endDate,
                        disabledAt: account.disabledAt, hoursLate: hoursLate, listingID: listing.id, detail: detail)
                }
                if let person, person.hasLeft(by: today), let terminated = person.terminatedAt {
                    if let disabled = account.disabledAt {
                        let after = disabled.timeIntervalSince(terminated)
                        if after > deadline {
                            out.append(
                                finding(
                                    .disabledLate, hoursLate: Self.hours(after - deadline),
                                    "Disabled \(Self.hours(after)) h after the end of \(person.name)'s last day (\(person.endDate!)); the rule is \(rules.deadlineHours) h."
                                ))
                        }
                    } else {
                        let late = listing.takenAt.timeIntervalSince(terminated) - deadline
                        out.append(
                            finding(
                                .activeAfterTermination, hoursLate: late > 0 ? Self.hours(late) : nil,
                                "\(person.name) left on \(person.endDate!); the account was still active when \(listing.system) was listed."))
                    }
                    continue
                }
                guard account.disabledAt == nil else { continue }
                if person == nil {
                    out.append(finding(.unowned, "No one on the roster owns this active account."))
                    continue
                }
                if account.privileged { out.append(finding(.privileged, "Privileged: confirm it in the access review.")) }
                if let used = account.lastUsedAt, now.timeIntervalSince(used) > Double(rules.dormantDays) * 86_400 {
                    out.append(finding(.dormant, "Unused since \(Day(used)); the rule is \(rules.dormantDays) days."))
                }
            }
        }
        let rank = Dictionary(uniqueKeysWithValues: AccessFinding.Kind.allCases.enumerated().map { ($1, $0) })
        return out.sorted {
            ($0.kind.order(rank), $0.system, $0.person ?? "", $0.account) < ($1.kind.order(rank), $1.system, $1.person ?? "", $1.account)
        }
    }

    /// The leavers whose last day is in `start...end`.
    public func leavers(from start: Day, to end: Day) -> [Person] {
        people.filter { person in person.kind.isPerson && person.endDate.map { $0 >= start && $0 <= end } ?? false }.sorted { $0.email < $1.email }
    }

    /// A person's accounts in every system, with each disable time against the end of their last day.
    public func timeline(of person: Person) -> [AccessTimelineEntry] {
        listings.flatMap { listing in
            listing.accounts.filter { owner(of: $0)?.email == person.email }.map { account in
                AccessTimelineEntry(
                    system: listing.system, account: account.account, createdAt: account.createdAt, disabledAt: account.disabledAt,
                    hoursAfterTermination: both(person.terminatedAt, account.disabledAt).map { Self.hours($1.timeIntervalSince($0)) },
                    listingID: listing.id, listingTakenAt: listing.takenAt)
            }
        }
    }
}

private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
