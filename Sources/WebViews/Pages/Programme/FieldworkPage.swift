import ComplianceCore
import Foundation
import Plot

/// Fieldwork on an engagement, for both sides: the auditor works here; the client reads it and
/// answers exceptions.
public enum FieldworkPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let engagement: Engagement
        public let independence: [IndependenceConfirmation]
        public let walkthroughs: [Walkthrough]
        public let populations: [Population]
        public let samples: [Sample]
        public let tests: [ControlTest]
        public let conclusions: [CriterionConclusion]
        public let isAuditor: Bool
        public let needsIndependence: Bool
        public let canRespond: Bool
        public let csrf: String
        /// People's names by the email a record keeps (`GrantWorkflow.names`), to show names.
        public var people: [String: String] = [:]
        public let message: String?
        public let error: String?
        /// For the auditor's forms: evidence items that can be frozen (id, title) and active controls.
        public var evidenceChoices: [(id: String, title: String)] = []
        public var controlChoices: [String] = []
        /// For the auditor: what stands between the engagement and its report, as sentences.
        public var blockers: [String] = []

        public init(
            organization: Organization, engagement: Engagement, independence: [IndependenceConfirmation], walkthroughs: [Walkthrough],
            populations: [Population], samples: [Sample], tests: [ControlTest], conclusions: [CriterionConclusion], isAuditor: Bool,
            needsIndependence: Bool, canRespond: Bool, csrf: String, message: String? = nil, error: String? = nil
        ) {
            self.organization = organization
            self.engagement = engagement
            self.independence = independence
            self.walkthroughs = walkthroughs
            self.populations = populations
            self.samples = samples
            self.tests = tests
            self.conclusions = conclusions
            self.isAuditor = isAuditor
            self.needsIndependence = needsIndependence
            self.canRespond = canRespond
            self.csrf = csrf
            self.message = message
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let base = "/orgs/\(model.organization.slug)/fieldwork"
        let id = model.engagement.id.uuidString.lowercased()
        let tested = model.conclusions.filter { $0.result != .notTested }
        return Shell.page(shell, title: "Fieldwork") {
            H1("Fieldwork: \(model.engagement.name)")
            Paragraph(
                "Audit firm \(model.engagement.auditFirm ?? "not named yet") · \(model.engagement.scope.periodLabel) · \(tested.count) of \(model.conclusions.count) criteria concluded so far"
            ).class("lede")
            Markup.flash(model.message)
            Markup.flash(model.error, kind: "error")
            if model.isAuditor {
                Paragraph {
                    Link("Download the audit binder (ZIP)", url: "/api/v1/orgs/\(model.organization.slug)/engagements/\(id)/binder")
                }
            }
            if model.needsIndependence {
                Markup.tag("form", ["method": "post", "action": "\(base)/independence", "class": "card stack"]) {
                    H2("Confirm your independence")
                    Markup.csrf(model.csrf)
                    Markup.void("input", [("type", "hidden"), ("name", "engagement"), ("value", id)])
                    Label("Statement") {
                        Markup.tag("textarea", ["name": "statement", "rows": "3", "required": "required"]) {
                            Text(
                                "I have no financial or other interest in \(model.organization.name) and no role for it that impairs my independence."
                            )
                        }
                    }
                    Button("Confirm and start fieldwork").attribute(named: "type", value: "submit").class("primary")
                }
            }
            if !model.independence.isEmpty {
                Paragraph(
                    "Independence confirmed by "
                        + model.independence.map { "\(model.people[$0.auditor] ?? $0.auditor) (\(Day($0.confirmedAt)))" }.joined(separator: ", ")
                        + ".")
            }
            blockers(model)
            if model.isAuditor && !model.needsIndependence {
                workForms(model, base: base, id: id)
            }
            H2("Conclusions per criterion")
            table(
                ["Criterion", "Result", "Controls tested"],
                tested.map {
                    [
                        $0.criterion, $0.result.rawValue.replacingOccurrences(of: "_", with: " "),
                        $0.controls.map { "\($0.control): \($0.conclusion.rawValue.replacingOccurrences(of: "_", with: " "))" }.joined(
                            separator: ", "),
                    ]
                },
                empty: "No control has been tested yet.")
            H2("Tests")
            for test in model.tests {
                Div {
                    // The client reads a conclusion only once the auditor releases it (an unreleased
                    // test has no results on the client's side, which would read as "incomplete").
                    let shown = model.isAuditor || test.releasedAt != nil
                    H2("\(test.control): \(shown ? test.conclusion.rawValue.replacingOccurrences(of: "_", with: " ") : "results not released yet")")
                    Paragraph(
                        "\(test.procedures.map(\.rawValue).joined(separator: ", ")) over \(test.items.count) items · \(signature(test.signoffs, people: model.people)) · \(test.releasedAt.map { "released \(Day($0))" } ?? "not released to the client")"
                    )
                    if model.isAuditor && !model.needsIndependence && test.signoffs?.isSigned != true {
                        ResultsGrid.form(
                            test, sample: test.sampleID.flatMap { sampleID in model.samples.first { $0.id == sampleID } }, engagement: id, base: base,
                            csrf: model.csrf)
                    } else if model.isAuditor || test.releasedAt != nil {
                        matrix(test)
                    } else {
                        Paragraph("The auditor has not released these results yet.").class("hint")
                    }
                    for exception in test.exceptions {
                        Div {
                            Paragraph(
                                "Exception: \(exception.description) Cause: \(exception.cause) (\(exception.count) of \(test.items.count); \(exception.evaluation.rawValue.replacingOccurrences(of: "_", with: " ")))"
                            )
                            if let response = exception.managementResponse {
                                Paragraph("Management's response (\(exception.respondedBy ?? "")): \(response)").class("hint")
                            } else if model.canRespond {
                                Markup.tag("form", ["method": "post", "action": "\(base)/response", "class": "row-form"]) {
                                    Markup.csrf(model.csrf)
                                    for (name, value) in [
                                        ("engagement", id), ("test", test.id.uuidString.lowercased()),
                                        ("exception", exception.id.uuidString.lowercased()),
                                    ] {
                                        Markup.void("input", [("type", "hidden"), ("name", name), ("value", value)])
                                    }
                                    Markup.void(
                                        "input",
                                        [
                                            ("type", "text"), ("name", "response"), ("required", "required"),
                                            ("placeholder", "management's response"), ("aria-label", "Management's response"),
                                        ])
                                    Button("Send response").attribute(named: "type", value: "submit").class("link")
                                }
                            } else {
                                Paragraph("Awaiting management's response.").class("hint")
                            }
                        }.class("exception")
                    }
                    signButtons(model, kind: "test", id: test.id, signoffs: test.signoffs, base: base)
                    if model.isAuditor && !model.needsIndependence && test.signoffs?.reviewer != nil && test.releasedAt == nil {
                        Markup.actionButton(
                            "Release results to the client", action: "\(base)/release", csrf: model.csrf,
                            fields: [("engagement", id), ("test", test.id.uuidString.lowercased())])
                    }
                }.class("card")
            }
            if model.tests.isEmpty { Paragraph("No tests yet.") }
            workpapers(model, base: base)
        }
    }

    /// The auditor's tools: freeze a population, draw a sample, plan a test, record a result, an exception.
    static func workForms(_ model: Model, base: String, id: String) -> any Component {
        func hidden() -> any Component { Markup.void("input", [("type", "hidden"), ("name", "engagement"), ("value", id)]) }
        return Div {
            Markup.tag("details", ["class": "card"]) {
                Markup.tag("summary") { Text("Freeze a population") }
                Markup.tag("form", ["method": "post", "action": "\(base)/freeze", "class": "stack"]) {
                    Markup.csrf(model.csrf)
                    hidden()
                    Markup.select(
                        "Evidence (the client's upload)", name: "evidence", options: model.evidenceChoices.map { ($0.id, $0.title) }, selected: nil)
                    Markup.field("Name", name: "name", required: true)
                    Markup.field("Source system", name: "source_system", required: true)
                    Markup.field("Extraction query", name: "extraction_query", required: true)
                    Markup.field("Completeness and accuracy procedure", name: "completeness_procedure", required: true)
                    Markup.field("Unique key column (optional)", name: "key_column")
                    Button("Freeze").attribute(named: "type", value: "submit").class("primary")
                }
            }
            Markup.tag("details", ["class": "card"]) {
                Markup.tag("summary") { Text("Upload a population you pulled yourself") }
                // Multipart is streamed, not read ahead: the token and the engagement travel in the query.
                Markup.tag(
                    "form",
                    [
                        "method": "post", "action": "\(base)/pull?_csrf=\(model.csrf)&engagement=\(id)", "enctype": "multipart/form-data",
                        "class": "stack", "id": "pull-form",
                    ]
                ) {
                    Label("CSV file") {
                        Markup.void("input", [("type", "file"), ("name", "file"), ("accept", ".csv,text/csv"), ("required", "required")])
                    }
                    Markup.field("Name", name: "name", required: true)
                    Markup.field("Source system", name: "source_system", required: true)
                    Markup.field("Extraction query", name: "extraction_query", required: true)
                    Markup.field("Completeness and accuracy procedure", name: "completeness_procedure", required: true)
                    Markup.field("Unique key column (optional)", name: "key_column")
                    Paragraph("The file is checked row by row before anything is kept; the client sees it in its evidence as yours.").class("hint")
                    Button("Upload and freeze").attribute(named: "type", value: "submit").class("primary")
                }
            }
            Markup.tag("details", ["class": "card"]) {
                Markup.tag("summary") { Text("Draw a sample") }
                Markup.tag("form", ["method": "post", "action": "\(base)/draw", "class": "stack"]) {
                    Markup.csrf(model.csrf)
                    hidden()
                    Markup.select(
                        "Population", name: "population",
                        options: model.populations.map { ($0.id.uuidString.lowercased(), "\($0.name) v\($0.version) (\($0.scan.rows) rows)") },
                        selected: nil)
                    Markup.select("Control", name: "control", options: model.controlChoices.map { ($0, $0) }, selected: nil)
                    Markup.select("Risk", name: "risk", options: [("low", "Low"), ("high", "High")], selected: "low")
                    Markup.select(
                        "Method", name: "method", options: [("random", "Random (seeded)"), ("systematic", "Systematic")], selected: "random")
                    Markup.field("Seed (blank: a random one, recorded)", name: "seed", type: "number")
                    Button("Draw").attribute(named: "type", value: "submit").class("primary")
                }
            }
            Markup.tag("details", ["class": "card"]) {
                Markup.tag("summary") { Text("Plan a test") }
                Markup.tag("form", ["method": "post", "action": "\(base)/plan", "class": "stack"]) {
                    Markup.csrf(model.csrf)
                    hidden()
                    Markup.select(
                        "Sample", name: "sample",
                        options: model.samples.map {
                            ($0.id.uuidString.lowercased(), "\($0.control): \($0.allSelected.count) items, seed \($0.draw.seed)")
                        }, selected: nil)
                    Markup.tag("fieldset") {
                        Markup.tag("legend") { Text("Procedures") }
                        for method in TestMethod.allCases {
                            Label(method.rawValue.capitalized) {
                                Markup.void("input", [("type", "checkbox"), ("name", "procedures"), ("value", method.rawValue)])
                            }
                        }
                    }
                    Markup.field(
                        "Attributes to check", name: "attributes", required: true,
                        hint: "Separate with semicolons, e.g. approved by someone other than the author; tests passed.")
                    Button("Plan").attribute(named: "type", value: "submit").class("primary")
                }
            }
            if !model.samples.isEmpty {
                Markup.tag("details", ["class": "card"]) {
                    Markup.tag("summary") { Text("Extend a sample") }
                    Markup.tag("form", ["method": "post", "action": "\(base)/extend", "class": "stack"]) {
                        Markup.csrf(model.csrf)
                        hidden()
                        Markup.select(
                            "Sample", name: "sample",
                            options: model.samples.map {
                                ($0.id.uuidString.lowercased(), "\($0.control): \($0.allSelected.count) items, seed \($0.draw.seed)")
                            }, selected: nil)
                        Markup.field("Items to add", name: "count", type: "number", required: true)
                        Markup.field(
                            "Reason", name: "reason", required: true, hint: "Why the sample grows, e.g. one deviation in the first 25 items.")
                        Paragraph("The first draw never changes; the added rows continue the same seeded sequence.").class("hint")
                        Button("Extend").attribute(named: "type", value: "submit").class("secondary")
                    }
                }
            }
            Markup.tag("details", ["class": "card"]) {
                Markup.tag("summary") { Text("Record a walkthrough") }
                Markup.tag("form", ["method": "post", "action": "\(base)/walkthrough", "class": "stack"]) {
                    Markup.csrf(model.csrf)
                    hidden()
                    Markup.select("Control", name: "control", options: model.controlChoices.map { ($0, $0) }, selected: nil)
                    Markup.field("Date", name: "date", type: "date", required: true)
                    Markup.field("Participants", name: "participants", required: true, hint: "Separate with commas.")
                    Label("Notes") { Markup.tag("textarea", ["name": "notes", "rows": "4", "required": "required"]) { Text("") } }
                    Markup.select(
                        "Design", name: "design",
                        options: Walkthrough.Design.allCases.map { ($0.rawValue, $0.rawValue.replacingOccurrences(of: "_", with: " ")) },
                        selected: nil)
                    Markup.field("Reason for the conclusion", name: "reason", required: true)
                    Button("Record").attribute(named: "type", value: "submit").class("secondary")
                }
            }
            if !model.tests.isEmpty {
                Markup.tag("details", ["class": "card"]) {
                    Markup.tag("summary") { Text("Record a result or an exception") }
                    Markup.tag("form", ["method": "post", "action": "\(base)/result", "class": "stack"]) {
                        Markup.csrf(model.csrf)
                        hidden()
                        Markup.select(
                            "Test", name: "test",
                            options: model.tests.map { ($0.id.uuidString.lowercased(), "\($0.control) (\($0.items.count) items)") }, selected: nil)
                        Markup.field("Item (row number)", name: "item", type: "number", required: true)
                        Markup.field("Attribute", name: "attribute", required: true, hint: "Exactly as planned.")
                        Markup.select("Result", name: "passed", options: [("yes", "Passed"), ("no", "Failed")], selected: "yes")
                        Markup.field("Note", name: "note")
                        Button("Record").attribute(named: "type", value: "submit").class("secondary")
                    }
                    Markup.tag("form", ["method": "post", "action": "\(base)/exception", "class": "stack"]) {
                        Markup.csrf(model.csrf)
                        hidden()
                        Markup.select("Test", name: "test", options: model.tests.map { ($0.id.uuidString.lowercased(), $0.control) }, selected: nil)
                        Markup.field("What happened", name: "description", required: true)
                        Markup.field("Cause", name: "cause", required: true)
                        Markup.field("Deviations", name: "count", type: "number", required: true)
                        Markup.select(
                            "Evaluation", name: "evaluation",
                            options: TestException.Evaluation.allCases.map { ($0.rawValue, $0.rawValue.replacingOccurrences(of: "_", with: " ")) },
                            selected: "within_tolerance")
                        Button("Record the exception").attribute(named: "type", value: "submit").class("secondary")
                    }
                }
            }
        }
    }

    static func signature(_ signoffs: SignOffs?, people: [String: String] = [:]) -> String {
        let parts = [
            signoffs?.preparer.map { "prepared by \(people[$0.by] ?? $0.by)" }, signoffs?.reviewer.map { "reviewed by \(people[$0.by] ?? $0.by)" },
        ].compactMap { $0 }
        return parts.isEmpty ? "not signed" : parts.joined(separator: ", ")
    }

    static func table(_ headings: [String], _ rows: [[String]], empty: String) -> any Component {
        guard !rows.isEmpty else { return Paragraph(empty) }
        return Markup.tag("table", ["class": "list"]) {
            Markup.tag("thead") { Markup.tag("tr") { for heading in headings { Markup.tag("th") { Text(heading) } } } }
            Markup.tag("tbody") {
                for row in rows { Markup.tag("tr") { for cell in row { Markup.tag("td") { Text(cell) } } } }
            }
        }
    }

    /// Items down, attributes across: ✓ passed, ✗ failed (with the note as a tooltip), · untested.
    static func matrix(_ test: ControlTest) -> any Component {
        Markup.tag("table", ["class": "list matrix"]) {
            Markup.tag("thead") {
                Markup.tag("tr") {
                    Markup.tag("th") { Text("Row") }
                    for attribute in test.attributes { Markup.tag("th") { Text(attribute) } }
                }
            }
            Markup.tag("tbody") {
                for item in test.items {
                    Markup.tag("tr") {
                        Markup.tag("td") { Text("\(item)") }
                        for attribute in test.attributes {
                            if let result = test.results.first(where: { $0.item == item && $0.attribute == attribute }) {
                                Markup.tag("td", ["class": result.passed ? "pass" : "fail", "title": result.note]) {
                                    Text(result.passed ? "✓" : "✗ \(result.note)")
                                }
                            } else {
                                Markup.tag("td", ["class": "untested"]) { Text("·") }
                            }
                        }
                    }
                }
            }
        }
    }

    static func signButtons(_ model: Model, kind: String, id: UUID, signoffs: SignOffs?, base: String) -> any Component {
        guard model.isAuditor, !model.needsIndependence else { return EmptyComponent() }
        let fields = [("engagement", model.engagement.id.uuidString.lowercased()), ("kind", kind), ("workpaper", id.uuidString.lowercased())]
        return Div {
            if signoffs?.preparer == nil {
                Markup.actionButton("Sign as preparer", action: "\(base)/sign", csrf: model.csrf, fields: fields + [("role", "preparer")])
            } else if signoffs?.reviewer == nil {
                Markup.actionButton("Sign as reviewer", action: "\(base)/sign", csrf: model.csrf, fields: fields + [("role", "reviewer")])
            }
            if signoffs?.preparer != nil {
                Markup.actionButton(
                    "Un-sign (logged)", action: "\(base)/sign", csrf: model.csrf, style: "link",
                    fields: fields + [("role", "preparer"), ("unsign", "yes")])
            }
        }
    }
}
