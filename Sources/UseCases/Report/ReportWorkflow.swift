import ComplianceCore
import Foundation

/// The report's side of an engagement: the system description, management's assertion, the
/// numbered versions and their lifecycle, bridge letters and the firm's templates. Rights are
/// checked here: the client writes the description, the assertion and bridge letters; the
/// engagement's auditors (independence confirmed) draft, send for review and issue.
public struct ReportWorkflow: Sendable {
    let records: any RecordStorage
    let content: ProgrammeContent
    let fieldwork: FieldworkWorkflow

    private func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    // MARK: Section III and Section II

    public func description(_ id: UUID, in scope: TenantScope) async throws -> SystemDescription {
        _ = try await fieldwork.engagement(id, in: scope)
        return try await records.find(.systemDescription, organization: scope.organizationID, key: key(id))?.value
            ?? SystemDescription(engagementID: id)
    }

    public func saveDescription(_ description: SystemDescription, for id: UUID, in scope: TenantScope, now: Date = Date()) async throws
        -> SystemDescription
    {
        let engagement = try await fieldwork.engagement(id, in: scope)
        try scope.require(.manageProgramme)
        var value = try description.validated(for: engagement, catalog: content.catalog)
        value.engagementID = id
        value.updatedBy = try await records.label(scope.actor)
        value.updatedAt = now.roundedToMilliseconds
        let saved = value
        try await records.write { tx in
            let existing = try await tx.find(.systemDescription, organization: scope.organizationID, key: key(id))
            try await tx.save(
                .systemDescription, saved, id: existing?.id ?? UUID(), organization: scope.organizationID, parent: id, key: key(id),
                action: existing == nil ? "written" : "edited", actor: scope.actor, now: now)
        }
        return saved
    }

    /// The description criteria this description leaves unwritten, by id.
    public func unwritten(_ description: SystemDescription, for id: UUID, in scope: TenantScope) async throws -> [String] {
        description.missing(for: try await fieldwork.engagement(id, in: scope), catalog: content.catalog).map(\.id)
    }

    public func assertion(_ id: UUID, in scope: TenantScope) async throws -> ManagementAssertion? {
        _ = try await fieldwork.engagement(id, in: scope)
        return try await records.find(.assertion, organization: scope.organizationID, key: key(id))?.value
    }

    /// Management accepts Section II, naming who signs for it.
    public func acceptAssertion(_ id: UUID, signatory: String, position: String, in scope: TenantScope, now: Date = Date()) async throws
        -> ManagementAssertion
    {
        _ = try await fieldwork.engagement(id, in: scope)
        try scope.require(.acceptAssertion)
        let assertion = try ManagementAssertion(
            engagementID: id, signatory: signatory, position: position,
            acceptedBy: try await records.label(scope.actor), acceptedAt: now.roundedToMilliseconds)
        try await records.write { tx in
            let existing = try await tx.find(.assertion, organization: scope.organizationID, key: key(id))
            try await tx.save(
                .assertion, assertion, id: existing?.id ?? UUID(), organization: scope.organizationID, parent: id, key: key(id),
                action: "accepted", actor: scope.actor, now: now)
        }
        return assertion
    }

    // MARK: Templates (the firm's)

    public func templates(ofFirm slug: String) async throws -> [String: String] {
        guard let firm = try await records.organization(slug: slug) else { return [:] }
        return try await templates(ofFirmID: firm.id)
    }

    private func templates(ofFirmID firmID: UUID) async throws -> [String: String] {
        Dictionary(try await records.all(.reportTemplate, organization: firmID).map { ($0.name, $0.text) }, uniquingKeysWith: { $1 })
    }

    /// A firm's admins replace one template; `text` nil goes back to Attest's wording.
    public func setTemplate(_ name: String, text: String?, in scope: TenantScope, now: Date = Date()) async throws {
        guard scope.organization.kind == .auditFirm else {
            throw DomainError.conflict("not_an_audit_firm", "Report templates belong to an audit firm; \(scope.organization.slug) is not one.")
        }
        try scope.require(.manageProgramme)
        if let text {
            try ReportTemplates.validate(name: name, text: text)
        } else if !ReportTemplates.names.contains(name) {
            throw DomainError.notFound("Template \(name.prefix(40))")
        }
        let by = try await records.label(scope.actor)
        try await records.write { tx in
            let existing = try await tx.find(.reportTemplate, organization: scope.organizationID, key: name)
            if let text {
                try await tx.save(
                    .reportTemplate, ReportTemplateOverride(name: name, text: text, updatedBy: by, updatedAt: now.roundedToMilliseconds),
                    id: existing?.id ?? UUID(), organization: scope.organizationID, parent: nil, key: name, action: "edited", actor: scope.actor,
                    now: now)
            } else if let existing {
                try await tx.delete(.reportTemplate, id: existing.id, organization: scope.organizationID, actor: scope.actor, now: now)
            }
        }
    }

    // MARK: Inputs

    /// Everything the builder needs, as this caller may see it (the client sees released results only).
    public func inputs(_ id: UUID, in scope: TenantScope, scopeLimitation: String? = nil) async throws -> ReportBuilder.Inputs {
        let engagement = try await fieldwork.engagement(id, in: scope)
        return try await inputs(for: engagement, releasedOnly: !scope.allows(.viewUnreleasedResults), scopeLimitation: scopeLimitation, in: scope)
            .inputs
    }

    /// The builder's inputs for an engagement already loaded and authorised, read once, with the
    /// audit firm's id (whose key seals the report). `releasedOnly` keeps the tests the caller may see.
    private func inputs(for engagement: Engagement, releasedOnly: Bool, scopeLimitation: String?, in scope: TenantScope) async throws
        -> (inputs: ReportBuilder.Inputs, firmID: UUID)
    {
        let id = engagement.id
        let organization = scope.organizationID
        guard let slug = engagement.auditFirm, let firm = try await records.organization(slug: slug) else {
            throw DomainError.conflict("no_audit_firm", "Invite an audit firm to the engagement before there is a report.")
        }
        var tests = try await records.all(.test, organization: organization, parent: id)
        if releasedOnly { tests = tests.filter { $0.releasedAt != nil } }
        let inputs = ReportBuilder.Inputs(
            engagement: engagement, organizationName: scope.organization.name, organizationSlug: scope.organization.slug.rawValue,
            firmName: firm.name, firmSlug: firm.slug.rawValue, catalog: content.catalog,
            controls: try await records.all(.control, organization: organization), tests: tests,
            description: try await records.find(.systemDescription, organization: organization, key: key(id))?.value
                ?? SystemDescription(engagementID: id),
            assertion: try await records.find(.assertion, organization: organization, key: key(id))?.value,
            templates: try await templates(ofFirmID: firm.id), scopeLimitation: scopeLimitation,
            populations: try await records.all(.population, organization: organization, parent: id),
            samples: try await records.all(.sample, organization: organization, parent: id))
        return (inputs, firm.id)
    }

    // MARK: Versions

    /// The versions this caller may read: drafts stay with the audit firm until it sends one for
    /// management review (they hold results and exceptions not yet released).
    public func versions(_ id: UUID, in scope: TenantScope) async throws -> [ReportVersion] {
        _ = try await fieldwork.engagement(id, in: scope)
        let all = try await records.all(.reportVersion, organization: scope.organizationID, parent: id).sorted { $0.number < $1.number }
        return scope.allows(.viewReportDrafts) ? all : all.filter { $0.status != .draft }
    }

    public func version(_ number: Int?, of id: UUID, in scope: TenantScope) async throws -> ReportVersion {
        let all = try await versions(id, in: scope)
        guard let found = number.map({ n in all.first { $0.number == n } }) ?? all.last else {
            throw DomainError.notFound(number.map { "Report version \($0)" } ?? "A report for this engagement (the auditor has not drafted one yet)")
        }
        return found
    }

    /// The auditor drafts a new numbered version from the engagement's state as it is now.
    public func draft(_ id: UUID, scopeLimitation: String?, in scope: TenantScope, now: Date = Date()) async throws -> ReportVersion {
        _ = try await fieldwork.writable(id, in: scope)
        let inputs = try await inputs(id, in: scope, scopeLimitation: scopeLimitation)
        let by = try await records.label(scope.actor)
        return try await records.write { tx in
            let existing = try await tx.all(.reportVersion, organization: scope.organizationID, parent: id)
            if existing.contains(where: { $0.status == .final }) {
                throw DomainError.conflict("report_final", "The report is final; start next year's engagement for a new one.")
            }
            let number = (existing.map(\.number).max() ?? 0) + 1
            let builder = ReportBuilder(inputs)
            let version = ReportVersion(
                id: UUID(), engagementID: id, number: number, status: .draft, document: try builder.build(version: number, now: now),
                soc3: try builder.build(kind: .soc3, version: number, now: now), comments: [], createdBy: by, createdAt: now.roundedToMilliseconds)
            try await tx.save(
                .reportVersion, version, id: version.id, organization: scope.organizationID, parent: id,
                key: "\(key(id))/v\(number)", action: "drafted", actor: scope.actor, now: now)
            return version
        }
    }

    /// The auditor sends the latest draft to management for review.
    public func sendForReview(_ id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ReportVersion {
        let engagement = try await fieldwork.writable(id, in: scope)
        return try await records.write { tx in
            guard
                var latest = try await tx.all(.reportVersion, organization: scope.organizationID, parent: id).max(by: {
                    $0.number < $1.number
                })
            else {
                throw DomainError.notFound("A draft report")
            }
            guard latest.status == .draft else {
                throw DomainError.conflict(
                    "not_a_draft", "Version \(latest.number) is \(latest.status.rawValue.replacingOccurrences(of: "_", with: " ")), not a draft.")
            }
            // Section III is management's statement: it goes to management only when every section is.
            let description =
                try await tx.find(.systemDescription, organization: scope.organizationID, key: key(id))?.value ?? SystemDescription(engagementID: id)
            let missing = description.missing(for: engagement, catalog: content.catalog)
            guard missing.isEmpty else {
                throw DomainError.conflict(
                    "description_incomplete",
                    "Section III is not written yet: \(missing.map { "\($0.id) (\($0.title))" }.joined(separator: "; ")). Management writes each section or adopts the drafted wording on the Report page."
                )
            }
            latest.status = .managementReview
            try await tx.save(
                .reportVersion, latest, id: latest.id, organization: scope.organizationID, parent: id,
                key: "\(key(id))/v\(latest.number)", action: "sent_for_review", actor: scope.actor, now: now)
            return latest
        }
    }

    /// Either side comments on a version that is not final.
    public func comment(_ text: String, on number: Int, of id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ReportVersion {
        _ = try await fieldwork.engagement(id, in: scope)
        try scope.require(.comment)
        guard (1...4000).contains(text.trimmingCharacters(in: .whitespacesAndNewlines).count) else {
            throw DomainError.invalid("text", "write a comment of 1 to 4000 characters.")
        }
        let by = try await records.label(scope.actor)
        let side = scope.standing.side == .auditor ? "auditor" : "client"
        return try await records.write { tx in
            guard
                var version = try await tx.all(.reportVersion, organization: scope.organizationID, parent: id).first(where: {
                    $0.number == number
                })
            else {
                throw DomainError.notFound("Report version \(number)")
            }
            guard version.status != .draft || scope.allows(.viewReportDrafts) else { throw DomainError.notFound("Report version \(number)") }
            guard version.status != .final else { throw DomainError.conflict("report_final", "A final report is immutable; it takes no comments.") }
            version.comments.append(.init(by: by, side: side, text: text, at: now.roundedToMilliseconds))
            try await tx.save(
                .reportVersion, version, id: version.id, organization: scope.organizationID, parent: id,
                key: "\(key(id))/v\(number)", action: "commented", actor: scope.actor, now: now)
            return version
        }
    }

    /// What stands between the engagement and a final report, as sentences; empty when it can be issued.
    public func issueProblems(_ id: UUID, in scope: TenantScope) async throws -> [String] {
        try await issueProblems(id, inputs: try await inputs(id, in: scope), in: scope)
    }

    private func issueProblems(_ id: UUID, inputs: ReportBuilder.Inputs, in scope: TenantScope) async throws -> [String] {
        IssueCheck.problems(
            inputs: inputs, walkthroughs: try await fieldwork.walkthroughs(id, in: scope), latest: try await versions(id, in: scope).last)
    }

    /// What issuing the final report reads, once, for an engagement the use case has authorised.
    public func issueMaterial(for engagement: Engagement, in scope: TenantScope) async throws -> IssueMaterial {
        let id = engagement.id
        let organization = scope.organizationID
        // The issuer is the engagement's auditor, who sees every test, released or not.
        let (inputs, firmID) = try await inputs(for: engagement, releasedOnly: false, scopeLimitation: nil, in: scope)
        var independent = true
        if case .user(let userID) = scope.actor {
            independent =
                try await records.find(.independence, organization: organization, key: "\(key(id))/\(userID.uuidString.lowercased())") != nil
        }
        return IssueMaterial(
            inputs: inputs, walkthroughs: try await records.all(.walkthrough, organization: organization, parent: id),
            versions: try await records.all(.reportVersion, organization: organization, parent: id).sorted { $0.number < $1.number },
            firmID: firmID, independenceConfirmed: independent, actorLabel: try await records.label(scope.actor))
    }

    /// Stores a final version once: refused when another version or a final one was written meanwhile.
    public func saveFinal(_ version: ReportVersion, in scope: TenantScope, now: Date = Date()) async throws -> ReportVersion {
        try await records.write { tx in
            let existing = try await tx.all(.reportVersion, organization: scope.organizationID, parent: version.engagementID)
            guard existing.map(\.number).max() ?? 0 < version.number, !existing.contains(where: { $0.status == .final }) else {
                throw DomainError.conflict("report_changed", "Another version was written meanwhile; try again.")
            }
            try await tx.save(
                .reportVersion, version, id: version.id, organization: scope.organizationID, parent: version.engagementID,
                key: "\(key(version.engagementID))/v\(version.number)", action: "issued", actor: scope.actor, now: now)
            return version
        }
    }

    // MARK: Bridge letters and the next year

    public func bridgeLetters(_ id: UUID, in scope: TenantScope) async throws -> [BridgeLetter] {
        _ = try await fieldwork.engagement(id, in: scope)
        return try await records.all(.bridgeLetter, organization: scope.organizationID, parent: id)
    }

    /// Saves a bridge letter that the use case has checked and sealed; storage decides nothing.
    public func saveBridgeLetter(_ letter: BridgeLetter, in scope: TenantScope, now: Date = Date()) async throws -> BridgeLetter {
        try await records.write { tx in
            try await tx.save(
                .bridgeLetter, letter, id: letter.id, organization: scope.organizationID, parent: letter.engagementID,
                key: "\(key(letter.engagementID))/\(letter.through)/\(letter.id.uuidString.lowercased())", action: "signed", actor: scope.actor,
                now: now)
        }
        return letter
    }

    /// How the caller is named on what they write ("Olivia Owner <olivia@…>", or the CLI's name).
    public func label(of scope: TenantScope) async throws -> String {
        try await records.label(scope.actor)
    }

    /// Next year's engagement, started from this one: same scope, the period moved on a year.
    public func startNextYear(from id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> Engagement {
        let engagement = try await fieldwork.engagement(id, in: scope)
        try scope.require(.manageProgramme)
        var next = engagement.scope
        next.periodStart = next.periodStart?.adding(months: 12)
        next.periodEnd = next.periodEnd?.adding(months: 12)
        next.asOf = next.asOf?.adding(months: 12)
        let created = try await fieldwork.engagements.create(name: "\(engagement.name) (next year)", scope: next, in: scope, now: now)
        // Inviting a firm is the owner's right: an admin's new engagement waits for the owner to invite it.
        guard let firm = engagement.auditFirm, scope.allows(.manageEngagementGrants) else { return created }
        return try await fieldwork.engagements.invite(auditFirm: firm, to: created.id, in: scope, now: now)
    }
}
