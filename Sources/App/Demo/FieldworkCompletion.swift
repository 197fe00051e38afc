import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import UseCases

/// Completes an engagement's testing the way a firm would, for the demo and the report benchmark:
/// each automated control tested once on its configured path; each manual or hybrid control over
/// a sample drawn from its own population (the client's export of the period's occurrences,
/// frozen by the preparer); every workpaper signed by the preparer, then the reviewer; results
/// released to the client. One control may carry a deviation, recorded as an exception.
struct FieldworkCompletion {
    let store: Store
    let evidence: EvidenceService
    let client: TenantScope
    let preparer: TenantScope
    let reviewer: TenantScope

    struct Deviation {
        let control: String
        let note: String
        let description: String
        let cause: String
        let response: String
    }

    /// Returns how many sample items were tested.
    /// - Parameters:
    ///   - skip: controls left as they are (tested some other way).
    ///   - leaveOpen: controls whose population and sample are drawn and whose test is planned,
    ///     but nothing is recorded or signed: the work left for a person to finish in the browser.
    @discardableResult
    func complete(
        _ id: UUID, deviation: Deviation? = nil, skip: Set<String> = [], leaveOpen: Set<String> = [], progress: (String) -> Void = { _ in }
    ) async throws -> Int {
        let inputs = try await store.programme.reports.inputs(id, in: preparer)
        let start = inputs.engagement.scope.periodStart ?? inputs.engagement.scope.asOf ?? Day(Date())
        let end = inputs.engagement.scope.periodEnd ?? start
        var tested = 0
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-completion-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, control) in inputs.controlsInScope.enumerated() where !skip.contains(control.key) {
            if index % 20 == 0 { progress("testing control \(index + 1) of \(inputs.controlsInScope.count)") }
            let open = leaveOpen.contains(control.key)
            let attribute = "operated as described: \(control.title.lowercased())"
            var test: ControlTest
            if control.type == .automated {
                test = try await store.programme.fieldwork.planTest(
                    id, control: control.key, sampleID: nil, paths: 1, procedures: [.inspection, .reperformance],
                    attributes: [attribute], in: preparer)
            } else {
                let (population, sample) = try await drawSample(for: control, engagement: id, from: start, to: end, folder: folder)
                for (kind, workpaper) in [(WorkpaperKind.population, population), (.sample, sample)] where !open {
                    _ = try await store.programme.fieldwork.sign(kind, workpaper, of: id, role: .preparer, in: preparer)
                    _ = try await store.programme.fieldwork.sign(kind, workpaper, of: id, role: .reviewer, in: reviewer)
                }
                test = try await store.programme.fieldwork.planTest(
                    id, control: control.key, sampleID: sample, paths: nil, procedures: [.inquiry, .inspection],
                    attributes: [attribute], in: preparer)
            }
            if open { continue }
            let failing = deviation?.control == control.key ? test.items.first : nil
            test = try await store.programme.fieldwork.record(
                test.id, of: id,
                results: test.items.map {
                    .init(item: $0, attribute: attribute, passed: $0 != failing, note: $0 == failing ? deviation?.note ?? "" : "")
                }, in: preparer)
            if let deviation, failing != nil {
                test = try await store.programme.fieldwork.addException(
                    test.id, of: id, description: deviation.description, cause: deviation.cause, count: 1,
                    evaluation: .withinTolerance, in: preparer)
                if let exception = test.exceptions.first {
                    _ = try await store.programme.fieldwork.respond(to: exception.id, in: test.id, of: id, response: deviation.response, in: client)
                }
            }
            tested += test.items.count
            _ = try await store.programme.fieldwork.sign(.test, test.id, of: id, role: .preparer, in: preparer)
            _ = try await store.programme.fieldwork.sign(.test, test.id, of: id, role: .reviewer, in: reviewer)
            _ = try await store.programme.fieldwork.release(test.id, of: id, in: reviewer)
        }
        return tested
    }

    /// The client exports the control's occurrences in the period; the preparer freezes and samples them.
    private func drawSample(for control: ProgrammeControl, engagement id: UUID, from start: Day, to end: Day, folder: URL) async throws -> (
        UUID, UUID
    ) {
        var rows = ["occurrence,date,performed_by"]
        var day = start
        var number = 0
        while day <= end {
            number += 1
            rows.append("\(control.key)-\(number),\(day),\(control.owner ?? control.ownerRole)")
            switch control.frequency {
            case .daily, .continuous: day = day.adding(days: 1)
            case .weekly: day = day.adding(days: 7)
            case .monthly: day = day.adding(months: 1)
            case .quarterly: day = day.adding(months: 3)
            case .annual: day = day.adding(months: 12)
            case .perEvent: day = day.adding(days: 3)
            }
        }
        let file = folder.appendingPathComponent("\(control.key).csv")
        try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: file)
        let item = try await evidence.ingest(
            contentsOf: file,
            .init(
                fileName: "\(control.key)-occurrences.csv", period: try EvidencePeriod(start: start.date, end: end.date),
                source: EvidenceSource(
                    kind: .import, actor: client.actor.description, collector: "ticket-export", method: "occurrences of \(control.key) in the period"),
                rowCount: number,
                details: NewEvidence(
                    title: "Population: \(control.key) occurrences", controls: [control.key], criteria: control.criteria,
                    frequency: control.frequency)), in: client)
        let (_, versions) = try await store.evidence.get(item.id, in: client)
        let population = try await store.programme.fieldwork.freeze(
            .init(
                name: "\(control.key) occurrences", sourceSystem: "Acme's ticketing system",
                extractionQuery: "every \(control.key) occurrence, \(start) to \(end)",
                completenessProcedure: "Agreed the count to the system's report for the period and checked the first and last occurrence dates.",
                controls: [control.key]),
            into: id, evidence: item, version: versions[0], scan: try await evidence.scanPopulation(versions[0]), in: preparer)
        let seed = UInt64(Digest.sha256Hex(Array(control.key.utf8)).prefix(8), radix: 16).map { $0 % SampleDraw.maxSeed } ?? 1
        let sample = try await store.programme.fieldwork.draw(
            .init(populationID: population.id, control: control.key, risk: .low, seed: seed, method: .random, override: nil),
            for: id, in: preparer, keys: evidence.populationKeys)
        return (population.id, sample.id)
    }
}
