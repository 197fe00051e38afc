import Catalogs
import ComplianceCore
import Foundation
import Reports
import TestSupport
import Testing

@testable import UseCases

/// The documents a reader gets — the SOC 2 report (unmodified and qualified, Type 1 and 2, AT-C 205
/// and ISAE 3000), the SOC 3, a bridge letter and the binder's index — rendered from fixed inputs
/// and compared with reviewed snapshots in `__Snapshots__/`.
@Suite("Documents as readers see them")
struct DocumentSnapshotTests {
    static let issued = Date(timeIntervalSince1970: 1_783_000_000)  // 2026-07-02
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }

    static func inputs(_ type: ReportType, standards: [AttestationStandard], failing: Bool = false) throws -> ReportBuilder.Inputs {
        let scope =
            type == .type1
            ? EngagementScope(
                reportType: .type1, asOf: Day("2026-06-30"), categories: [.security, .availability], standards: standards,
                systemName: "Widget platform", clouds: [.aws], locations: ["London"],
                subservices: [SubserviceOrganization(name: "Amazon Web Services", service: "Infrastructure hosting", method: .carveOut)])
            : EngagementScope(
                reportType: .type2, periodStart: Day("2026-01-01"), periodEnd: Day("2026-06-30"), categories: [.security, .availability],
                standards: standards, systemName: "Widget platform", clouds: [.aws], locations: ["London"],
                subservices: [SubserviceOrganization(name: "Amazon Web Services", service: "Infrastructure hosting", method: .carveOut)])
        let engagement = Engagement(
            id: id(1), organizationID: id(2), name: "SOC 2 FY2026", status: .reporting, auditFirm: "assure", scope: scope,
            exclusions: [try CriterionExclusion(criterion: "CC6.4", reason: "No offices or data centres of our own; hosting is carved out.")],
            createdAt: issued, updatedAt: issued)
        let controls = [
            ProgrammeControl(
                id: id(3), organizationID: id(2), key: "OPS-03", libraryID: nil, title: "Alerts are answered",
                description: "On-call answers every production alert within 15 minutes.", type: .manual, frequency: .daily, ownerRole: "SRE",
                owner: nil, criteria: ["CC7.2", "A1.1"], procedures: [], evidence: [], status: .operating, retired: false, updatedAt: issued),
            ProgrammeControl(
                id: id(4), organizationID: id(2), key: "CHG-01", libraryID: nil, title: "Changes are reviewed",
                description: "Every change to production is approved by a second engineer.", type: .automated, frequency: .perEvent,
                ownerRole: "Engineering lead", owner: nil, criteria: ["CC8.1"], procedures: [], evidence: [], status: .operating, retired: false,
                updatedAt: issued),
        ]
        var tests: [ControlTest] = []
        if type == .type2 {
            for (n, control) in ["OPS-03", "CHG-01"].enumerated() {
                var test = try ControlTest(
                    id: id(10 + n), engagementID: id(1), control: control, sampleID: id(20 + n), items: [3, 9, 14],
                    procedures: [.inquiry, .inspection], attributes: ["done on time"], preparedBy: "Alex Auditor")
                for item in test.items {
                    let fails = failing && control == "OPS-03" && item == 9
                    try test.record(
                        item: item, attribute: "done on time", passed: !fails, note: fails ? "Alert muted." : "", evidenceIDs: [], by: "Alex Auditor",
                        at: issued)
                }
                if failing && control == "OPS-03" {
                    test.exceptions.append(
                        TestException(
                            id: id(30), description: "One alert was muted for three weeks.", cause: "A noisy rule was silenced.", count: 1,
                            evaluation: .notEffective, managementResponse: "The rule is fixed and muting now needs approval.",
                            respondedBy: "Olivia Owner", respondedAt: issued))
                }
                tests.append(test)
            }
        }
        var description = SystemDescription(engagementID: id(1))
        description.commitments = ["99.9% monthly availability of the Widget API."]
        description.userEntityControls = ["Customers manage their own users and their access."]
        return ReportBuilder.Inputs(
            engagement: engagement, organizationName: "Acme Cloud", organizationSlug: "acme-cloud", firmName: "Assure LLP", firmSlug: "assure",
            catalog: CatalogLoader.bundled, controls: controls, tests: tests, description: description,
            assertion: try ManagementAssertion(
                engagementID: id(1), signatory: "Olivia Owner", position: "CEO", acceptedBy: "Olivia Owner", acceptedAt: issued))
    }

    static let cases: [(name: String, type: ReportType, standards: [AttestationStandard], failing: Bool, soc3: Bool)] = [
        ("soc2-type2-atc205-unmodified.html", .type2, [.atc205], false, false),
        ("soc2-type2-dual-qualified.html", .type2, [.atc205, .isae3000], true, false),
        ("soc2-type1-isae3000.html", .type1, [.isae3000], false, false),
        ("soc3-type2-atc205.html", .type2, [.atc205], false, true),
    ]

    @Test(arguments: cases.indices)
    func theReport(_ index: Int) throws {
        let c = Self.cases[index]
        let builder = ReportBuilder(try Self.inputs(c.type, standards: c.standards, failing: c.failing))
        let document = try builder.build(kind: c.soc3 ? .soc3 : .soc2, version: 3, now: Self.issued)
        let html = ReportHTML.render(document, draft: false)
        if let mismatch = Snapshot.mismatch(html, named: c.name) { Issue.record(Comment(rawValue: mismatch)) }
    }

    @Test func aDraftCarriesItsWatermarkAndComments() throws {
        let document = try ReportBuilder(try Self.inputs(.type2, standards: [.atc205])).build(version: 1, now: Self.issued)
        let html = ReportHTML.render(document, draft: true, comments: ["Olivia Owner (client): Please spell out the uptime SLA."])
        if let mismatch = Snapshot.mismatch(html, named: "soc2-draft.html") { Issue.record(Comment(rawValue: mismatch)) }
    }

    @Test func theBridgeLetter() throws {
        let paragraphs = try ReportBuilder(try Self.inputs(.type2, standards: [.atc205])).paragraphs(
            "bridge_letter", extra: ["bridge_end": "2026-09-30"])
        let html = BridgeLetterHTML.render(
            organizationName: "Acme Cloud", date: Day("2026-10-01")!, paragraphs: paragraphs, changes: ["Moved the database to a new region."],
            signatory: "Olivia Owner", position: "CEO")
        if let mismatch = Snapshot.mismatch(html, named: "bridge-letter.html") { Issue.record(Comment(rawValue: mismatch)) }
    }

    @Test func theBinderIndex() throws {
        let inputs = try Self.inputs(.type2, standards: [.atc205], failing: true)
        let html = BinderExport.indexHTML(
            organization: "Acme Cloud", engagement: inputs.engagement, walkthroughs: [], populations: [], samples: [], tests: inputs.tests,
            conclusions: [],
            evidence: [(title: "Alert log, H1", version: 2, path: "evidence/alert-log-v2.csv", sha256: String(repeating: "ab", count: 32))],
            head: String(repeating: "cd", count: 32), treeSize: 1234)
        if let mismatch = Snapshot.mismatch(html, named: "binder-index.html") { Issue.record(Comment(rawValue: mismatch)) }
    }
}
