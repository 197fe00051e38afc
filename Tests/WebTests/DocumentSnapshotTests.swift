import Catalogs
import ComplianceCore
import Foundation
import Reports
import TestSupport
import Testing

@testable import UseCases

/// The documents a reader gets — the SOC 2 report (unmodified, qualified, adverse and disclaimer;
/// carve-out and inclusive; Type 1 and 2; AT-C 205, ISAE 3000 and dual), the SOC 3, a bridge letter
/// and the binder's index — rendered from fixed inputs and compared with reviewed snapshots in
/// `__Snapshots__/`.
@Suite("Documents as readers see them")
struct DocumentSnapshotTests {
    static let issued = Date(timeIntervalSince1970: 1_783_000_000)  // 2026-07-02
    static func id(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))! }

    /// Which controls fail: none, one (a qualified opinion), or both over enough criteria to be pervasive (adverse).
    enum Failing { case none, one, pervasive }

    static func inputs(_ type: ReportType, standards: [AttestationStandard], failing: Bool = false) throws -> ReportBuilder.Inputs {
        try inputs(type, standards: standards, failing: failing ? .one : .none)
    }

    static func inputs(
        _ type: ReportType, standards: [AttestationStandard], failing: Failing, method: SubserviceOrganization.Method = .carveOut,
        scopeLimitation: String? = nil
    ) throws -> ReportBuilder.Inputs {
        let scope =
            type == .type1
            ? EngagementScope(
                reportType: .type1, asOf: Day("2026-06-30"), categories: [.security, .availability], standards: standards,
                systemName: "Widget platform", clouds: [.aws], locations: ["London"],
                subservices: [SubserviceOrganization(name: "Amazon Web Services", service: "Infrastructure hosting", method: method)])
            : EngagementScope(
                reportType: .type2, periodStart: Day("2026-01-01"), periodEnd: Day("2026-06-30"), categories: [.security, .availability],
                standards: standards, systemName: "Widget platform", clouds: [.aws], locations: ["London"],
                subservices: [SubserviceOrganization(name: "Amazon Web Services", service: "Infrastructure hosting", method: method)])
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
                ownerRole: "Engineering lead", owner: nil,
                criteria: failing == .pervasive ? ["CC8.1", "CC5.1", "CC5.2", "CC5.3", "CC7.1", "CC7.3", "CC7.4", "CC7.5"] : ["CC8.1"],
                procedures: [
                    TestProcedure(method: .inspection, step: "For sampled pull requests, inspect the approval and compare its time with the merge.")
                ],
                evidence: [], status: .operating, retired: false, updatedAt: issued),
        ]
        var tests: [ControlTest] = []
        if type == .type2 {
            for (n, control) in ["OPS-03", "CHG-01"].enumerated() {
                var test = try ControlTest(
                    id: id(10 + n), engagementID: id(1), control: control, sampleID: id(20 + n), items: [3, 9, 14],
                    procedures: [.inquiry, .inspection], attributes: ["done on time"], preparedBy: "Alex Auditor")
                for item in test.items {
                    let fails = (failing == .one && control == "OPS-03" || failing == .pervasive) && item == 9
                    try test.record(
                        item: item, attribute: "done on time", passed: !fails, note: fails ? "Alert muted." : "", evidenceIDs: [], by: "Alex Auditor",
                        at: issued)
                }
                if failing == .one && control == "OPS-03" || failing == .pervasive {
                    test.exceptions.append(
                        TestException(
                            id: id(30 + n),
                            description: control == "OPS-03"
                                ? "One alert was muted for three weeks." : "One change was merged without a second approval.",
                            cause: "A noisy rule was silenced.", count: 1,
                            evaluation: .notEffective, managementResponse: "The rule is fixed and muting now needs approval.",
                            respondedBy: "Olivia Owner", respondedAt: issued))
                }
                tests.append(test)
            }
        }
        var description = SystemDescription(engagementID: id(1))
        description.commitments = ["99.9% monthly availability of the Widget API."]
        description.userEntityControls = ["Customers manage their own users and their access."]
        description.adopted = ["DC1", "DC3", "DC4", "DC5", "DC7", "DC8", "DC9"]
        // The population the change sample was drawn from, for the sizes and the IPE procedure.
        var scanner = PopulationScanner(keyColumn: "pr")
        let csv = "pr,merged_at\n" + (1...212).map { "PR-\(1000 + $0),2026-03-01" }.joined(separator: "\n") + "\n"
        Array(csv.utf8).withUnsafeBytes { scanner.consume($0) }
        let scan = scanner.finish()
        let population = Population(
            id: id(40), engagementID: id(1), name: "Merged pull requests", version: 1, evidenceID: id(41), evidenceVersion: 1, scan: scan,
            sourceSystem: "GitHub", extractionQuery: "pull requests merged to main in the period, from the REST API",
            completenessProcedure: "Reconciled the count with the repository's merge commits on main", controls: ["CHG-01"],
            frozenBy: "Alex Auditor", frozenAt: issued)
        let (draw, sizing) = try SampleDraw.make(
            population: scan, frequency: .perEvent, risk: .low, period: nil, seed: 42, override: (3, "A small sample for the snapshot."))
        let sample = Sample(
            id: id(21), engagementID: id(1), populationID: id(40), control: "CHG-01", frequency: .perEvent, risk: .low, periodMonths: 6,
            proposal: sizing.proposal, overrideReason: "A small sample for the snapshot.", draw: draw, extensions: [], drawnBy: "Alex Auditor",
            drawnAt: issued)
        return ReportBuilder.Inputs(
            engagement: engagement, organizationName: "Acme Cloud", organizationSlug: "acme-cloud", firmName: "Assure LLP", firmSlug: "assure",
            catalog: CatalogLoader.bundled, controls: controls, tests: tests, description: description,
            assertion: try ManagementAssertion(
                engagementID: id(1), signatory: "Olivia Owner", position: "CEO", acceptedBy: "Olivia Owner", acceptedAt: issued),
            scopeLimitation: scopeLimitation, populations: [population], samples: [sample])
    }

    struct Case: Sendable {
        let name: String
        let type: ReportType
        let standards: [AttestationStandard]
        var failing: Failing = .none
        var method: SubserviceOrganization.Method = .carveOut
        var scopeLimitation: String? = nil
        var soc3 = false
    }

    static let cases: [Case] = [
        Case(name: "soc2-type2-atc205-unmodified.html", type: .type2, standards: [.atc205]),
        Case(name: "soc2-type2-dual-qualified.html", type: .type2, standards: [.atc205, .isae3000], failing: .one),
        Case(name: "soc2-type2-atc205-adverse.html", type: .type2, standards: [.atc205], failing: .pervasive),
        Case(
            name: "soc2-type2-isae3000-disclaimer.html", type: .type2, standards: [.isae3000],
            scopeLimitation:
                "Management could not provide the change records for March to June 2026, and we were unable to test CHG-01 by other means."
        ),
        Case(name: "soc2-type2-atc205-inclusive.html", type: .type2, standards: [.atc205], method: .inclusive),
        Case(name: "soc2-type1-isae3000.html", type: .type1, standards: [.isae3000]),
        Case(name: "soc3-type2-atc205.html", type: .type2, standards: [.atc205], soc3: true),
        Case(name: "soc3-type2-atc205-adverse.html", type: .type2, standards: [.atc205], failing: .pervasive, soc3: true),
    ]

    @Test(arguments: cases.indices)
    func theReport(_ index: Int) throws {
        let c = Self.cases[index]
        let builder = ReportBuilder(
            try Self.inputs(c.type, standards: c.standards, failing: c.failing, method: c.method, scopeLimitation: c.scopeLimitation))
        let document = try builder.build(kind: c.soc3 ? .soc3 : .soc2, version: 3, now: Self.issued)
        let expected: Opinion.Kind =
            c.scopeLimitation != nil ? .disclaimer : c.failing == .pervasive ? .adverse : c.failing == .one ? .qualified : .unmodified
        #expect(document.opinion.kind == expected, "\(c.name)")
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
