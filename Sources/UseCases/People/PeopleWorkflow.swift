import ComplianceCore
import Foundation

/// The workforce roster and the system account listings, and what the reconciliation makes of
/// them. Imports are all or nothing: a file is checked whole before anything is written, and is
/// written in one transaction, each change in the log.
public struct PeopleWorkflow: Sendable {
    let records: any RecordStorage

    public init(records: any RecordStorage) { self.records = records }

    /// What an import changed.
    public struct ImportSummary: Sendable, Encodable {
        public let added: Int
        public let updated: Int
        public let unchanged: Int
    }

    /// Reads a roster file and writes it: a person is matched to the roster by email; people
    /// missing from the file stay (an HR export may drop leavers, and their dates still matter).
    public func importRoster(_ bytes: [UInt8], file: String, in scope: TenantScope, now: Date = Date()) async throws -> ImportSummary {
        try scope.require(.managePeople)
        let people = try Roster.parse(try Self.text(bytes, file: file), file: file)
        return try await records.write { tx in
            let existing = Dictionary(
                try await tx.all(.person, organization: scope.organizationID, parent: nil).map { ($0.email, $0) }, uniquingKeysWith: { a, _ in a })
            var added = 0
            var updated = 0
            for person in people {
                var value = person
                if let old = existing[person.email] {
                    // The roster's columns over the stored person: its id, aliases and what SCIM set stay.
                    value = old
                    value.name = person.name
                    value.startDate = person.startDate
                    value.endDate = person.endDate
                    value.manager = person.manager
                    value.department = person.department
                    value.title = person.title
                    value.kind = person.kind
                    guard value != old else { continue }
                    updated += 1
                } else {
                    added += 1
                }
                try await tx.save(
                    .person, value, id: value.id, organization: scope.organizationID, parent: nil, key: value.email,
                    action: existing[person.email] == nil ? "person.added" : "person.updated", actor: scope.actor, now: now)
            }
            return ImportSummary(added: added, updated: updated, unchanged: people.count - added - updated)
        }
    }

    public func people(in scope: TenantScope) async throws -> [Person] {
        try scope.require(.viewPeople)
        return try await records.all(.person, organization: scope.organizationID).sorted { $0.email < $1.email }
    }

    public func person(_ email: String, in scope: TenantScope) async throws -> Person {
        try scope.require(.viewPeople)
        guard let found = try await records.find(.person, organization: scope.organizationID, key: email.lowercased()) else {
            throw DomainError.notFound("Person \(email.prefix(80))")
        }
        return found.value
    }

    /// Reads one system's accounts file and stores it as that system's newest listing, with the
    /// file's digest and who imported it; earlier listings stay, for the auditor and for diffs.
    public func importAccounts(
        _ bytes: [UInt8], system: String, file: String, in scope: TenantScope, now: Date = Date()
    ) async throws -> AccountListing {
        try scope.require(.managePeople)
        try AccountListing.checkSystem(system)
        let accounts = try AccountListing.parse(try Self.text(bytes, file: file), file: file)
        let listing = AccountListing(
            system: system, takenAt: now.roundedToMilliseconds, source: "csv import by \(scope.actor.description)",
            query: "\(file) (\(accounts.count) accounts)", digest: Digest.sha256Hex(bytes), accounts: accounts)
        try await records.write { tx in
            try await tx.save(
                .accountListing, listing, id: listing.id, organization: scope.organizationID, parent: nil, key: listing.id.uuidString.lowercased(),
                action: "accounts.imported", actor: scope.actor, now: now)
        }
        return listing
    }

    /// An import's bytes as text: at most 64 MiB, and UTF-8.
    static func text(_ bytes: [UInt8], file: String) throws(DomainError) -> String {
        guard bytes.count <= Roster.largestFile else { throw .invalid("file", "\(file) is larger than 64 MiB.") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .invalid("file", "\(file) is not UTF-8 text.") }
        return text
    }

    /// Each system's newest listing.
    public func latestListings(in scope: TenantScope) async throws -> [AccountListing] {
        try scope.require(.viewPeople)
        let all = try await records.all(.accountListing, organization: scope.organizationID)
        return Dictionary(grouping: all, by: \.system).values.compactMap { $0.max { $0.takenAt < $1.takenAt } }.sorted { $0.system < $1.system }
    }

    public func reconciliation(in scope: TenantScope) async throws -> AccessReconciliation {
        let people = try await people(in: scope)
        return AccessReconciliation(people: people, listings: try await latestListings(in: scope))
    }

    /// The findings as of `now`; exceptions only unless `all`.
    public func findings(in scope: TenantScope, all: Bool = false, now: Date = Date()) async throws -> [AccessFinding] {
        let findings = try await reconciliation(in: scope).findings(asOf: now)
        return all ? findings : findings.filter(\.kind.isException)
    }
}
