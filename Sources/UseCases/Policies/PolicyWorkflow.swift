import ComplianceCore
import Foundation

/// Policies, their versions and employees' acknowledgements.
public struct PolicyWorkflow: Sendable {
    let records: any RecordStorage
    let content: ProgrammeContent

    public func list(in scope: TenantScope) async throws -> [Policy] {
        try scope.require(.viewProgramme)
        return try await records.all(.policy, organization: scope.organizationID).sorted { $0.title < $1.title }
    }

    public func get(_ key: String, in scope: TenantScope) async throws -> Policy {
        try scope.require(.viewProgramme)
        guard let found = try await records.find(.policy, organization: scope.organizationID, key: key) else {
            throw DomainError.notFound("Policy '\(key.prefix(40))'")
        }
        return found.value
    }

    /// Starts a policy from a template: the placeholders filled in, as version 1 in draft.
    public func adopt(template id: String, variables: PolicyVariables, owner: String, in scope: TenantScope, now: Date = Date()) async throws
        -> Policy
    {
        try scope.require(.manageProgramme)
        guard !owner.trimmingCharacters(in: .whitespaces).isEmpty, owner.count <= 200 else {
            throw DomainError.invalid("owner", "name the policy's owner (1 to 200 characters).")
        }
        for value in [variables.company, variables.securityContact, variables.reviewCadence] where value.count > 200 {
            throw DomainError.invalid("variables", "a policy variable is longer than 200 characters.")
        }
        guard let template = content.policyTemplate(id) else {
            throw DomainError.unprocessable("template", "'\(id.prefix(40))' is not a policy template.")
        }
        let body = try PolicyTemplateText.render(template.body, with: variables)
        let author = try await records.label(scope.actor)
        let policy = Policy(
            id: UUID(), organizationID: scope.organizationID, key: template.id, title: template.title, criteria: template.criteria,
            owner: owner, reviewMonths: 12,
            versions: [
                PolicyVersion(
                    number: 1, body: body, status: .draft, changeNote: "Adopted from the \(template.title) template.",
                    author: author, approver: nil, approvedAt: nil, publishedAt: nil, createdAt: now.roundedToMilliseconds)
            ]
        )
        return try await records.write { tx in
            if try await tx.find(.policy, organization: scope.organizationID, key: template.id) != nil {
                throw DomainError.conflict("policy_exists", "The \(template.title) is already in the programme.")
            }
            try await tx.save(
                .policy, policy, id: policy.id, organization: scope.organizationID, parent: nil,
                key: policy.key, action: "adopted", actor: scope.actor, now: now)
            return policy
        }
    }

    /// New text: changes a draft in place, or starts a new version when the latest is approved or published.
    public func edit(_ key: String, body: String, changeNote: String, in scope: TenantScope, now: Date = Date()) async throws -> Policy {
        try scope.require(.manageProgramme)
        let author = try await records.label(scope.actor)
        return try await change(key, action: "edited", in: scope, now: now) { policy in
            try policy.edit(body: body, changeNote: changeNote, by: author, at: now.roundedToMilliseconds)
        }
    }

    /// Moves the latest version one step along draft → in_review → approved → published.
    /// Submitting for review is for managers; approving and publishing need approval rights.
    public func advance(_ key: String, to status: PolicyStatus, in scope: TenantScope, now: Date = Date()) async throws -> Policy {
        try scope.require(status == .inReview ? .manageProgramme : .approvePolicies)
        let actor = try await records.label(scope.actor)
        let selfApproval = try await settings(in: scope).selfApproval
        return try await change(key, action: status.rawValue, in: scope, now: now) { policy in
            try policy.advance(to: status, by: actor, at: now.roundedToMilliseconds, selfApproval: selfApproval)
        }
    }

    /// How the organisation approves its policies (separation of duties by default).
    public func settings(in scope: TenantScope) async throws -> PolicySettings {
        try scope.require(.viewProgramme)
        return try await records.find(.policySettings, organization: scope.organizationID, key: "default")?.value ?? PolicySettings()
    }

    /// Allows a version's author to approve it (a small team), with the reason on record, or
    /// withdraws that. Those who approve policies decide it.
    public func allowSelfApproval(_ allowed: Bool, reason: String, in scope: TenantScope, now: Date = Date()) async throws -> PolicySettings {
        try scope.require(.approvePolicies)
        let settings = PolicySettings(
            selfApproval: allowed
                ? try PolicySettings.SelfApproval(
                    reason: reason, allowedBy: try await records.label(scope.actor), allowedAt: now.roundedToMilliseconds)
                : nil)
        try await records.write { tx in
            let existing = try await tx.find(.policySettings, organization: scope.organizationID, key: "default")
            try await tx.save(
                .policySettings, settings, id: existing?.id ?? UUID(), organization: scope.organizationID, parent: nil, key: "default",
                action: allowed ? "self_approval_allowed" : "self_approval_withdrawn", actor: scope.actor, now: now)
        }
        return settings
    }

    public func setOwner(_ key: String, owner: String, reviewMonths: Int, in scope: TenantScope, now: Date = Date()) async throws -> Policy {
        try scope.require(.manageProgramme)
        guard (1...36).contains(reviewMonths) else { throw DomainError.invalid("review_months", "reviews are due every 1 to 36 months.") }
        guard !owner.trimmingCharacters(in: .whitespaces).isEmpty, owner.count <= 200 else {
            throw DomainError.invalid("owner", "needs 1 to 200 characters.")
        }
        return try await change(key, action: "owner_changed", in: scope, now: now) { policy in
            policy.owner = owner
            policy.reviewMonths = reviewMonths
        }
    }

    private func change(
        _ key: String, action: String, in scope: TenantScope, now: Date,
        _ body: @escaping @Sendable (inout Policy) throws -> Void
    ) async throws -> Policy {
        try await records.write { tx in
            guard let (id, current) = try await tx.find(.policy, organization: scope.organizationID, key: key) else {
                throw DomainError.notFound("Policy '\(key.prefix(40))'")
            }
            var policy = current
            try body(&policy)
            try await tx.save(
                .policy, policy, id: id, organization: scope.organizationID, parent: nil,
                key: key, action: action, actor: scope.actor, now: now)
            return policy
        }
    }

    // MARK: Acknowledgements

    /// The signed-in member confirms they read the published version of a policy.
    public func acknowledge(_ key: String, userID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> PolicyAcknowledgement {
        try scope.require(.acknowledgePolicies)
        guard case .user(let actorID) = scope.actor, actorID == userID else {
            throw DomainError(.forbidden, code: "forbidden", "Only members acknowledge policies, each for themselves.")
        }
        guard let user = try await records.user(userID) else { throw DomainError.notFound("User") }
        let email = user.email.rawValue
        return try await records.write { tx in
            guard let (policyID, policy) = try await tx.find(.policy, organization: scope.organizationID, key: key) else {
                throw DomainError.notFound("Policy '\(key.prefix(40))'")
            }
            guard let published = policy.published else {
                throw DomainError.conflict("not_published", "The \(policy.title) has no published version to acknowledge yet.")
            }
            let recordKey = "\(policyID.uuidString.lowercased())/\(published.number)/\(userID.uuidString.lowercased())"
            if let existing = try await tx.find(.acknowledgement, organization: scope.organizationID, key: recordKey) {
                return existing.value
            }
            let ack = PolicyAcknowledgement(
                policyID: policyID, version: published.number, userID: userID, email: email, acknowledgedAt: now.roundedToMilliseconds)
            try await tx.save(
                .acknowledgement, ack, id: UUID(), organization: scope.organizationID, parent: policyID,
                key: recordKey, action: "acknowledged", actor: scope.actor, now: now)
            return ack
        }
    }

    public func acknowledgements(in scope: TenantScope) async throws -> [PolicyAcknowledgement] {
        try scope.require(.viewProgramme)
        return try await records.all(.acknowledgement, organization: scope.organizationID)
    }

    /// Who must still acknowledge what: every member against the published version of every policy.
    public func outstanding(in scope: TenantScope) async throws -> [AcknowledgementStatus] {
        try scope.require(.viewProgramme)
        let policies = try await list(in: scope).filter { $0.published != nil }
        let acks = try await acknowledgements(in: scope)
        var out: [AcknowledgementStatus] = []
        // Only those who acknowledge policies are waited for (viewers read them, issue 11 finding 7).
        for (membership, domain) in try await records.members(of: scope.organizationID)
        where AccessPolicy.allows(.member(membership.role), .acknowledgePolicies) {
            var missing: [String] = []
            var done: [String] = []
            for policy in policies {
                let version = policy.published!.number
                if acks.contains(where: { $0.policyID == policy.id && $0.version == version && $0.userID == domain.id }) {
                    done.append(policy.key)
                } else {
                    missing.append(policy.key)
                }
            }
            out.append(
                AcknowledgementStatus(userID: domain.id, email: domain.email.rawValue, name: domain.name, acknowledged: done, missing: missing))
        }
        return out.sorted { $0.email < $1.email }
    }
}
