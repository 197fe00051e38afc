import ComplianceCore
import Foundation

/// Walkthroughs, tests of controls, exceptions, sign-offs and conclusions.
extension FieldworkWorkflow {
    func activeControl(_ key: String, in scope: TenantScope) async throws -> ProgrammeControl {
        guard let control = try await records.find(.control, organization: scope.organizationID, key: key)?.value, !control.retired else {
            throw DomainError.unprocessable("control", "'\(key.prefix(20))' is not an active control of this organisation.")
        }
        return control
    }

    // MARK: Walkthroughs

    public func walkthroughs(_ id: UUID, in scope: TenantScope) async throws -> [Walkthrough] {
        _ = try await engagement(id, in: scope)
        return try await records.all(.walkthrough, organization: scope.organizationID, parent: id)
    }

    public func walkthrough(
        _ id: UUID, control: String, date: Day, participants: [String], notes: String, evidence: [UUID],
        design: Walkthrough.Design, reason: String, in scope: TenantScope, now: Date = Date()
    ) async throws -> Walkthrough {
        _ = try await writable(id, in: scope)
        _ = try await activeControl(control, in: scope)
        let walkthrough = try Walkthrough(
            id: UUID(), engagementID: id, control: control, date: date, participants: participants, notes: notes,
            evidenceIDs: evidence, design: design, reason: reason, preparedBy: try await records.label(scope.actor))
        try await records.write { tx in
            _ = try await tx.newestVersion(ofLinked: evidence, in: scope)
            try await tx.save(
                .walkthrough, walkthrough, id: walkthrough.id, organization: scope.organizationID, parent: id,
                key: walkthrough.id.uuidString.lowercased(), action: "recorded", actor: scope.actor, now: now)
        }
        return walkthrough
    }

    // MARK: Tests

    /// The tests; the client sees results only once the auditor has released them.
    public func tests(_ id: UUID, in scope: TenantScope) async throws -> [ControlTest] {
        _ = try await engagement(id, in: scope)
        let all = try await records.all(.test, organization: scope.organizationID, parent: id)
        if !scope.allows(.viewUnreleasedResults) { return all.map { $0.releasedAt == nil ? $0.unreleasedView : $0 } }
        return all
    }

    /// Releases a reviewed test's results to the client.
    public func release(_ testID: UUID, of id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ControlTest {
        _ = try await writable(id, in: scope)
        return try await changeTest(testID, of: id, action: "released", in: scope, now: now) { test, _ in
            guard test.signoffs?.reviewer != nil else {
                throw DomainError.conflict("not_reviewed", "Results are released after the reviewer has signed the test.")
            }
            guard test.releasedAt == nil else { throw DomainError.conflict("already_released", "These results are released already.") }
            test.releasedAt = now.roundedToMilliseconds
        }
    }

    /// Plans the test of a control: over a sample's rows, or over `paths` configured paths for an
    /// automated control (a test of one per path).
    public func planTest(
        _ id: UUID, control key: String, sampleID: UUID?, paths: Int?, procedures: [TestMethod], attributes: [String],
        in scope: TenantScope, now: Date = Date()
    ) async throws -> ControlTest {
        _ = try await writable(id, in: scope)
        let control = try await activeControl(key, in: scope)
        var items: [Int]
        if let sampleID {
            guard let sample = try await records.find(.sample, organization: scope.organizationID, id: sampleID), sample.engagementID == id else {
                throw DomainError.notFound("Sample \(sampleID.uuidString.lowercased())")
            }
            guard sample.control == control.key else {
                throw DomainError.unprocessable("sample_id", "that sample was drawn for \(sample.control), not \(control.key).")
            }
            items = sample.allSelected
        } else {
            guard control.type == .automated, let paths, (1...50).contains(paths) else {
                throw DomainError.unprocessable(
                    "sample_id", "a manual or hybrid control is tested over a sample; an automated one over 1 to 50 configured paths.")
            }
            items = Array(1...paths)
        }
        let test = try ControlTest(
            id: UUID(), engagementID: id, control: control.key, sampleID: sampleID, items: items, procedures: procedures,
            attributes: attributes, preparedBy: try await records.label(scope.actor))
        try await records.write { tx in
            try await tx.save(
                .test, test, id: test.id, organization: scope.organizationID, parent: id,
                key: test.id.uuidString.lowercased(), action: "planned", actor: scope.actor, now: now)
        }
        return test
    }

    public func record(
        _ testID: UUID, of id: UUID, item: Int, attribute: String, passed: Bool, note: String, evidence: [UUID],
        in scope: TenantScope, now: Date = Date()
    ) async throws -> ControlTest {
        try await record(
            testID, of: id, results: [ResultEntry(item: item, attribute: attribute, passed: passed, note: note, evidence: evidence)], in: scope,
            now: now)
    }

    public typealias ResultEntry = ComplianceCore.ResultEntry

    /// Records several results in one change: all of them, or (on any bad entry) none.
    public func record(_ testID: UUID, of id: UUID, results: [ResultEntry], in scope: TenantScope, now: Date = Date()) async throws -> ControlTest {
        _ = try await writable(id, in: scope)
        return try await save(results, to: testID, of: id, in: scope, now: now)
    }

    /// The results grid of one test, or rows pasted from a spreadsheet: the right first, then the
    /// grid read against the test as stored, then every changed cell recorded in one change. A grid
    /// that changes nothing records nothing (nil).
    public func recordGrid(
        _ testID: UUID, of id: UUID, cells: [ResultGrid.Cell], notes: [Int: String], paste: String, in scope: TenantScope, now: Date = Date()
    ) async throws -> ControlTest? {
        _ = try await writable(id, in: scope)
        guard let test = try await records.find(.test, organization: scope.organizationID, id: testID), test.engagementID == id else {
            throw DomainError.notFound("Test \(testID.uuidString.lowercased())")
        }
        let entries = try ResultGrid.entries(cells: cells, notes: notes, paste: paste, for: test)
        guard !entries.isEmpty else { return nil }
        return try await save(entries, to: testID, of: id, in: scope, now: now)
    }

    /// Records results the use case has authorised: all of them, or (on any bad entry) none.
    private func save(_ results: [ResultEntry], to testID: UUID, of id: UUID, in scope: TenantScope, now: Date) async throws -> ControlTest {
        guard !results.isEmpty, results.count <= 100_000 else { throw DomainError.invalid("results", "record 1 to 100,000 results at a time.") }
        let by = try await records.label(scope.actor)
        return try await changeTest(testID, of: id, action: results.count == 1 ? "result_recorded" : "results_recorded", in: scope, now: now) {
            test, tx in
            _ = try await tx.newestVersion(ofLinked: results.flatMap(\.evidence), in: scope)
            for entry in results {
                try test.record(
                    item: entry.item, attribute: entry.attribute, passed: entry.passed, note: entry.note, evidenceIDs: entry.evidence,
                    by: by, at: now.roundedToMilliseconds)
            }
        }
    }

    public func addException(
        _ testID: UUID, of id: UUID, description: String, cause: String, count: Int, evaluation: TestException.Evaluation,
        in scope: TenantScope, now: Date = Date()
    ) async throws -> ControlTest {
        _ = try await writable(id, in: scope)
        guard !description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, !cause.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            throw DomainError.invalid("description", "say what happened and why.")
        }
        return try await changeTest(testID, of: id, action: "exception_recorded", in: scope, now: now) { test, _ in
            try test.requireUnsigned()
            guard (1...test.items.count).contains(count) else {
                throw DomainError.invalid("count", "between 1 and the \(test.items.count) items tested.")
            }
            test.exceptions.append(
                TestException(
                    id: UUID(), description: description, cause: cause, count: count, evaluation: evaluation,
                    managementResponse: nil, respondedBy: nil, respondedAt: nil))
        }
    }

    /// The client's management response to an exception: the one thing the client writes into a test.
    public func respond(to exceptionID: UUID, in testID: UUID, of id: UUID, response: String, in scope: TenantScope, now: Date = Date()) async throws
        -> ControlTest
    {
        _ = try await engagement(id, in: scope)
        try scope.require(.respondToExceptions)
        guard !response.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, response.count <= 4000 else {
            throw DomainError.invalid("response", "write the response in 1 to 4000 characters.")
        }
        let by = try await records.label(scope.actor)
        return try await changeTest(testID, of: id, action: "management_response", in: scope, now: now) { test, _ in
            guard let index = test.exceptions.firstIndex(where: { $0.id == exceptionID }) else { throw DomainError.notFound("Exception") }
            test.exceptions[index].managementResponse = response
            test.exceptions[index].respondedBy = by
            test.exceptions[index].respondedAt = now.roundedToMilliseconds
        }
    }

    private func changeTest(
        _ testID: UUID, of id: UUID, action: String, in scope: TenantScope, now: Date,
        _ change: @escaping @Sendable (inout ControlTest, any RecordTransaction) async throws -> Void
    ) async throws -> ControlTest {
        try await records.write { tx in
            guard var test = try await tx.find(.test, organization: scope.organizationID, id: testID), test.engagementID == id else {
                throw DomainError.notFound("Test \(testID.uuidString.lowercased())")
            }
            try await change(&test, tx)
            try await tx.save(
                .test, test, id: test.id, organization: scope.organizationID, parent: id,
                key: test.id.uuidString.lowercased(), action: action, actor: scope.actor, now: now)
            return test
        }
    }

    // MARK: Sign-offs

    public typealias WorkpaperKind = ComplianceCore.WorkpaperKind

    /// Signs or un-signs any workpaper. Returns its sign-offs after the change.
    public func sign(
        _ kind: WorkpaperKind, _ workpaperID: UUID, of id: UUID, role: SignRole, unsign: Bool = false,
        in scope: TenantScope, now: Date = Date()
    ) async throws -> SignOffs {
        _ = try await writable(id, in: scope)
        let person = try await records.label(scope.actor)
        switch kind {
        case .walkthrough: return try await sign(.walkthrough, workpaperID, of: id, role: role, unsign: unsign, person: person, in: scope, now: now)
        case .population: return try await sign(.population, workpaperID, of: id, role: role, unsign: unsign, person: person, in: scope, now: now)
        case .sample: return try await sign(.sample, workpaperID, of: id, role: role, unsign: unsign, person: person, in: scope, now: now)
        case .test: return try await sign(.test, workpaperID, of: id, role: role, unsign: unsign, person: person, in: scope, now: now)
        }
    }

    private func sign<V: Workpaper>(
        _ kind: RecordKind<V>, _ workpaperID: UUID, of id: UUID, role: SignRole, unsign: Bool, person: String,
        in scope: TenantScope, now: Date
    ) async throws -> SignOffs {
        try await records.write { tx in
            guard var paper = try await tx.find(kind, organization: scope.organizationID, id: workpaperID), paper.engagementID == id
            else {
                throw DomainError.notFound("Workpaper \(workpaperID.uuidString.lowercased())")
            }
            var signoffs = paper.signoffs ?? SignOffs()
            if unsign {
                try signoffs.unsign(role)
            } else {
                let changed = try await tx.newestVersion(ofLinked: paper.evidenceIDs, in: scope)
                try signoffs.sign(role, by: person, at: now.roundedToMilliseconds, evidenceChangedAt: changed)
            }
            paper.signoffs = signoffs
            try await tx.save(
                kind, paper, id: workpaperID, organization: scope.organizationID, parent: id,
                key: try await tx.key(of: kind, id: workpaperID, organization: scope.organizationID) ?? workpaperID.uuidString.lowercased(),
                action: unsign ? "unsigned_\(role.rawValue)" : "signed_\(role.rawValue)", actor: scope.actor, now: now)
            return signoffs
        }
    }

    // MARK: Conclusions

    /// Per criterion in scope: met, met with exceptions, not met or not tested, from the tests.
    public func conclusions(_ id: UUID, in scope: TenantScope) async throws -> [CriterionConclusion] {
        let engagement = try await engagement(id, in: scope)
        let applicable = engagement.criteriaInScope(content.catalog).map(\.id).filter { engagement.exclusion(for: $0) == nil }
        var tests = try await tests(id, in: scope)
        // The client's conclusions come from released results only.
        if !scope.allows(.viewUnreleasedResults) { tests = tests.filter { $0.releasedAt != nil } }
        return CriterionConclusion.conclude(
            criteria: applicable, controls: try await records.all(.control, organization: scope.organizationID),
            tests: tests)
    }
}
