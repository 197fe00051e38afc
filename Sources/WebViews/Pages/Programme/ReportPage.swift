import ComplianceCore
import Foundation
import Plot

/// The report for both sides: versions and their lifecycle, what blocks the final report, the
/// outputs, Section III and Section II for the client, bridge letters and next year's engagement.
public enum ReportPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let engagement: Engagement
        public let engagements: [Engagement]
        public let versions: [ReportVersion]
        public let problems: [String]
        public let description: SystemDescription
        public let generated: [(id: String, title: String, summary: String, placeholder: String)]
        /// The description criteria management has not written or adopted, as "DC4 (incidents)".
        public let missing: [String]
        public let assertion: ManagementAssertion?
        public let letters: [BridgeLetter]
        public let isAuditor: Bool
        public let canManage: Bool
        public let today: Day
        public let csrf: String
        /// People's names by the email a record keeps (`GrantWorkflow.names`), to show names.
        public var people: [String: String] = [:]
        public let message: String?
        public let error: String?

        public init(
            organization: Organization, engagement: Engagement, engagements: [Engagement], versions: [ReportVersion], problems: [String],
            description: SystemDescription, generated: [(id: String, title: String, summary: String, placeholder: String)], missing: [String],
            assertion: ManagementAssertion?,
            letters: [BridgeLetter], isAuditor: Bool, canManage: Bool, today: Day, csrf: String, message: String? = nil, error: String? = nil
        ) {
            self.organization = organization
            self.engagement = engagement
            self.engagements = engagements
            self.versions = versions
            self.problems = problems
            self.description = description
            self.generated = generated
            self.missing = missing
            self.assertion = assertion
            self.letters = letters
            self.isAuditor = isAuditor
            self.canManage = canManage
            self.today = today
            self.csrf = csrf
            self.message = message
            self.error = error
        }

        var final: ReportVersion? { versions.last { $0.status == .final } }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let id = model.engagement.id.uuidString.lowercased()
        let base = "/orgs/\(model.organization.slug)/report"
        let api = "/api/v1/orgs/\(model.organization.slug)/engagements/\(id)"
        return Shell.page(shell, title: "Report") {
            H1("Report: \(model.engagement.name)")
            Paragraph(
                "\(model.engagement.scope.reportType.displayName) · \(model.engagement.scope.periodLabel) · audit firm \(model.engagement.auditFirm ?? "not invited yet")"
            ).class("lede")
            if model.engagements.count > 1 {
                Paragraph {
                    Text("Other engagements: ")
                    for other in model.engagements where other.id != model.engagement.id {
                        Link(other.name, url: "\(base)?engagement=\(other.id.uuidString.lowercased())")
                        Text(" ")
                    }
                }
            }
            Markup.flash(model.message)
            Markup.flash(model.error, kind: "error")
            status(model, api: api)
            lifecycle(model, base: base, id: id)
            versionsTable(model, base: base, api: api, id: id)
            if let final = model.final { afterFinal(model, final: final, base: base, api: api, id: id) }
            if !model.isAuditor { clientForms(model, base: base, id: id) }
        }
    }

    static func status(_ model: Model, api: String) -> any Component {
        Div {
            if let final = model.final {
                H2("Final report, version \(final.number)")
                Paragraph {
                    Span(final.document.opinion.title).class("badge \(final.document.opinion.kind.rawValue)")
                    Text(
                        " Issued \(final.issuedAt.map { "\(Day($0))" } ?? "") by \(final.issuedBy.map { model.people[$0] ?? $0 } ?? "") · \(final.document.exceptionCount) exception\(final.document.exceptionCount == 1 ? "" : "s") disclosed"
                    )
                }
                if let until = final.validUntil {
                    let left = model.today.days(until: until)
                    if left < 0 {
                        Paragraph("This report expired on \(until) (12 months after its period). Start next year's engagement below.").class(
                            "flash error")
                    } else if left <= 60 {
                        Paragraph("This report expires on \(until), in \(left) days. Start next year's engagement below.").class("flash notice")
                    } else {
                        Paragraph("Valid until \(until) (12 months after the period ends).").class("hint")
                    }
                }
                Paragraph {
                    Text("Download: ")
                    Link("HTML (signed)", url: "\(api)/report?format=html")
                    Text(" · ")
                    Link("PDF", url: "\(api)/report?format=pdf")
                    Text(" · ")
                    Link("Section IV (XLSX)", url: "\(api)/report?format=xlsx")
                    Text(" · OSCAL: ")
                    Link("catalog", url: "\(api)/report?format=oscal&model=catalog")
                    Text(", ")
                    Link("component definition", url: "\(api)/report?format=oscal&model=component-definition")
                    Text(", ")
                    Link("assessment results", url: "\(api)/report?format=oscal&model=assessment-results")
                    Text(" · SOC 3: ")
                    Link("HTML", url: "\(api)/soc3?format=html")
                    Text(", ")
                    Link("PDF", url: "\(api)/soc3?format=pdf")
                }
                Paragraph {
                    Text("Anyone can check the signed HTML at ")
                    Link("/verify", url: "/verify")
                    Text(" or with attest report verify.")
                }.class("hint")
            } else if !model.problems.isEmpty {
                H2("Before the final report")
                List(model.problems) { ListItem($0) }.class("problems")
            } else {
                H2("Ready to issue")
                Paragraph("Every control in scope is tested and reviewed, management has accepted its assertion and reviewed the draft.")
            }
        }.class("card")
    }

    static func lifecycle(_ model: Model, base: String, id: String) -> any Component {
        Div {
            if model.isAuditor, let firm = model.engagement.auditFirm {
                Paragraph {
                    Text("The report's fixed text is your firm's: ")
                    Link("edit the wording", url: "/orgs/\(firm)/report-templates")
                    Text(".")
                }.class("hint")
            }
            if model.isAuditor && model.final == nil {
                Markup.tag("form", ["method": "post", "action": "\(base)/draft", "class": "stack card"]) {
                    H2("Draft a new version")
                    Markup.csrf(model.csrf)
                    Markup.void("input", [("type", "hidden"), ("name", "engagement"), ("value", id)])
                    Label("Scope limitation (leave empty unless evidence could not be obtained: it gives a disclaimer of opinion)") {
                        Markup.tag("textarea", ["name": "scope_limitation", "rows": "2"]) { Text("") }
                    }
                    Button("Draft version \((model.versions.map(\.number).max() ?? 0) + 1)").attribute(named: "type", value: "submit").class(
                        "primary")
                }
                if model.versions.last?.status == .draft {
                    Markup.actionButton(
                        "Send version \(model.versions.last?.number ?? 0) to management for review", action: "\(base)/review", csrf: model.csrf,
                        fields: [("engagement", id)])
                }
                Markup.actionButton(
                    "Issue the final report (signed by the firm)", action: "\(base)/final", csrf: model.csrf, style: "primary",
                    fields: [("engagement", id)])
            }
        }
    }

    static func versionsTable(_ model: Model, base: String, api: String, id: String) -> any Component {
        Div {
            H2("Versions")
            if model.versions.isEmpty {
                Paragraph(model.isAuditor ? "No version yet: draft the first one above." : "The audit firm has not drafted the report yet.")
            } else {
                Markup.tag("table", ["class": "list"]) {
                    Markup.tag("thead") {
                        Markup.tag("tr") { for h in ["Version", "Status", "Opinion", "Created", "Open"] { Markup.tag("th") { Text(h) } } }
                    }
                    Markup.tag("tbody") {
                        for version in model.versions.reversed() {
                            Markup.tag("tr") {
                                Markup.tag("td") { Text("v\(version.number)") }
                                Markup.tag("td") { Text(version.status.rawValue.replacingOccurrences(of: "_", with: " ")) }
                                Markup.tag("td") { Text(version.document.opinion.title) }
                                Markup.tag("td") { Text("\(Day(version.createdAt)) by \(model.people[version.createdBy] ?? version.createdBy)") }
                                Markup.tag("td") { Link("HTML", url: "\(api)/report?format=html&version=\(version.number)") }
                            }
                        }
                    }
                }
            }
            for version in model.versions.reversed() where version.status != .final {
                Div {
                    H2("Comments on v\(version.number)")
                    for comment in version.comments {
                        Paragraph("\(model.people[comment.by] ?? comment.by) (\(comment.side)), \(Day(comment.at)): \(comment.text)")
                    }
                    Markup.tag("form", ["method": "post", "action": "\(base)/comment", "class": "row-form"]) {
                        Markup.csrf(model.csrf)
                        Markup.void("input", [("type", "hidden"), ("name", "engagement"), ("value", id)])
                        Markup.void("input", [("type", "hidden"), ("name", "version"), ("value", "\(version.number)")])
                        Markup.void(
                            "input",
                            [
                                ("type", "text"), ("name", "text"), ("required", "required"), ("aria-label", "Comment on v\(version.number)"),
                                ("placeholder", "Comment on this version"),
                            ])
                        Button("Comment").attribute(named: "type", value: "submit").class("link")
                    }
                }.class("card")
            }
        }
    }

    static func afterFinal(_ model: Model, final: ReportVersion, base: String, api: String, id: String) -> any Component {
        let seal = final.sealedHTML.flatMap { ReportSeal.peek(Array($0.utf8)) }
        return Div {
            if let seal, let key = Data(base64Encoded: seal.publicKey) {
                H2("Seal")
                Paragraph {
                    Text("Version \(final.number) is sealed by \(seal.issuerName) with the key ")
                    Markup.tag("code") { Text(PublishedKey.fingerprint(Array(key))) }
                    Text(", published at ")
                    Link("/.well-known/attest/keys/\(seal.issuer)", url: "/.well-known/attest/keys/\(seal.issuer)")
                    Text(". Anyone can check a copy, HTML or PDF, at ")
                    Link("/verify", url: "/verify")
                    Text(" or with attest report verify.")
                }
            }
            H2("Bridge letters")
            if model.letters.isEmpty { Paragraph("None yet.") }
            for letter in model.letters {
                Paragraph {
                    Text("To \(letter.through), signed by \(letter.signatory), \(letter.position): ")
                    Link("HTML (signed)", url: "\(api)/bridge-letters/\(letter.id.uuidString.lowercased())?format=html")
                    Text(" · ")
                    Link("PDF", url: "\(api)/bridge-letters/\(letter.id.uuidString.lowercased())?format=pdf")
                }
            }
            if !model.isAuditor && model.canManage {
                Markup.tag("form", ["method": "post", "action": "\(base)/bridge-letter", "class": "stack"]) {
                    Markup.csrf(model.csrf)
                    Markup.void("input", [("type", "hidden"), ("name", "engagement"), ("value", id)])
                    Markup.field("Covers the time up to", name: "through", type: "date", value: "\(model.today.adding(days: -1))", required: true)
                    Label("Changes since the period (one per line)") { Markup.tag("textarea", ["name": "changes", "rows": "3"]) { Text("") } }
                    Markup.field("Signed by", name: "signatory", required: true)
                    Markup.field("Position", name: "position", required: true)
                    Button("Sign the bridge letter").attribute(named: "type", value: "submit").class("secondary")
                }
                Markup.actionButton(
                    "Start next year's engagement from this one", action: "\(base)/next", csrf: model.csrf, fields: [("engagement", id)])
            }
        }.class("card")
    }

    static func clientForms(_ model: Model, base: String, id: String) -> any Component {
        let d = model.description
        func lines(_ items: [String]) -> String { items.joined(separator: "\n") }
        return Div {
            Div {
                H2("Management's assertion (Section II)")
                if let assertion = model.assertion {
                    Paragraph(
                        "Accepted by \(model.people[assertion.acceptedBy] ?? assertion.acceptedBy) on \(Day(assertion.acceptedAt)), signed by \(assertion.signatory), \(assertion.position)."
                    )
                }
                if model.canManage && model.final == nil {
                    Markup.tag("form", ["method": "post", "action": "\(base)/assertion", "class": "stack"]) {
                        Markup.csrf(model.csrf)
                        Markup.void("input", [("type", "hidden"), ("name", "engagement"), ("value", id)])
                        Markup.field("Signed by", name: "signatory", value: model.assertion?.signatory ?? "", required: true)
                        Markup.field("Position", name: "position", value: model.assertion?.position ?? "", required: true)
                        Button(model.assertion == nil ? "Accept the assertion" : "Accept again").attribute(named: "type", value: "submit").class(
                            "secondary")
                    }
                }
            }.class("card")
            if model.canManage && model.final == nil {
                Markup.tag("form", ["method": "post", "action": "\(base)/description", "class": "stack card", "id": "description-form"]) {
                    H2("Description of the system (Section III)")
                    Paragraph(
                        "Section III is management's own statement. Write each section in your words, or adopt the wording Attest drafts from the engagement (shown greyed) by ticking the box under it; a section with neither keeps the report from going to management review."
                    ).class("hint")
                    if !model.missing.isEmpty {
                        Paragraph(
                            "Not written yet: \(model.missing.joined(separator: ", ")). The report cannot go to management review until each has your text or your adoption."
                        ).class("notice warning").id("description-missing")
                    }
                    Markup.csrf(model.csrf)
                    Markup.void("input", [("type", "hidden"), ("name", "engagement"), ("value", id)])
                    for section in model.generated {
                        Label("\(section.id). \(section.title)") {
                            Markup.tag("textarea", ["name": "text_\(section.id)", "rows": "3", "placeholder": section.placeholder]) {
                                Text(d.texts[section.id] ?? "")
                            }
                        }
                        Paragraph(section.summary).class("hint")
                        if section.id != "DC2" {
                            Label("Adopt the drafted wording of \(section.id) as management's (used when the box above is empty)") {
                                Markup.void(
                                    "input",
                                    [("type", "checkbox"), ("name", "adopted"), ("value", section.id)]
                                        + (d.adopted.contains(section.id) ? [("checked", "checked")] : []))
                            }.class("inline")
                        }
                    }
                    Label("Service commitments (DC2, one per line)") {
                        Markup.tag("textarea", ["name": "commitments", "rows": "3"]) { Text(lines(d.commitments)) }
                    }
                    Label("Complementary user entity controls (DC6, one per line)") {
                        Markup.tag("textarea", ["name": "user_entity_controls", "rows": "3"]) { Text(lines(d.userEntityControls)) }
                    }
                    Label("Controls expected of subservice organisations (DC7): subservice | control | criteria") {
                        Markup.tag("textarea", ["name": "subservice_controls", "rows": "3"]) {
                            Text(lines(d.subserviceControls.map { "\($0.subservice) | \($0.control) | \($0.criteria.joined(separator: ", "))" }))
                        }
                    }
                    Label("Significant incidents (DC4): date | nature | effect | disposition") {
                        Markup.tag("textarea", ["name": "incidents", "rows": "2"]) {
                            Text(lines(d.incidents.map { "\($0.date) | \($0.nature) | \($0.effect) | \($0.disposition)" }))
                        }
                    }
                    Label("Significant changes (DC9): date | description") {
                        Markup.tag("textarea", ["name": "changes", "rows": "2"]) { Text(lines(d.changes.map { "\($0.date) | \($0.description)" })) }
                    }
                    Button("Save the description").attribute(named: "type", value: "submit").class("primary")
                }
            }
        }
    }
}
