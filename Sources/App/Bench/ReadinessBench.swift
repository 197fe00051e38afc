import ComplianceCore
import Foundation
import Logging
import Persistence
import UseCases

/// Readiness for an engagement with the whole library adopted, every policy published and many
/// evidence items, against the floor it stands on: listing the same evidence.
enum ReadinessBench {
    static func run(items: Int, samples: Int) async throws -> String {
        let folder = try Bench.scratch("readiness")
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let database = try await AttestDatabase.open(.sqliteFile(path: folder.appendingPathComponent("attest.sqlite").path), logger: logger)
        try await database.migrate()
        let store = Store(database: database, bcryptCost: 4)
        do {
            let result = try await measure(store: store, items: items, samples: samples)
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }

    private static func measure(store: Store, items: Int, samples: Int) async throws -> String {
        _ = try await store.organizations.create(slug: try Slug("bench"), name: "Bench", kind: .serviceOrganization, actor: .cli("bench"))
        let scope = try await store.organizations.operatorScope(slug: "bench")
        let engagement = try await store.programme.engagements.create(
            name: "Bench",
            scope: EngagementScope(
                reportType: .type2, periodStart: Day("2026-01-01"), periodEnd: Day("2026-06-30"),
                categories: TrustServicesCategory.allCases, systemName: "Bench", clouds: [.aws], locations: ["A", "B"], headcount: .upTo1000),
            in: scope)
        let controls = try await store.programme.controls.adopt(in: scope)
        for (index, control) in controls.enumerated() where index % 4 != 0 {
            _ = try await store.programme.controls.update(control.key, action: "status_changed", in: scope) { $0.status = .operating }
        }
        let variables = PolicyVariables(company: "Bench", owner: "Owner", securityContact: "security@bench.example")
        for template in store.content.policies {
            _ = try await store.programme.policies.adopt(template: template.id, variables: variables, owner: "Owner", in: scope)
            for status in [PolicyStatus.inReview, .approved, .published] {
                _ = try await store.programme.policies.advance(template.id, to: status, in: scope)
            }
        }
        Bench.progress("adopted \(controls.count) controls and \(store.content.policies.count) policies")
        let criteria = store.content.catalog.criteria.map(\.id)
        let blob = AttachedBlob(
            sha256: String(repeating: "b", count: 64), size: 1, contentType: "text/plain", fileName: "f.txt",
            period: try EvidencePeriod(parsing: "2026-01-01..2026-03-31"), source: .init(kind: .import, actor: "cli:bench"), rowCount: nil)
        for index in 0..<items {
            let control = controls[index % controls.count]
            _ = try await store.evidence.insert(
                try EvidenceItem.new(
                    NewEvidence(
                        title: "Evidence \(index)", controls: [control.key], criteria: [criteria[index % criteria.count]],
                        frequency: .annual), organizationID: scope.organizationID, now: Date()), firstVersion: blob, in: scope)
            if (index + 1) % 2000 == 0 { Bench.progress("created \(index + 1) evidence items") }
        }
        var report: ReadinessReport?
        var readiness: [Double] = []
        var listing: [Double] = []
        for _ in 0..<(samples + 2) {
            readiness.append(try await Bench.seconds { report = try await store.programme.readiness.compute(engagement.id, in: scope) })
            listing.append(try await Bench.seconds { _ = try await store.evidence.list(in: scope) })
        }
        readiness.removeFirst(2)
        listing.removeFirst(2)
        var controlsRead: [Double] = []
        var policiesRead: [Double] = []
        for _ in 0..<samples {
            controlsRead.append(try await Bench.seconds { _ = try await store.programme.controls.list(in: scope) })
            policiesRead.append(try await Bench.seconds { _ = try await store.programme.policies.list(in: scope) })
        }
        let computed = try await Bench.seconds {
            for _ in 0..<100 {
                _ = ReadinessReport.compute(
                    engagement: engagement, catalog: store.content.catalog, controls: try await store.programme.controls.list(in: scope),
                    policies: [], policyTemplates: store.content.policies, evidence: [], now: Date())
            }
        }
        return """
            readiness of an engagement in every category: 61 criteria, \(controls.count) controls, \(store.content.policies.count) policies, \(items) evidence items
              readiness computed (controls, policies, evidence read and scored): median \(String(format: "%.1f", Bench.median(readiness) * 1000)) ms, p90 \(String(format: "%.1f", Bench.percentile(readiness, 0.9) * 1000)) ms (target < 100 ms median)
              the floor, listing the same evidence alone: median \(String(format: "%.1f", Bench.median(listing) * 1000)) ms
              of which reading \(controls.count) controls: median \(String(format: "%.1f", Bench.median(controlsRead) * 1000)) ms; \(store.content.policies.count) policies with their versions: \(String(format: "%.1f", Bench.median(policiesRead) * 1000)) ms
              scoring without evidence (controls read + scored), mean of 100: \(String(format: "%.2f", computed * 10)) ms
              overall \(String(format: "%.0f", (report?.overall ?? 0) * 100))%, \(report?.gaps.count ?? 0) criteria not ready
            """
    }
}
