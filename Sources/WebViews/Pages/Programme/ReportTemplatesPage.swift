import ComplianceCore
import Foundation
import Plot

/// An audit firm's report wording: each template with its text, which the firm's admins replace.
public enum ReportTemplatesPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let templates: [(name: String, text: String, custom: Bool)]
        public let variables: [String]
        public let canEdit: Bool
        public let csrf: String
        public let message: String?
        public let error: String?

        public init(
            organization: Organization, templates: [(name: String, text: String, custom: Bool)], variables: [String], canEdit: Bool, csrf: String,
            message: String? = nil, error: String? = nil
        ) {
            self.organization = organization
            self.templates = templates
            self.variables = variables
            self.canEdit = canEdit
            self.csrf = csrf
            self.message = message
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let action = "/orgs/\(model.organization.slug)/report-templates"
        return Shell.page(shell, title: "Report wording") {
            H1("Report wording: \(model.organization.name)")
            Paragraph(
                "The fixed text of your reports. Paragraphs are separated by a blank line; these variables are filled in: "
                    + model.variables.map { "{{\($0)}}" }.joined(separator: ", ") + "."
            ).class("lede")
            Markup.flash(model.message)
            Markup.flash(model.error, kind: "error")
            for template in model.templates {
                Markup.tag("form", ["method": "post", "action": action, "class": "stack card", "id": "template-\(template.name)"]) {
                    H2("\(template.name)\(template.custom ? " (your wording)" : "")")
                    Markup.csrf(model.csrf)
                    Markup.void("input", [("type", "hidden"), ("name", "name"), ("value", template.name)])
                    if model.canEdit {
                        Markup.tag("textarea", ["name": "text", "rows": "6", "aria-label": template.name]) { Text(template.text) }
                    } else {
                        Markup.tag("textarea", ["name": "text", "rows": "6", "aria-label": template.name, "readonly": "readonly"]) {
                            Text(template.text)
                        }
                    }
                    if model.canEdit {
                        Div {
                            Button("Save").attribute(named: "type", value: "submit").attribute(named: "name", value: "do").attribute(
                                named: "value", value: "save"
                            ).class("secondary")
                            if template.custom {
                                Button("Back to Attest's wording").attribute(named: "type", value: "submit").attribute(named: "name", value: "do")
                                    .attribute(named: "value", value: "reset").class("link")
                            }
                        }
                    }
                }
            }
        }
    }
}
