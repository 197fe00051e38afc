import ComplianceCore
import Foundation
import Persistence

/// The audit firm's fieldwork: independence, populations, samples, walkthroughs, tests, sign-offs.
public struct FieldworkWorkflow: Sendable {
    let storage: FieldworkRepository

    public func addException(
        _ testID: UUID, of id: UUID, description: String, cause: String, count: Int, evaluation: TestException.Evaluation, in scope: TenantScope,
        now: Date = Date()
    ) async throws -> ControlTest {
        try await storage.addException(
            testID, of: id, description: description, cause: cause, count: count, evaluation: evaluation, in: scope, now: now)
    }

    /// Per criterion in scope: met, met with exceptions, not met or not tested, from the tests.
    public func conclusions(_ id: UUID, in scope: TenantScope) async throws -> [CriterionConclusion] {
        try await storage.conclusions(id, in: scope)
    }

    public func confirmIndependence(_ id: UUID, statement: String, in scope: TenantScope, now: Date = Date()) async throws -> IndependenceConfirmation
    {
        try await storage.confirmIndependence(id, statement: statement, in: scope, now: now)
    }

    /// Sizes the sample from the control's frequency, the risk and the engagement's period, and draws
    /// it from the frozen population: the same rows `attest sample` gives for the same file and seed.
    public func draw(_ request: SampleRequest, for id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> Sample {
        try await storage.draw(request, for: id, in: scope, now: now)
    }

    /// The engagement, checked for this caller: auditors only through the engagement's own firm.
    public func engagement(_ id: UUID, in scope: TenantScope) async throws -> Engagement {
        try await storage.engagement(id, in: scope)
    }

    /// Adds items to a sample after a deviation; the first draw and earlier extensions stay.
    public func extend(_ sampleID: UUID, of id: UUID, by count: Int, reason: String, in scope: TenantScope, now: Date = Date()) async throws -> Sample
    {
        try await storage.extend(sampleID, of: id, by: count, reason: reason, in: scope, now: now)
    }

    /// Freezes an evidence version as a population. `scan` is one pass over that version's bytes;
    /// its digest must be the version's. A population with problems is refused, naming each line.
    public func freeze(
        _ details: FreezeDetails, into id: UUID, evidence: EvidenceItem, version: EvidenceVersion, scan: PopulationScan, in scope: TenantScope,
        now: Date = Date()
    ) async throws -> Population {
        try await storage.freeze(details, into: id, evidence: evidence, version: version, scan: scan, in: scope, now: now)
    }

    public func independence(_ id: UUID, in scope: TenantScope) async throws -> [IndependenceConfirmation] {
        try await storage.independence(id, in: scope)
    }

    /// Plans the test of a control: over a sample's rows, or over `paths` configured paths for an
    /// automated control (a test of one per path).
    public func planTest(
        _ id: UUID, control key: String, sampleID: UUID?, paths: Int?, procedures: [TestMethod], attributes: [String], in scope: TenantScope,
        now: Date = Date()
    ) async throws -> ControlTest {
        try await storage.planTest(
            id, control: key, sampleID: sampleID, paths: paths, procedures: procedures, attributes: attributes, in: scope, now: now)
    }

    public func populations(_ id: UUID, in scope: TenantScope) async throws -> [Population] {
        try await storage.populations(id, in: scope)
    }

    public func record(
        _ testID: UUID, of id: UUID, item: Int, attribute: String, passed: Bool, note: String, evidence: [UUID], in scope: TenantScope,
        now: Date = Date()
    ) async throws -> ControlTest {
        try await storage.record(
            testID, of: id, item: item, attribute: attribute, passed: passed, note: note, evidence: evidence, in: scope, now: now)
    }

    /// Records several results in one change: all of them, or (on any bad entry) none.
    public func record(_ testID: UUID, of id: UUID, results: [ResultEntry], in scope: TenantScope, now: Date = Date()) async throws -> ControlTest {
        try await storage.record(testID, of: id, results: results, in: scope, now: now)
    }

    /// Releases a reviewed test's results to the client.
    public func release(_ testID: UUID, of id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ControlTest {
        try await storage.release(testID, of: id, in: scope, now: now)
    }

    /// The client's management response to an exception: the one thing the client writes into a test.
    public func respond(to exceptionID: UUID, in testID: UUID, of id: UUID, response: String, in scope: TenantScope, now: Date = Date()) async throws
        -> ControlTest
    {
        try await storage.respond(to: exceptionID, in: testID, of: id, response: response, in: scope, now: now)
    }

    /// The audit firm's sample-size table, or the defaults when it has not set one.
    public func sampleTable(firm slug: String?) async throws -> SampleSizeTable {
        try await storage.sampleTable(firm: slug)
    }

    public func samples(_ id: UUID, in scope: TenantScope) async throws -> [Sample] {
        try await storage.samples(id, in: scope)
    }

    /// Sets an audit firm's table; its admins and owners only, in the firm's own organisation.
    public func setSampleTable(_ table: SampleSizeTable, in scope: TenantScope, now: Date = Date()) async throws -> SampleSizeTable {
        try await storage.setSampleTable(table, in: scope, now: now)
    }

    /// Signs or un-signs any workpaper. Returns its sign-offs after the change.
    public func sign(
        _ kind: WorkpaperKind, _ workpaperID: UUID, of id: UUID, role: SignRole, unsign: Bool = false, in scope: TenantScope, now: Date = Date()
    ) async throws -> SignOffs {
        try await storage.sign(kind, workpaperID, of: id, role: role, unsign: unsign, in: scope, now: now)
    }

    /// The tests; the client sees results only once the auditor has released them.
    public func tests(_ id: UUID, in scope: TenantScope) async throws -> [ControlTest] {
        try await storage.tests(id, in: scope)
    }

    public func walkthrough(
        _ id: UUID, control: String, date: Day, participants: [String], notes: String, evidence: [UUID], design: Walkthrough.Design, reason: String,
        in scope: TenantScope, now: Date = Date()
    ) async throws -> Walkthrough {
        try await storage.walkthrough(
            id, control: control, date: date, participants: participants, notes: notes, evidence: evidence, design: design, reason: reason, in: scope,
            now: now)
    }

    public func walkthroughs(_ id: UUID, in scope: TenantScope) async throws -> [Walkthrough] {
        try await storage.walkthroughs(id, in: scope)
    }
}
