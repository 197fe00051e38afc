import Foundation

/// An access review campaign: one system's accounts as a listing showed them, each decided keep,
/// revoke or modify by a reviewer who is not its owner, and closed only when a later listing of
/// the system shows every revoked account gone or disabled, or the reviewer says why not.
public struct AccessReview: Codable, Sendable, Hashable, Identifiable {
    public enum Decision: String, Codable, Sendable, CaseIterable { case keep, revoke, modify }
    public enum Status: String, Codable, Sendable { case open, closed }

    /// How a revocation was shown done, or why it was not.
    public struct Proof: Codable, Sendable, Hashable {
        /// The later listing in which the account was gone or disabled.
        public let listingID: UUID?
        public let listingTakenAt: Date?
        /// Why a revocation stands unproven (a reviewer's sentence); nil when a listing proves it.
        public let note: String?
    }

    public struct Item: Codable, Sendable, Hashable {
        public let account: String
        public let email: String?
        /// The roster's owner of the account; nil when unowned.
        public let owner: String?
        public let privileged: Bool
        public var decision: Decision?
        public var reason: String?
        public var decidedBy: String?
        public var decidedAt: Date?
        public var proof: Proof?
    }

    /// What changed since the system's previous campaign.
    public struct Changes: Codable, Sendable, Hashable {
        public let added: [String]
        public let removed: [String]
        /// Accounts whose privilege changed.
        public let changed: [String]
    }

    public let id: UUID
    public let system: String
    public let periodStart: Day
    public let periodEnd: Day
    /// The listing snapshotted, with how it was taken and its own count: the completeness evidence.
    public let listingID: UUID
    public let listingTakenAt: Date
    public let query: String
    public let sourceCount: Int
    public var items: [Item]
    public let changes: Changes?
    public let createdBy: String
    public let createdAt: Date
    public var status: Status
    public var closedBy: String?
    public var closedAt: Date?
    /// The signed-off campaign as evidence (CSV), once closed.
    public var evidenceID: UUID?

    /// Snapshots the listing's active accounts; disabled ones are not for review.
    public init(
        id: UUID = UUID(), listing: AccountListing, periodStart: Day, periodEnd: Day, owners: (SystemAccount) -> String?, previous: AccessReview?,
        by: String, at: Date
    ) throws(DomainError) {
        guard periodStart <= periodEnd else {
            throw .unprocessable("period_end", "the period ends (\(periodEnd)) before it starts (\(periodStart)).")
        }
        guard periodStart.days(until: periodEnd) <= 400 else { throw .unprocessable("period_end", "a campaign covers at most 400 days.") }
        let active = listing.accounts.filter { $0.disabledAt == nil }
        guard !active.isEmpty else { throw .unprocessable("system", "\(listing.system)'s newest listing has no active account to review.") }
        self.id = id
        system = listing.system
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        listingID = listing.id
        listingTakenAt = listing.takenAt
        query = listing.query
        sourceCount = listing.accounts.count
        items = active.sorted { $0.account < $1.account }.map {
            Item(account: $0.account, email: $0.email, owner: owners($0), privileged: $0.privileged)
        }
        if let previous {
            let before = Dictionary(previous.items.map { ($0.account, $0.privileged) }, uniquingKeysWith: { a, _ in a })
            let now = Dictionary(items.map { ($0.account, $0.privileged) }, uniquingKeysWith: { a, _ in a })
            changes = Changes(
                added: now.keys.filter { before[$0] == nil }.sorted(), removed: before.keys.filter { now[$0] == nil }.sorted(),
                changed: now.keys.filter { before[$0] != nil && before[$0] != now[$0] }.sorted())
        } else {
            changes = nil
        }
        createdBy = by
        createdAt = at
        status = .open
    }

    /// Records a reviewer's decision. A reviewer never decides on their own access; revoking or
    /// modifying needs a reason.
    public mutating func decide(account: String, _ decision: Decision, reason: String?, reviewer: String, at now: Date) throws(DomainError) {
        guard status == .open else { throw .conflict("review_closed", "The campaign is closed; its decisions stand as signed off.") }
        guard let index = items.firstIndex(where: { $0.account == account }) else {
            throw .unprocessable("account", "'\(account.prefix(80))' is not one of the \(items.count) accounts under review.")
        }
        let reviewer = reviewer.lowercased()
        let item = items[index]
        guard item.owner != reviewer, item.email != reviewer, item.account.lowercased() != reviewer else {
            throw DomainError(
                .forbidden, code: "own_access", "A reviewer never decides on their own access; another reviewer decides \(account.prefix(80)).")
        }
        let why = reason?.trimmed ?? ""
        guard decision == .keep || !why.isEmpty else {
            throw .unprocessable("reason", "say why the access is to be \(decision == .revoke ? "revoked" : "modified").")
        }
        guard why.count <= 1000 else { throw .unprocessable("reason", "a reason has at most 1000 characters.") }
        items[index].decision = decision
        items[index].reason = why.isEmpty ? nil : why
        items[index].decidedBy = reviewer
        items[index].decidedAt = now
        items[index].proof = nil
    }

    /// Closes the campaign when every account is decided and every revocation is proven by a
    /// listing of the system taken after the decision (the account gone or disabled) or excused by
    /// a sentence in `unproven`. Otherwise nothing changes and the error names what is left.
    public mutating func close(laterListings: [AccountListing], unproven: [String: String], by: String, at now: Date) throws(DomainError) {
        guard status == .open else { throw .conflict("review_closed", "The campaign is already closed.") }
        let undecided = items.filter { $0.decision == nil }.map(\.account)
        guard undecided.isEmpty else {
            throw .conflict("review_undecided", "\(undecided.count) account(s) are not decided yet: \(undecided.prefix(10).joined(separator: ", ")).")
        }
        var closed = items
        var outstanding: [String] = []
        for index in closed.indices where closed[index].decision == .revoke {
            let item = closed[index]
            let proof = laterListings.filter { $0.system == system && $0.takenAt > (item.decidedAt ?? .distantFuture) }.sorted {
                $0.takenAt < $1.takenAt
            }
            .first { listing in !listing.accounts.contains { $0.account == item.account && $0.disabledAt == nil } }
            if let proof {
                closed[index].proof = Proof(listingID: proof.id, listingTakenAt: proof.takenAt, note: nil)
            } else if let note = unproven[item.account]?.trimmed, !note.isEmpty {
                closed[index].proof = Proof(listingID: nil, listingTakenAt: nil, note: String(note.prefix(1000)))
            } else {
                outstanding.append(item.account)
            }
        }
        guard outstanding.isEmpty else {
            throw .conflict(
                "revocation_unproven",
                "No listing of \(system) taken after the decision shows \(outstanding.prefix(10).joined(separator: ", ")) gone or disabled; import or collect a new listing, or say why not."
            )
        }
        items = closed
        status = .closed
        closedBy = by
        closedAt = now
    }

    /// The signed-off campaign as CSV: every account, its owner, the decision, who made it and when, and its proof.
    public var csv: String {
        let header = ["account", "email", "owner", "privileged", "decision", "reason", "decided_by", "decided_at", "proof"]
        let rows = items.map { item -> [String] in
            var proof = ""
            if let made = item.proof {
                if let listing = made.listingID {
                    proof = "listing \(listing.uuidString.lowercased()) of \(made.listingTakenAt.map(Timestamp.rfc3339) ?? "")"
                } else {
                    proof = "not proven: \(made.note ?? "")"
                }
            }
            let decided = item.decidedAt.map(Timestamp.rfc3339) ?? ""
            return [
                item.account, item.email ?? "", item.owner ?? "", String(item.privileged), item.decision?.rawValue ?? "", item.reason ?? "",
                item.decidedBy ?? "", decided, proof,
            ]
        }
        return ([header] + rows).map(CSV.line).joined()
    }
}
