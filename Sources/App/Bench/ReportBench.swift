import Catalogs
import ComplianceCore
import Crypto
import Foundation
import Reports

/// A Type 2 report with `controls` controls over the 61 criteria and `samples` tested items:
/// building and rendering its HTML against a floor (hashing the same bytes once), and printing it
/// to PDF against Chromium printing an empty page (the browser's own start-up cost).
enum ReportBench {
    static func run(controls count: Int, samples: Int, runs: Int, pdf: Bool) async throws -> String {
        let inputs = try synthetic(controls: count, samples: samples)
        var html = ""
        var build: [Double] = []
        var render: [Double] = []
        var floor: [Double] = []
        for _ in 0..<(runs + 1) {
            var document: ReportDocument?
            build.append(try await Bench.seconds { document = try ReportBuilder(inputs).build(version: 1, now: Date()) })
            render.append(await Bench.seconds { html = ReportHTML.render(document!, draft: false) })
            let bytes = Array(html.utf8)
            floor.append(await Bench.seconds { _ = SHA256.hash(data: bytes) })
        }
        build.removeFirst()
        render.removeFirst()
        floor.removeFirst()
        let tested = inputs.tests.reduce(0) { $0 + $1.items.count }
        var lines = [
            "report: \(inputs.controlsInScope.count) controls, \(inputs.applicable.count) criteria, \(tested) tested items, \(inputs.tests.reduce(0) { $0 + $1.results.count }) results; HTML \(html.utf8.count / 1024) KiB",
            String(
                format: "  build the document: median %.1f ms; render HTML: median %.1f ms; together %.1f ms (target < 1000 ms)",
                Bench.median(build) * 1000, Bench.median(render) * 1000, (Bench.median(build) + Bench.median(render)) * 1000),
            String(format: "  floor: SHA-256 of the same HTML once: %.2f ms", Bench.median(floor) * 1000),
        ]
        if pdf {
            let renderer = try PDFRenderer.locate()
            var empty = 0.0
            var full = 0.0
            var size = 0
            empty = try await Bench.seconds { _ = try await renderer.pdf(html: "<!doctype html><title>empty</title><p>.</p>") }
            full = try await Bench.seconds { size = try await renderer.pdf(html: html).count }
            lines.append(
                String(
                    format: "  PDF through Chromium: %.2f s (%d KiB; target < 15 s); Chromium printing an empty page: %.2f s", full, size / 1024,
                    empty))
        }
        return lines.joined(separator: "\n")
    }

    /// 120 controls spread over every criterion, each tested over its share of the samples with two
    /// attributes, and a deviation in every tenth control.
    static func synthetic(controls count: Int, samples: Int) throws -> ReportBuilder.Inputs {
        let catalog = CatalogLoader.bundled
        let organization = UUID()
        let engagement = Engagement(
            id: UUID(), organizationID: organization, name: "Bench FY2027", status: .reporting, auditFirm: "bench-firm",
            scope: EngagementScope(
                reportType: .type2, periodStart: Day("2026-01-01"), periodEnd: Day("2026-12-31"), categories: TrustServicesCategory.allCases,
                systemName: "Bench platform", services: "A service.", boundaries: "Everything in production.", clouds: [.aws, .gcp],
                locations: ["London", "Berlin"], headcount: .upTo1000,
                subservices: [SubserviceOrganization(name: "AWS", service: "Hosting", method: .carveOut)]),
            exclusions: [], createdAt: Date(), updatedAt: Date())
        let criteria = catalog.criteria.map(\.id)
        let frequencies: [Frequency] = [.daily, .weekly, .monthly, .quarterly, .annual, .perEvent]
        var controls: [ProgrammeControl] = []
        var tests: [ControlTest] = []
        for index in 0..<count {
            let key = String(format: "BEN-%03d", index + 1)
            let mapped = [criteria[index % criteria.count], criteria[(index * 7 + 3) % criteria.count]]
            controls.append(
                ProgrammeControl(
                    id: UUID(), organizationID: organization, key: key, libraryID: nil, title: "Control \(index + 1) keeps things in order",
                    description:
                        "The team performs check \(index + 1) and records the outcome in the ticketing system, where a second person reviews it.",
                    type: .manual, frequency: frequencies[index % frequencies.count], ownerRole: "Engineering lead", owner: nil, criteria: mapped,
                    procedures: [], evidence: [], status: .operating, retired: false, updatedAt: Date()))
            let share = samples / count + (index < samples % count ? 1 : 0)
            let attributes = ["performed on time", "reviewed by a second person"]
            var test = try ControlTest(
                id: UUID(), engagementID: engagement.id, control: key, sampleID: UUID(), items: Array(1...max(1, share)),
                procedures: [.inspection, .reperformance], attributes: attributes, preparedBy: "bench@firm.example")
            for item in test.items {
                for attribute in attributes {
                    let failed = index % 10 == 0 && item == 1 && attribute == attributes[1]
                    try test.record(
                        item: item, attribute: attribute, passed: !failed, note: failed ? "No second review recorded." : "", evidenceIDs: [],
                        by: "bench@firm.example", at: Date())
                }
            }
            if index % 10 == 0 {
                test.exceptions.append(
                    TestException(
                        id: UUID(), description: "One occurrence had no second review.", cause: "The reviewer was away.", count: 1,
                        evaluation: .withinTolerance, managementResponse: "A deputy is now named.", respondedBy: "cfo@bench.example",
                        respondedAt: Date()))
            }
            tests.append(test)
        }
        return ReportBuilder.Inputs(
            engagement: engagement, organizationName: "Bench Co", organizationSlug: "bench", firmName: "Bench Firm LLP", firmSlug: "bench-firm",
            catalog: catalog, controls: controls, tests: tests, description: SystemDescription(engagementID: engagement.id), assertion: nil)
    }
}
