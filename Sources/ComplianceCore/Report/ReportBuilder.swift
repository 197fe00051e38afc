import Foundation

/// Builds a report from the engagement's state. Pure: the same inputs give the same document.
public struct ReportBuilder: Sendable {
    public struct Inputs: Sendable {
        public var engagement: Engagement
        public var organizationName: String
        public var organizationSlug: String
        public var firmName: String
        public var firmSlug: String
        public var catalog: Catalog
        public var controls: [ProgrammeControl]
        public var tests: [ControlTest]
        public var description: SystemDescription
        public var assertion: ManagementAssertion?
        public var templates: [String: String]
        public var scopeLimitation: String?
        /// The frozen populations and drawn samples, for Section IV's sizes and IPE procedures.
        public var populations: [Population]
        public var samples: [Sample]

        public init(
            engagement: Engagement, organizationName: String, organizationSlug: String, firmName: String, firmSlug: String, catalog: Catalog,
            controls: [ProgrammeControl], tests: [ControlTest], description: SystemDescription, assertion: ManagementAssertion?,
            templates: [String: String] = [:], scopeLimitation: String? = nil, populations: [Population] = [], samples: [Sample] = []
        ) {
            self.engagement = engagement
            self.organizationName = organizationName
            self.organizationSlug = organizationSlug
            self.firmName = firmName
            self.firmSlug = firmSlug
            self.catalog = catalog
            self.controls = controls
            self.tests = tests
            self.description = description
            self.assertion = assertion
            self.templates = templates
            self.scopeLimitation = scopeLimitation
            self.populations = populations
            self.samples = samples
        }

        /// The criteria that apply: in the categories, not excluded.
        public var applicable: [Criterion] {
            engagement.criteriaInScope(catalog).filter { engagement.exclusion(for: $0.id) == nil }
        }

        /// Active controls that address an applicable criterion.
        public var controlsInScope: [ProgrammeControl] {
            let ids = Set(applicable.map(\.id))
            return controls.filter { !$0.retired && $0.criteria.contains(where: ids.contains) }.sorted { $0.key < $1.key }
        }
    }

    public let inputs: Inputs

    public init(_ inputs: Inputs) {
        self.inputs = inputs
    }

    public var conclusions: [CriterionConclusion] {
        CriterionConclusion.conclude(criteria: inputs.applicable.map(\.id), controls: inputs.controlsInScope, tests: inputs.tests)
    }

    public func opinion() -> Opinion {
        var exceptions: [String: [String]] = [:]
        for test in inputs.tests { exceptions[test.control, default: []] += test.exceptions.map(\.description) }
        return Opinion.derive(conclusions: conclusions, exceptions: exceptions, scopeLimitation: inputs.scopeLimitation)
    }

    /// The template variables for this engagement.
    public func variables(bridgeEnd: Day? = nil) -> [String: String] {
        let scope = inputs.engagement.scope
        let type2 = scope.reportType == .type2
        let period =
            type2
            ? "throughout the period \(scope.periodStart.map(String.init(describing:)) ?? "?") to \(scope.periodEnd.map(String.init(describing:)) ?? "?")"
            : "as of \(scope.asOf.map(String.init(describing:)) ?? "?")"
        let standard = scope.standards.map { standard -> String in
            switch standard {
            case .atc205:
                "attestation standards established by the American Institute of Certified Public Accountants (AT-C section 105 and AT-C section 205)"
            case .isae3000:
                "International Standard on Assurance Engagements 3000 (Revised), Assurance Engagements Other than Audits or Reviews of Historical Financial Information, issued by the International Auditing and Assurance Standards Board"
            }
        }.joined(separator: " and with ")
        let periodDuring =
            type2
            ? "during some or all of the period \(scope.periodStart.map(String.init(describing:)) ?? "?") to \(scope.periodEnd.map(String.init(describing:)) ?? "?")"
            : "as of \(scope.asOf.map(String.init(describing:)) ?? "?")"
        return [
            "service_organization": inputs.organizationName, "system": scope.systemName, "firm": inputs.firmName, "period": period,
            "period_during": periodDuring, "designed_implemented": type2 ? "designed, implemented and operated" : "designed and implemented",
            "tests_clause": type2 ? ", including the description of tests of controls and their results in Section IV," : "",
            "or_operated": type2 ? " or did not operate effectively" : "",
            "that_period": type2 ? " throughout that period" : " as of that date", "design_end": type2 ? ";" : ".",
            "complementary": complementaryCondition.map { ", and if \($0)" } ?? "",
            "complementary_operated": complementaryCondition.map { ", if \($0)\(type2 ? " throughout that period" : "")" } ?? "",
            "operating_test": "", "subservice": "", "subservice_service": "", "report_date": "",
            "report_type": scope.reportType.displayName, "operating": type2 ? " and operating effectiveness" : "",
            "operated": type2 ? " and operated effectively" : "", "standard": standard,
            "categories": scope.categories.sorted().map(\.displayName).joined(separator: ", "),
            "criteria_count": "\(inputs.applicable.count)", "controls_count": "\(inputs.controlsInScope.count)",
            "bridge_end": bridgeEnd.map(String.init(describing:)) ?? "",
            "period_end": (scope.periodEnd ?? scope.asOf).map(String.init(describing:)) ?? "",
            // A bridge letter speaks for the time after the report: from the day after its period.
            "bridge_start": (scope.periodEnd ?? scope.asOf).map { String(describing: $0.adding(days: 1)) } ?? "",
        ]
    }

    /// The opinion's condition on the complementary controls the description relies on: those of
    /// carved-out subservice organisations, those of user entities, both, or none.
    var complementaryCondition: String? {
        let subservices = inputs.engagement.scope.subservices.contains { $0.method == .carveOut }
        let users = !inputs.description.userEntityControls.isEmpty
        let whose = "assumed in the design of \(inputs.organizationName)'s controls"
        switch (subservices, users) {
        case (true, true): return "the subservice organizations and user entities applied the complementary controls \(whose)"
        case (true, false): return "the subservice organizations applied the complementary subservice organization controls \(whose)"
        case (false, true): return "user entities applied the complementary user entity controls \(whose)"
        case (false, false): return nil
        }
    }

    /// Section I of the SOC 2 report in the profession's order: addressee, scope (with a paragraph
    /// per subservice organisation and one for user entity controls), both sides'
    /// responsibilities, limitations, the tests, the basis and the opinion in its parts, the
    /// standards, restricted use, and the firm's signature with the report date.
    func sectionI(opinion: Opinion, now: Date) throws(DomainError) -> [ReportDocument.Block] {
        let scope = inputs.engagement.scope
        let type2 = scope.reportType == .type2
        let scopeParagraphs = try paragraphs("section1.scope") + complementaryParagraphs("section1")
        let operatingTest = type2 ? try paragraphs("section1.operating_test").joined(separator: " ") : ""
        var blocks = [
            ReportDocument.Block("", try paragraphs("section1.addressee")), ReportDocument.Block("Scope", scopeParagraphs),
            ReportDocument.Block("Service organization's responsibilities", try paragraphs("section1.responsibilities")),
            ReportDocument.Block("Service auditor's responsibilities", try paragraphs("section1.auditor", extra: ["operating_test": operatingTest])),
            ReportDocument.Block("Inherent limitations", try paragraphs("section1.limitations")),
        ]
        if type2 { blocks.append(.init("Description of tests of controls", try paragraphs("section1.tests"))) }
        if !opinion.basis.isEmpty { blocks.append(.init("Basis for \(opinion.title.lowercased())", opinion.basis)) }
        var opinionParagraphs = try paragraphs("opinion.\(opinion.kind.rawValue)")
        if opinion.kind == .unmodified || opinion.kind == .qualified {
            opinionParagraphs += try paragraphs("opinion.description") + paragraphs("opinion.design")
            if type2 { opinionParagraphs += try paragraphs("opinion.operating") }
        }
        blocks.append(.init(opinion.title, opinionParagraphs))
        if scope.standards.contains(.isae3000) {
            blocks.append(
                .init(
                    "Standards",
                    [
                        "This report is issued under \(scope.standards.count == 2 ? "both AICPA AT-C section 205 and ISAE 3000 (Revised)" : "ISAE 3000 (Revised)"); the quality management and independence requirements of the standards named above apply."
                    ]))
        }
        blocks.append(.init("Restricted use", try paragraphs("section1.restricted_use")))
        blocks.append(.init("", try paragraphs("section1.signature", extra: ["report_date": Day(now).written()])))
        return blocks
    }

    /// Section II, management's assertion, mirroring Section I: what the description is for, the same
    /// paragraphs on subservice organisations and user entity controls, then what management
    /// confirms, in the opinion's parts (a) to (c).
    func sectionII() throws(DomainError) -> [String] {
        let scope = inputs.engagement.scope
        var out = try paragraphs("section2.assertion") + complementaryParagraphs("section2")
        out += try paragraphs("section2.confirm") + paragraphs("opinion.description") + paragraphs("opinion.design")
        if scope.reportType == .type2 { out += try paragraphs("opinion.operating") }
        return out
    }

    /// The paragraphs Sections I and II both carry, in their own words (`section` is the template
    /// prefix): one per subservice organisation by its method, then one on user entity controls.
    private func complementaryParagraphs(_ section: String) throws(DomainError) -> [String] {
        var out: [String] = []
        for subservice in inputs.engagement.scope.subservices {
            let template = "\(section).\(subservice.method == .carveOut ? "carve_out" : "inclusive")"
            out += try paragraphs(template, extra: ["subservice": subservice.name, "subservice_service": subservice.service])
        }
        if !inputs.description.userEntityControls.isEmpty { out += try paragraphs("\(section).user_entity_controls") }
        return out
    }

    /// A template filled for this engagement, as paragraphs (the firm's wording where it has one).
    public func paragraphs(_ name: String, extra: [String: String] = [:]) throws(DomainError) -> [String] {
        let text = ReportTemplates.text(name, overrides: inputs.templates)
        return ReportTemplates.paragraphs(try TemplateText.fill(text, with: variables().merging(extra) { $1 }, field: name))
    }

    /// The SOC 2 report (Sections I to V), or the SOC 3 built from the same work.
    public func build(kind: ReportDocument.Kind = .soc2, version: Int, now: Date) throws(DomainError) -> ReportDocument {
        let engagement = inputs.engagement
        let scope = engagement.scope
        let opinion = opinion()
        let conclusions = Dictionary(uniqueKeysWithValues: conclusions.map { ($0.criterion, $0) })
        let controls = inputs.controlsInScope

        let sectionI = try sectionI(opinion: opinion, now: now)

        let assertion = [ReportDocument.Block("Management's assertion", try sectionII())]
        let description = SystemDescription.criteria(for: engagement, catalog: inputs.catalog).map { dc in
            ReportDocument.Block(
                "\(dc.id). \(dc.title)", inputs.description.paragraphs(dc.id, engagement: engagement, controls: controls, catalog: inputs.catalog))
        }

        if kind == .soc3 {
            // General use: the assertion, the opinion on it, and a short description, nothing else.
            let short = description.filter { $0.heading.hasPrefix("DC1.") || $0.heading.hasPrefix("DC2.") || $0.heading.hasPrefix("DC3.") }
            var soc3I = [
                ReportDocument.Block("", try paragraphs("section1.addressee")),
                ReportDocument.Block("Scope", try paragraphs("soc3.summary")),
            ]
            if !opinion.basis.isEmpty { soc3I.append(.init("Basis for \(opinion.title.lowercased())", opinion.basis)) }
            // The SOC 3's opinion is on management's assertion, in general-use words of its own.
            soc3I.append(.init(opinion.title, try paragraphs("soc3.opinion.\(opinion.kind.rawValue)")))
            soc3I.append(.init("", try paragraphs("section1.signature", extra: ["report_date": Day(now).written()])))
            let soc3Assertion = [ReportDocument.Block("Management's assertion", try paragraphs("soc3.assertion"))]
            return document(
                kind: .soc3, title: "SOC 3 report: \(scope.systemName)", opinion: opinion, sectionI: soc3I, sectionII: soc3Assertion,
                sectionIII: short, criteria: [], controls: [], sectionV: [], version: version, now: now)
        }

        let criteria = inputs.applicable.map { criterion in
            ReportDocument.CriterionRow(
                id: criterion.id, title: criterion.title, controls: controls.filter { $0.criteria.contains(criterion.id) }.map(\.key),
                result: scope.reportType == .type2 ? conclusions[criterion.id]?.result : nil)
        }
        let rows = controls.map { control in row(control, type2: scope.reportType == .type2) }
        let responses = inputs.tests.flatMap { test in
            test.exceptions.compactMap { exception in
                exception.managementResponse.map { "\(test.control): \(exception.description) Management's response: \($0)" }
            }
        }
        let sectionV = responses.isEmpty ? [] : [ReportDocument.Block("Management's responses to exceptions", responses)]
        var report = document(
            kind: .soc2, title: "SOC 2 \(scope.reportType.displayName) report: \(scope.systemName)", opinion: opinion, sectionI: sectionI,
            sectionII: assertion, sectionIII: description, criteria: criteria, controls: rows, sectionV: sectionV, version: version, now: now)
        if scope.reportType == .type2 { report.sectionIV = try sectionIVIntroduction() }
        return report
    }

    private func row(_ control: ProgrammeControl, type2: Bool) -> ReportDocument.ControlRow {
        let tests = inputs.tests.filter { $0.control == control.key }
        guard type2 else {
            return .init(
                key: control.key, title: control.title, description: control.description, criteria: control.criteria,
                frequency: control.frequency.rawValue,
                procedures: [], tested: nil, result: nil, exceptions: [])
        }
        var procedures: [String] = []
        var ipe: [String] = []
        var populationSize: Int?
        var sampleSize: Int?
        for test in tests {
            let sample = test.sampleID.flatMap { id in inputs.samples.first { $0.id == id } }
            let population = sample.flatMap { sample in inputs.populations.first { $0.id == sample.populationID } }
            procedures += TestsPerformed.describe(test, control: control, sample: sample, population: population)
            if let population {
                populationSize = (populationSize ?? 0) + population.scan.rows
                sampleSize = (sampleSize ?? 0) + test.items.count
                ipe.append(TestsPerformed.ipe(population))
            }
        }
        let tested = tests.reduce(0) { $0 + $1.items.count }
        let exceptions = tests.flatMap { test in
            test.exceptions.map {
                ReportDocument.ExceptionRow(
                    description: $0.description, cause: $0.cause, count: $0.count, of: test.items.count,
                    evaluation: $0.evaluation, managementResponse: $0.managementResponse)
            }
        }
        return .init(
            key: control.key, title: control.title, description: control.description, criteria: control.criteria,
            frequency: control.frequency.rawValue, procedures: procedures, tested: tested,
            result: TestsPerformed.result(tested: !tests.isEmpty, exceptions: exceptions), exceptions: exceptions,
            populationSize: populationSize, sampleSize: sampleSize, ipe: ipe.isEmpty ? nil : ipe)
    }

    /// Section IV's opening for a Type 2: what each type of test means, how samples were drawn,
    /// and the procedures over information produced by the entity (the firm's words where it has them).
    func sectionIVIntroduction() throws(DomainError) -> [ReportDocument.Block] {
        [
            .init("Types of tests performed", try paragraphs("section4.test_types")),
            .init("Sampling", try paragraphs("section4.sampling")),
            .init("Information produced by the entity", try paragraphs("section4.ipe")),
        ]
    }

    private func document(
        kind: ReportDocument.Kind, title: String, opinion: Opinion, sectionI: [ReportDocument.Block], sectionII: [ReportDocument.Block],
        sectionIII: [ReportDocument.Block], criteria: [ReportDocument.CriterionRow], controls: [ReportDocument.ControlRow],
        sectionV: [ReportDocument.Block], version: Int, now: Date
    ) -> ReportDocument {
        let scope = inputs.engagement.scope
        return ReportDocument(
            kind: kind, title: title, organization: inputs.organizationSlug, organizationName: inputs.organizationName, firm: inputs.firmSlug,
            firmName: inputs.firmName, engagementID: inputs.engagement.id, systemName: scope.systemName, services: scope.services,
            reportType: scope.reportType, periodLabel: scope.periodLabel,
            periodStart: scope.periodStart, periodEnd: scope.periodEnd, asOf: scope.asOf, standards: scope.standards,
            categories: scope.categories.sorted(),
            opinion: opinion, sectionI: sectionI, sectionII: sectionII, assertionBy: inputs.assertion.map { "\($0.signatory), \($0.position)" },
            sectionIII: sectionIII, criteria: criteria, controls: controls, sectionV: sectionV, version: version,
            generatedAt: now.roundedToMilliseconds)
    }
}
