import ComplianceCore
import Foundation

/// The audit firm's work on an engagement: independence, frozen populations and samples.
///
/// Only the firm named on the engagement reaches it: an auditor of another firm gets not-found,
/// as for anything they cannot see. Client members read populations and samples; only the audit
/// firm (or the local operator) writes them, and an auditor only after confirming independence.
public struct FieldworkWorkflow: Sendable {
    let records: any RecordStorage
    let content: ProgrammeContent
    let engagements: EngagementWorkflow

    /// The engagement, checked for this caller: auditors only through the engagement's own firm.
    public func engagement(_ id: UUID, in scope: TenantScope) async throws -> Engagement {
        try await engagements.get(id, in: scope)
    }

    /// For writes: the audit firm's right, and for an auditor, their independence confirmation.
    func writable(_ id: UUID, in scope: TenantScope) async throws -> Engagement {
        let engagement = try await engagement(id, in: scope)
        try scope.require(.performFieldwork)
        if AccessPolicy.requiresIndependence(scope.standing), case .user(let userID) = scope.actor {
            let key = "\(id.uuidString.lowercased())/\(userID.uuidString.lowercased())"
            guard try await records.find(.independence, organization: scope.organizationID, key: key) != nil else {
                throw DomainError.independenceRequired
            }
        }
        return engagement
    }

    public func confirmIndependence(_ id: UUID, statement: String, in scope: TenantScope, now: Date = Date()) async throws -> IndependenceConfirmation
    {
        _ = try await engagement(id, in: scope)
        try scope.require(.confirmIndependence)
        guard case .user(let userID) = scope.actor else {
            throw DomainError(.forbidden, code: "forbidden", "Independence is confirmed by the engagement's auditors, each for themselves.")
        }
        let confirmation = try IndependenceConfirmation(
            engagementID: id, auditorUserID: userID, auditor: try await records.label(scope.actor),
            statement: statement, confirmedAt: now.roundedToMilliseconds)
        let key = "\(id.uuidString.lowercased())/\(userID.uuidString.lowercased())"
        try await records.write { tx in
            let existing = try await tx.find(.independence, organization: scope.organizationID, key: key)
            try await tx.save(
                .independence, confirmation, id: existing?.id ?? UUID(), organization: scope.organizationID, parent: id,
                key: key, action: "confirmed", actor: scope.actor, now: now)
        }
        return confirmation
    }

    public func independence(_ id: UUID, in scope: TenantScope) async throws -> [IndependenceConfirmation] {
        _ = try await engagement(id, in: scope)
        return try await records.all(.independence, organization: scope.organizationID, parent: id)
    }

    // MARK: Populations

    public func populations(_ id: UUID, in scope: TenantScope) async throws -> [Population] {
        _ = try await engagement(id, in: scope)
        return try await records.all(.population, organization: scope.organizationID, parent: id)
    }

    public func population(_ populationID: UUID, of id: UUID, in scope: TenantScope) async throws -> Population {
        _ = try await engagement(id, in: scope)
        guard let population = try await records.find(.population, organization: scope.organizationID, id: populationID),
            population.engagementID == id
        else {
            throw DomainError.notFound("Population \(populationID.uuidString.lowercased())")
        }
        return population
    }

    public typealias FreezeDetails = ComplianceCore.FreezeDetails

    /// Checks the caller may freeze into this engagement and the details are complete; returns the
    /// trimmed name. Run before anything is stored, so a refused freeze writes nothing.
    public func checkFreeze(_ details: FreezeDetails, into id: UUID, in scope: TenantScope) async throws -> String {
        _ = try await writable(id, in: scope)
        let name = details.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, details.name.unicodeScalars.count <= 120 else {
            throw DomainError.invalid("name", "name the population in 1 to 120 characters.")
        }
        for field in [
            ("source_system", details.sourceSystem), ("extraction_query", details.extractionQuery),
            ("completeness_procedure", details.completenessProcedure),
        ]
        where field.1.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || field.1.unicodeScalars.count > 4000 {
            throw DomainError.invalid(
                field.0, "is required (at most 4000 characters): the workpaper must say where the population came from and how it was checked.")
        }
        return name
    }

    /// Freezes an evidence version as a population. `scan` is one pass over that version's bytes;
    /// its digest must be the version's. A population with problems is refused, naming each line.
    public func freeze(
        _ details: FreezeDetails, into id: UUID, evidence: EvidenceItem, version: EvidenceVersion, scan: PopulationScan,
        in scope: TenantScope, now: Date = Date()
    ) async throws -> Population {
        let name = try await checkFreeze(details, into: id, in: scope)
        guard evidence.organizationID == scope.organizationID, version.itemID == evidence.id else { throw DomainError.notFound("Evidence") }
        guard scan.sha256 == version.sha256 else {
            throw DomainError.conflict("population_changed", "The stored file no longer matches evidence version \(version.number)'s SHA-256.")
        }
        guard scan.isValid else { throw PopulationScan.refusal(scan, fileName: version.fileName) }
        let frozenBy = try await records.label(scope.actor)
        return try await records.write { tx in
            let earlier = try await tx.all(.population, organization: scope.organizationID, parent: id).filter { $0.name == name }
            let population = Population(
                id: UUID(), engagementID: id, name: name, version: (earlier.map(\.version).max() ?? 0) + 1, evidenceID: evidence.id,
                evidenceVersion: version.number, scan: scan, sourceSystem: details.sourceSystem, extractionQuery: details.extractionQuery,
                completenessProcedure: details.completenessProcedure, controls: details.controls, frozenBy: frozenBy,
                frozenAt: now.roundedToMilliseconds)
            try await tx.save(
                .population, population, id: population.id, organization: scope.organizationID, parent: id,
                key: "\(id.uuidString.lowercased())/\(name)/v\(population.version)", action: "frozen", actor: scope.actor, now: now)
            return population
        }
    }

    // MARK: Samples

    public func samples(_ id: UUID, in scope: TenantScope) async throws -> [Sample] {
        _ = try await engagement(id, in: scope)
        return try await records.all(.sample, organization: scope.organizationID, parent: id)
    }

    public typealias SampleRequest = ComplianceCore.SampleRequest

    /// Sizes the sample from the control's frequency, the risk and the engagement's period, and draws
    /// it from the frozen population: the same rows `attest sample` gives for the same file and seed.
    /// Reads the population's key of sampled rows from its frozen file (`EvidenceService.populationKeys`).
    public typealias KeyReader = @Sendable (Population, [Int]) async throws -> [SampleKey]

    /// - Parameter keys: reads each drawn row's key, after the rights and the draw and before the
    ///   write, so the sample is stored once with them; nil leaves rows without keys.
    public func draw(_ request: SampleRequest, for id: UUID, in scope: TenantScope, keys: KeyReader? = nil, now: Date = Date()) async throws
        -> Sample
    {
        let engagement = try await writable(id, in: scope)
        let population = try await population(request.populationID, of: id, in: scope)
        guard let control = try await records.find(.control, organization: scope.organizationID, key: request.control)?.value, !control.retired else {
            throw DomainError.unprocessable("control", "'\(request.control.prefix(20))' is not an active control of this organisation.")
        }
        var period: SamplePeriod?
        var months = 12
        if let start = engagement.scope.periodStart, let end = engagement.scope.periodEnd {
            period = try SamplePeriod(start: start, end: end)
            months = PeriodMonths.of(start: start, end: end)
        }
        let table = try await sampleTable(firm: engagement.auditFirm)
        let (draw, sizing) = try SampleDraw.make(
            population: population.scan, frequency: control.frequency, risk: request.risk, period: period,
            seed: request.seed, method: request.method, override: request.override, picks: request.picks, table: table)
        var sample = Sample(
            id: UUID(), engagementID: id, populationID: population.id, control: control.key, frequency: control.frequency,
            risk: request.risk, periodMonths: months, proposal: sizing.proposal, overrideReason: request.override?.reason,
            draw: draw, extensions: [], drawnBy: try await records.label(scope.actor), drawnAt: now.roundedToMilliseconds)
        if let keys { sample.keys = try await keys(population, draw.selected) }
        let drawn = sample
        try await records.write { tx in
            try await tx.save(
                .sample, drawn, id: drawn.id, organization: scope.organizationID, parent: id,
                key: drawn.id.uuidString.lowercased(), action: "drawn", actor: scope.actor, now: now)
        }
        return drawn
    }

    /// The audit firm's sample-size table, or the defaults when it has not set one.
    public func sampleTable(firm slug: String?) async throws -> SampleSizeTable {
        guard let slug, let firm = try await records.organization(slug: slug) else { return .defaults }
        return try await records.find(.sampleTable, organization: firm.id, key: "default")?.value ?? .defaults
    }

    /// Sets an audit firm's table; its admins and owners only, in the firm's own organisation.
    public func setSampleTable(_ table: SampleSizeTable, in scope: TenantScope, now: Date = Date()) async throws -> SampleSizeTable {
        try scope.require(.manageProgramme)
        guard scope.organization.kind == .auditFirm else {
            throw DomainError.conflict("not_an_audit_firm", "A sample-size table belongs to an audit firm; \(scope.organization.slug) is not one.")
        }
        let valid = try table.validated()
        try await records.write { tx in
            let existing = try await tx.find(.sampleTable, organization: scope.organizationID, key: "default")
            try await tx.save(
                .sampleTable, valid, id: existing?.id ?? UUID(), organization: scope.organizationID, parent: nil,
                key: "default", action: "updated", actor: scope.actor, now: now)
        }
        return valid
    }

    /// Adds items to a sample after a deviation; the first draw and earlier extensions stay.
    public func extend(
        _ sampleID: UUID, of id: UUID, by count: Int, reason: String, in scope: TenantScope, keys: KeyReader? = nil, now: Date = Date()
    ) async throws -> Sample {
        _ = try await writable(id, in: scope)
        let actor = try await records.label(scope.actor)
        // The new rows' keys are read before the transaction (a file pass is no work to hold a
        // write lock for); the rows are the same inside it, since an extension is seeded.
        var added: [SampleKey] = []
        if let keys, var preview = try await records.find(.sample, organization: scope.organizationID, id: sampleID), preview.engagementID == id,
            let population = try await records.find(.population, organization: scope.organizationID, id: preview.populationID)
        {
            let before = Set(preview.allSelected)
            try preview.extend(by: count, reason: reason, actor: actor, at: now.roundedToMilliseconds)
            added = try await keys(population, preview.allSelected.filter { !before.contains($0) })
        }
        let newKeys = added
        return try await records.write { tx in
            guard var sample = try await tx.find(.sample, organization: scope.organizationID, id: sampleID), sample.engagementID == id
            else {
                throw DomainError.notFound("Sample \(sampleID.uuidString.lowercased())")
            }
            try sample.extend(by: count, reason: reason, actor: actor, at: now.roundedToMilliseconds)
            if sample.keys != nil || !newKeys.isEmpty {
                let rows = Set(sample.allSelected)
                sample.keys = ((sample.keys ?? []) + newKeys.filter { rows.contains($0.row) }).sorted { $0.row < $1.row }
            }
            try await tx.save(
                .sample, sample, id: sample.id, organization: scope.organizationID, parent: id,
                key: sample.id.uuidString.lowercased(), action: "extended", actor: scope.actor, now: now)
            return sample
        }
    }
}
