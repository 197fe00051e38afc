import ComplianceCore
import Foundation
import Persistence

/// The identity provider pushing the roster over SCIM 2.0: per-organisation tokens, people as
/// SCIM Users and groups as SCIM Groups. Deactivating a person marks them as left (their last day
/// is today unless the roster has one) and ends the sessions and API tokens of the Attest account
/// with their email.
public struct SCIMWorkflow: Sendable {
    let records: any RecordStorage
    let store: Store

    public init(store: Store) {
        self.store = store
        records = store.records
    }

    /// What the provider sends for a user, already read from its SCIM document.
    public struct UserFields: Sendable, Equatable {
        public var userName: String
        public var externalID: String?
        public var name: String
        public var active: Bool
        public var title: String
        public var department: String
        public var kind: Person.Kind
        public var managerID: UUID?

        public init(
            userName: String, externalID: String?, name: String, active: Bool, title: String, department: String, kind: Person.Kind,
            managerID: UUID?
        ) {
            self.userName = userName
            self.externalID = externalID
            self.name = name
            self.active = active
            self.title = title
            self.department = department
            self.kind = kind
            self.managerID = managerID
        }
    }

    // MARK: Tokens

    /// A new SCIM token for the organisation; the secret is returned once.
    public func createToken(in scope: TenantScope, now: Date = Date()) async throws -> (SCIMToken, String) {
        try scope.require(.managePeople)
        let secret = "scim_" + SecureRandom.token(bytes: 32)
        let token = SCIMToken(digest: Digest.sha256Hex(Array(secret.utf8)), createdBy: scope.actor.description, createdAt: now.roundedToMilliseconds)
        try await records.write { tx in
            try await tx.save(
                .scimToken, token, id: token.id, organization: scope.organizationID, parent: nil, key: token.id.uuidString.lowercased(),
                action: "scim_token.created", actor: scope.actor, now: now)
        }
        return (token, secret)
    }

    /// The organisation's scope for a request bearing `secret`.
    public func authenticate(slug: String, secret: String?) async throws -> TenantScope {
        // Without the organisation's own token, nothing of it exists: the same 404 whether the token
        // is missing, unknown, a person's API token or another organisation's.
        let refusal = SCIMError.notFound(
            "No organisation \(slug.prefix(60)) answers to this request; send its SCIM token as 'Authorization: Bearer scim_…' (attest scim token --org ORG)."
        )
        guard let secret, secret.hasPrefix("scim_"), secret.count < 200 else { throw refusal }
        let digest = Digest.sha256Hex(Array(secret.utf8))
        guard let organization = try await records.organization(slug: slug), organization.kind == .serviceOrganization,
            let token = try await records.all(.scimToken, organization: organization.id).first(where: { $0.digest == digest && $0.revokedAt == nil })
        else { throw refusal }
        return TenantScope(organization: organization, standing: .member(.admin), actor: .cli("scim:\(token.id.uuidString.prefix(8).lowercased())"))
    }

    // MARK: Users

    public func users(in scope: TenantScope) async throws -> [Person] {
        try scope.require(.viewPeople)
        return try await records.all(.person, organization: scope.organizationID).filter { $0.removedAt == nil }.sorted { $0.email < $1.email }
    }

    public func user(_ id: UUID, in scope: TenantScope) async throws -> Person {
        try scope.require(.viewPeople)
        guard let person = try await records.find(.person, organization: scope.organizationID, id: id), person.removedAt == nil else {
            throw SCIMError.notFound("No user \(id.uuidString.lowercased()).")
        }
        return person
    }

    public func create(_ fields: UserFields, in scope: TenantScope, now: Date = Date()) async throws -> Person {
        try scope.require(.managePeople)
        let email = try Self.checked(fields)
        return try await records.write { tx in
            let existing = try await tx.find(.person, organization: scope.organizationID, key: email)
            if let existing, existing.value.removedAt == nil { throw SCIMError.uniqueness("userName \(email) is already a user.") }
            // Someone deleted and pushed again (a re-hire) keeps their roster row and its history.
            var person =
                existing?.value
                ?? Person(
                    email: email, name: fields.name, startDate: Day(now), endDate: nil, manager: nil, department: "", title: "", kind: fields.kind)
            person.removedAt = nil
            if existing != nil {
                person.endDate = nil
                person.deactivatedAt = nil
            }
            person = try await self.applied(fields, to: person, tx: tx, scope: scope, now: now)
            try await tx.save(
                .person, person, id: person.id, organization: scope.organizationID, parent: nil, key: email, action: "person.provisioned",
                actor: scope.actor, now: now)
            return person
        }
    }

    /// Replaces a user with `fields` (PUT, or a PATCH already applied to the document), when
    /// `ifMatch` is nil or the current version.
    public func replace(_ id: UUID, with fields: UserFields, ifMatch: String?, in scope: TenantScope, now: Date = Date()) async throws -> Person {
        try scope.require(.managePeople)
        let email = try Self.checked(fields)
        let person = try await records.write { tx in
            guard var person = try await tx.find(.person, organization: scope.organizationID, id: id), person.removedAt == nil else {
                throw SCIMError.notFound("No user \(id.uuidString.lowercased()).")
            }
            try Self.match(ifMatch, person)
            guard email == person.email else {
                throw SCIMError(status: 400, scimType: "mutability", detail: "userName is the roster's key; make a new user for a new address.")
            }
            person = try await self.applied(fields, to: person, tx: tx, scope: scope, now: now)
            try await tx.save(
                .person, person, id: person.id, organization: scope.organizationID, parent: nil, key: person.email, action: "person.updated",
                actor: scope.actor, now: now)
            return person
        }
        if person.deactivatedAt != nil { try await endAccess(of: person.email, now: now) }
        return person
    }

    /// Deletes a user from SCIM's view: deactivated and hidden, kept on the roster.
    public func remove(_ id: UUID, ifMatch: String?, in scope: TenantScope, now: Date = Date()) async throws {
        try scope.require(.managePeople)
        let person = try await records.write { tx in
            guard var person = try await tx.find(.person, organization: scope.organizationID, id: id), person.removedAt == nil else {
                throw SCIMError.notFound("No user \(id.uuidString.lowercased()).")
            }
            try Self.match(ifMatch, person)
            Self.deactivate(&person, now: now)
            person.removedAt = now.roundedToMilliseconds
            person.updatedAt = now.roundedToMilliseconds
            try await tx.save(
                .person, person, id: person.id, organization: scope.organizationID, parent: nil, key: person.email, action: "person.deprovisioned",
                actor: scope.actor, now: now)
            return person
        }
        try await endAccess(of: person.email, now: now)
    }

    /// The version a client sends back in `If-Match`: a digest of the stored person.
    public static func version(_ person: Person) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .millisecondsSince1970
        let data = (try? encoder.encode(person)) ?? Data()
        return "W/\"\(Digest.sha256Hex(Array(data)).prefix(16))\""
    }

    static func match(_ ifMatch: String?, _ person: Person) throws(SCIMError) {
        guard let ifMatch, ifMatch != "*" else { return }
        guard ifMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == version(person) }) else {
            throw .preconditionFailed("The user has changed since version \(ifMatch.prefix(40)); read it again.")
        }
    }

    static func checked(_ fields: UserFields) throws(SCIMError) -> String {
        let email = fields.userName.lowercased().trimmingCharacters(in: .whitespaces)
        guard email.wholeMatch(of: /[^@\s]{1,64}@[^@\s]{1,255}/) != nil else {
            throw .invalidValue("userName '\(fields.userName.prefix(60))' is not an email address; Attest matches accounts by email.")
        }
        guard !fields.name.isEmpty, fields.name.count <= 200, fields.title.count <= 200, fields.department.count <= 200,
            (fields.externalID?.count ?? 0) <= 200
        else { throw .invalidValue("name, title, department and externalId have at most 200 characters, and a name is needed.") }
        return email
    }

    private func applied(_ fields: UserFields, to person: Person, tx: any RecordTransaction, scope: TenantScope, now: Date) async throws -> Person {
        var person = person
        person.name = fields.name
        person.externalID = fields.externalID
        person.title = fields.title
        person.department = fields.department
        person.kind = fields.kind
        if let managerID = fields.managerID {
            guard let manager = try await tx.find(.person, organization: scope.organizationID, id: managerID), manager.id != person.id else {
                throw SCIMError.invalidValue("manager \(managerID.uuidString.lowercased()) is not another user of this organisation.")
            }
            person.manager = manager.email
        } else {
            person.manager = nil
        }
        if fields.active {
            person.deactivatedAt = nil
        } else {
            Self.deactivate(&person, now: now)
        }
        person.updatedAt = now.roundedToMilliseconds
        return person
    }

    /// Deactivated: the last day is today unless the roster already has one.
    static func deactivate(_ person: inout Person, now: Date) {
        guard person.deactivatedAt == nil else { return }
        person.deactivatedAt = now.roundedToMilliseconds
        if person.endDate == nil { person.endDate = max(Day(now), person.startDate ?? Day(now)) }
    }

    /// Ends the sessions and revokes the API tokens of the Attest account with this email.
    func endAccess(of email: String, now: Date) async throws {
        guard let address = try? EmailAddress(email), let user = try await store.users.find(email: address) else { return }
        try await store.sessions.endAll(of: user.id)
        for token in try await store.tokens.tokens(of: user.id) where token.revokedAt == nil {
            try await store.tokens.revoke(token.id, of: user.id, actor: .cli("scim"), now: now)
        }
    }

    // MARK: Groups

    public func groups(in scope: TenantScope) async throws -> [SCIMGroup] {
        try scope.require(.viewPeople)
        return try await records.all(.scimGroup, organization: scope.organizationID).sorted { $0.displayName < $1.displayName }
    }

    public func group(_ id: UUID, in scope: TenantScope) async throws -> SCIMGroup {
        try scope.require(.viewPeople)
        guard let group = try await records.find(.scimGroup, organization: scope.organizationID, id: id) else {
            throw SCIMError.notFound("No group \(id.uuidString.lowercased()).")
        }
        return group
    }

    /// Saves a group (new when `id` is nil); every member must be a user of the organisation.
    public func saveGroup(
        _ id: UUID?, displayName: String, externalID: String?, members: [UUID], in scope: TenantScope, now: Date = Date()
    ) async throws -> SCIMGroup {
        try scope.require(.managePeople)
        let name = displayName.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 200, members.count <= 50_000 else {
            throw SCIMError.invalidValue("a group has a displayName of 1 to 200 characters and at most 50,000 members.")
        }
        return try await records.write { tx in
            let known = Set(try await tx.all(.person, organization: scope.organizationID, parent: nil).filter { $0.removedAt == nil }.map(\.id))
            if let stranger = members.first(where: { !known.contains($0) }) {
                throw SCIMError.invalidValue("member \(stranger.uuidString.lowercased()) is not a user of this organisation.")
            }
            var group: SCIMGroup
            if let id {
                guard let existing = try await tx.find(.scimGroup, organization: scope.organizationID, id: id) else {
                    throw SCIMError.notFound("No group \(id.uuidString.lowercased()).")
                }
                group = existing
                group.displayName = name
                group.externalID = externalID
                group.members = Array(Set(members)).sorted { $0.uuidString < $1.uuidString }
                group.updatedAt = now.roundedToMilliseconds
            } else {
                let taken = try await tx.all(.scimGroup, organization: scope.organizationID, parent: nil).contains { $0.displayName == name }
                if taken { throw SCIMError.uniqueness("a group named \(name.prefix(60)) exists.") }
                group = SCIMGroup(displayName: name, externalID: externalID, members: Array(Set(members)), at: now.roundedToMilliseconds)
            }
            try await tx.save(
                .scimGroup, group, id: group.id, organization: scope.organizationID, parent: nil, key: group.id.uuidString.lowercased(),
                action: id == nil ? "group.provisioned" : "group.updated", actor: scope.actor, now: now)
            return group
        }
    }

    public func removeGroup(_ id: UUID, in scope: TenantScope, now: Date = Date()) async throws {
        try scope.require(.managePeople)
        try await records.write { tx in
            guard try await tx.find(.scimGroup, organization: scope.organizationID, id: id) != nil else {
                throw SCIMError.notFound("No group \(id.uuidString.lowercased()).")
            }
            try await tx.delete(.scimGroup, id: id, organization: scope.organizationID, actor: scope.actor, now: now)
        }
    }
}
