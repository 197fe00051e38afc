import Catalogs
import ComplianceCore
import Foundation
import Testing

@Suite("Report builder: Type 1 and Type 2, AT-C 205 and ISAE 3000, modified opinions, SOC 3")
struct ReportBuilderTests {
    func inputs(_ type: ReportType, standards: [AttestationStandard], failing: Bool = false, exclusions: [CriterionExclusion] = []) throws
        -> ReportBuilder.Inputs
    {
        let scope =
            type == .type1
            ? EngagementScope(
                reportType: .type1, asOf: Day("2026-06-30"), categories: [.security], standards: standards, systemName: "Widget", clouds: [.aws])
            : EngagementScope(
                reportType: .type2, periodStart: Day("2026-01-01"), periodEnd: Day("2026-06-30"), categories: [.security], standards: standards,
                systemName: "Widget", clouds: [.aws])
        let engagement = Engagement(
            id: UUID(), organizationID: UUID(), name: "E", status: .reporting, auditFirm: "assure", scope: scope, exclusions: exclusions,
            createdAt: Date(), updatedAt: Date())
        let control = ProgrammeControl(
            id: UUID(), organizationID: engagement.organizationID, key: "OPS-03", libraryID: nil, title: "Alerts are answered",
            description: "On-call answers every alert.", type: .manual, frequency: .daily, ownerRole: "SRE", owner: nil,
            criteria: ["CC7.2"], procedures: [], evidence: [], status: .operating, retired: false, updatedAt: Date())
        var test = try ControlTest(
            id: UUID(), engagementID: engagement.id, control: "OPS-03", sampleID: UUID(), items: [3, 9], procedures: [.inspection],
            attributes: ["answered within 15 minutes"], preparedBy: "alex")
        for item in test.items {
            try test.record(
                item: item, attribute: "answered within 15 minutes", passed: !failing, note: failing ? "Alert muted." : "", evidenceIDs: [],
                by: "alex", at: Date())
        }
        if failing {
            test.exceptions.append(
                TestException(
                    id: UUID(), description: "Alerts were muted for three weeks.", cause: "A noisy rule was silenced.", count: 2,
                    evaluation: .notEffective, managementResponse: nil, respondedBy: nil, respondedAt: nil))
        }
        return ReportBuilder.Inputs(
            engagement: engagement, organizationName: "Acme", organizationSlug: "acme", firmName: "Assure LLP", firmSlug: "assure",
            catalog: CatalogLoader.bundled, controls: [control], tests: type == .type2 ? [test] : [],
            description: SystemDescription(engagementID: engagement.id),
            assertion: nil)
    }

    func text(_ document: ReportDocument) -> String {
        (document.sectionI + document.sectionII + document.sectionIII + document.sectionV).flatMap { [$0.heading] + $0.paragraphs }.joined(
            separator: "\n")
    }

    @Test func aType1ReportSpeaksOfDesignAsOfADate() throws {
        let document = try ReportBuilder(try inputs(.type1, standards: [.atc205])).build(version: 1, now: Date())
        let all = text(document)
        #expect(all.contains("as of 2026-06-30") && !all.contains("operating effectiveness") && !all.contains("DC9"))
        #expect(document.controls.first?.result == nil && document.criteria.allSatisfy { $0.result == nil }, "a Type 1 has no test results")
    }

    /// Issue 17: Section I in the profession's form, each element a CPA firm's report carries.
    @Test func sectionOneCarriesEveryElementAFirmSigns() throws {
        var inputs = try inputs(.type2, standards: [.atc205])
        inputs.engagement.scope.subservices = [
            SubserviceOrganization(name: "Amazon Web Services", service: "hosting", method: .carveOut),
            SubserviceOrganization(name: "Okta", service: "single sign-on", method: .inclusive),
        ]
        inputs.description.userEntityControls = ["Customers remove their own leavers from the admin console."]
        inputs.templates["section1.signature"] = "{{firm}}\n\nBoston, Massachusetts\n\n{{report_date}}"
        let document = try ReportBuilder(inputs).build(version: 1, now: try #require(Timestamp.parse("2026-07-15T09:00:00Z")))
        let headings = document.sectionI.map(\.heading)
        #expect(
            headings == [
                "", "Scope", "Service organization's responsibilities", "Service auditor's responsibilities", "Inherent limitations",
                "Description of tests of controls", "Unmodified opinion", "Restricted use", "",
            ])
        let all = document.sectionI.flatMap(\.paragraphs).joined(separator: "\n")
        for element in [
            "To the management of Acme", "DC section 200", "TSP section 100", "(the carve-out method)", "(the inclusive method)",
            "complementary subservice organization controls listed in Section III", "complementary user entity controls that Acme assumed",
            "sufficient and appropriate to provide a reasonable basis for our opinion", "Testing the operating effectiveness",
            "(a) the description presents", "(b) the controls stated in the description were suitably designed",
            "if its controls operated effectively throughout that period, and if the subservice organizations and user entities applied",
            "(c) the controls stated in the description operated effectively", "not intended to be, and should not be, used by anyone other than",
            "Boston, Massachusetts", "15 July 2026",
        ] {
            #expect(all.contains(element), "Section I lacks: \(element)")
        }
        // A Type 1 tests nothing, so it neither lists the testing procedure nor points to Section IV's results.
        let type1 = try ReportBuilder(try self.inputs(.type1, standards: [.atc205])).build(version: 1, now: Date()).sectionI.flatMap(\.paragraphs)
        #expect(!type1.contains { $0.contains("Testing the operating effectiveness") || $0.contains("Section IV") || $0.hasPrefix("(c)") })
        #expect(
            type1.first { $0.hasPrefix("(b)") }?.contains("complementary") == false,
            "no subservice organisations or user entity controls, no such condition")
        // The SOC 3 gives its opinion on management's assertion, not on a description it does not contain.
        let soc3 = try ReportBuilder(inputs).build(kind: .soc3, version: 1, now: Date()).sectionI.flatMap(\.paragraphs).joined()
        #expect(soc3.contains("management's assertion") && !soc3.contains("description criteria") && !soc3.contains("Section III"))
        let soc3Assertion = try ReportBuilder(inputs).build(kind: .soc3, version: 1, now: Date()).sectionII.flatMap(\.paragraphs).joined()
        #expect(soc3Assertion.contains("We assert that the controls within the system were effective") && !soc3Assertion.contains("Section III"))
        // Section II mirrors Section I: the subservice and user entity paragraphs, then (a) to (c).
        let assertion = document.sectionII.flatMap(\.paragraphs)
        #expect(assertion.contains { $0.contains("leaves out those of Amazon Web Services") })
        #expect(assertion.contains { $0.contains("complementary user entity controls assumed in the design") })
        #expect(assertion.contains("We confirm, to the best of our knowledge and belief, that:"))
        #expect(["(a)", "(b)", "(c)"].allSatisfy { part in assertion.contains { $0.hasPrefix(part) } })
    }

    @Test func isae3000AloneOrDual() throws {
        let dual = text(try ReportBuilder(try inputs(.type2, standards: [.atc205, .isae3000])).build(version: 1, now: Date()))
        #expect(dual.contains("AT-C section 205") && dual.contains("International Standard on Assurance Engagements 3000 (Revised)"))
        #expect(dual.contains("both AICPA AT-C section 205 and ISAE 3000 (Revised)"))
        let isae = text(try ReportBuilder(try inputs(.type2, standards: [.isae3000])).build(version: 1, now: Date()))
        #expect(isae.contains("International Standard on Assurance Engagements 3000") && !isae.contains("AT-C section 105"))
    }

    @Test func aCriterionNotMetQualifiesTheOpinionWithItsBasis() throws {
        let builder = ReportBuilder(try inputs(.type2, standards: [.atc205], failing: true))
        let document = try builder.build(version: 1, now: Date())
        #expect(document.opinion.kind == .qualified)
        let basis = try #require(document.sectionI.first { $0.heading == "Basis for qualified opinion" })
        #expect(basis.paragraphs == ["CC7.2 was not met: control OPS-03 did not operate effectively (Alerts were muted for three weeks)."])
        #expect(
            document.controls.first?.result == "Exception noted: Alerts were muted for three weeks. This occurred in 2 of the 2 items tested.",
            "the deviation and its rate, without the auditor's evaluation or the cause")
        let soc3 = try builder.build(kind: .soc3, version: 1, now: Date())
        #expect(soc3.opinion.kind == .qualified && soc3.controls.isEmpty && soc3.criteria.isEmpty, "the SOC 3 carries the opinion, not the tests")
        #expect(text(soc3).contains("Basis for qualified opinion"), "a modified opinion keeps its basis in the SOC 3")
    }

    @Test func excludedCriteriaAreExplainedInDC8() throws {
        let excluded = try CriterionExclusion(criterion: "CC6.4", reason: "No offices or data centres of our own; hosting is carved out.")
        var inputs = try inputs(.type2, standards: [.atc205], exclusions: [excluded])
        inputs.description.adopted = ["DC8"]
        let document = try ReportBuilder(inputs).build(version: 1, now: Date())
        #expect(!document.criteria.contains { $0.id == "CC6.4" })
        #expect(text(document).contains("CC6.4 does not apply: No offices or data centres of our own; hosting is carved out."))
    }

    /// Issue 17: Section III says only what management wrote or adopted; an unwritten section is
    /// named, and a claim of absence ("no significant incidents") is never a default.
    @Test func sectionThreeSaysOnlyWhatManagementWroteOrAdopted() throws {
        var inputs = try inputs(.type2, standards: [.atc205])
        inputs.description.commitments = ["99.9% monthly availability."]
        inputs.description.texts["DC1"] = "Widget runs payroll for small firms."
        let engagement = inputs.engagement
        #expect(
            inputs.description.missing(for: engagement, catalog: inputs.catalog).map(\.id) == ["DC3", "DC4", "DC5", "DC6", "DC7", "DC8", "DC9"])
        var document = try ReportBuilder(inputs).build(version: 1, now: Date())
        let incidents = try #require(document.sectionIII.first { $0.heading.hasPrefix("DC4.") })
        #expect(incidents.paragraphs == ["[Management has not written this section yet.]"])
        #expect(!text(document).contains("No significant incidents"))

        inputs.description.adopted = ["DC3", "DC4", "DC5", "DC6", "DC7", "DC8", "DC9"]
        #expect(inputs.description.missing(for: engagement, catalog: inputs.catalog).isEmpty)
        document = try ReportBuilder(inputs).build(version: 1, now: Date())
        #expect(text(document).contains("No significant incidents occurred during the period."))
        #expect(text(document).contains("Widget runs payroll for small firms."))

        // DC2 has no drafted wording to adopt; a criterion is adopted once; a Type 1 keeps DC9 unprinted.
        for adopted in [["DC2"], ["DC1", "DC1"], ["DC10"]] {
            var wrong = inputs.description
            wrong.adopted = adopted
            #expect(throws: DomainError.self, "\(adopted)") { try wrong.validated(for: engagement, catalog: inputs.catalog) }
        }
        var type1 = try self.inputs(.type1, standards: [.atc205])
        type1.description.adopted = ["DC9"]
        #expect(try type1.description.validated(for: type1.engagement, catalog: type1.catalog).adopted == ["DC9"])
        #expect(try ReportBuilder(type1).build(version: 1, now: Date()).sectionIII.allSatisfy { !$0.heading.hasPrefix("DC9") })
    }

    /// Issue 17: Section IV per control in the profession's words: the library's steps in the past
    /// tense, the sample against its population, the attributes, the IPE procedure, and the
    /// definitions of the test types; no per-criterion verdict.
    @Test func sectionFourDescribesEachTestFromThePlan() throws {
        var inputs = try inputs(.type2, standards: [.atc205])
        var scanner = PopulationScanner(keyColumn: "alert_id")
        let csv = "alert_id,raised_at\n" + (1...140).map { "A\($0),2026-0\(1 + $0 % 6)-01" }.joined(separator: "\n") + "\n"
        Array(csv.utf8).withUnsafeBytes { scanner.consume($0) }
        let scan = scanner.finish()
        let population = Population(
            id: UUID(), engagementID: inputs.engagement.id, name: "PagerDuty alerts", version: 1, evidenceID: UUID(), evidenceVersion: 1,
            scan: scan, sourceSystem: "PagerDuty", extractionQuery: "all incidents raised in the period",
            completenessProcedure: "Compared the count with PagerDuty's own analytics for the period", controls: ["OPS-03"], frozenBy: "alex",
            frozenAt: Date())
        let (draw, sizing) = try SampleDraw.make(population: scan, frequency: .daily, risk: .low, period: nil, seed: 7)
        let sample = Sample(
            id: try #require(inputs.tests.first?.sampleID), engagementID: inputs.engagement.id, populationID: population.id, control: "OPS-03",
            frequency: .daily, risk: .low, periodMonths: 6, proposal: sizing.proposal, overrideReason: nil, draw: draw, extensions: [],
            drawnBy: "alex", drawnAt: Date())
        inputs.populations = [population]
        inputs.samples = [sample]
        inputs.controls[0].procedures = [
            TestProcedure(method: .inspection, step: "For sampled alerts, inspect the page and compare its time with the acknowledgement.")
        ]
        let document = try ReportBuilder(inputs).build(version: 1, now: Date())
        let row = try #require(document.controls.first)
        #expect(
            row.procedures == [
                "For sampled alerts, inspected the page and compared its time with the acknowledgement.",
                "Sample: 2 items selected at random from a population of 140 (PagerDuty alerts).",
                "Attributes checked for each: answered within 15 minutes.",
            ])
        #expect(row.populationSize == 140 && row.sampleSize == 2 && row.result == "No exceptions noted.")
        #expect(row.ipe?.first?.contains("obtained from PagerDuty (all incidents raised in the period)") == true)
        #expect(row.ipe?.first?.hasSuffix("Compared the count with PagerDuty's own analytics for the period.") == true)
        #expect(document.sectionIV?.map(\.heading) == ["Types of tests performed", "Sampling", "Information produced by the entity"])
        let types = document.sectionIV?.first?.paragraphs.joined(separator: " ") ?? ""
        #expect(["Inquiry:", "Observation:", "Inspection:", "Reperformance:"].allSatisfy(types.contains))
        #expect(try ReportBuilder(try self.inputs(.type1, standards: [.atc205])).build(version: 1, now: Date()).sectionIV == nil)
    }
}
