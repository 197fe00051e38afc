import ComplianceCore
import Foundation
import Plot

/// The organisation's controls: status and owner per control, adopting the library, adding its own.
public enum ControlsPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let controls: [ProgrammeControl]
        public let libraryCount: Int
        public let statusFilter: String
        public let canManage: Bool
        public let csrf: String
        public let error: String?

        public init(
            organization: Organization, controls: [ProgrammeControl], libraryCount: Int, statusFilter: String, canManage: Bool, csrf: String,
            error: String? = nil
        ) {
            self.organization = organization
            self.controls = controls
            self.libraryCount = libraryCount
            self.statusFilter = statusFilter
            self.canManage = canManage
            self.csrf = csrf
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let base = "/orgs/\(model.organization.slug)/controls"
        let active = model.controls.filter { !$0.retired }
        let counts = ImplementationStatus.allCases.map { status in (status.displayName, active.filter { $0.status == status }.count) }
        let shown = model.statusFilter.isEmpty ? model.controls : model.controls.filter { $0.status.rawValue == model.statusFilter }
        return Shell.page(shell, title: "Controls") {
            H1("Controls")
            Markup.flash(model.error, kind: "error")
            if model.controls.isEmpty {
                Paragraph(
                    "No controls yet. Adopt Attest's library of \(model.libraryCount) controls, which together address every Trust Services Criterion, then edit, retire or add your own."
                ).class("lede")
            } else {
                Div {
                    Div {
                        H2("Status of \(active.count) active controls")
                        Node<Any>.raw(Charts.bars(counts, title: "Controls by implementation status"))
                    }.class("card")
                }.class("grid")
            }
            if model.canManage {
                Markup.actionButton(
                    model.controls.isEmpty ? "Adopt the control library" : "Adopt library controls not yet adopted", action: "\(base)/adopt",
                    csrf: model.csrf, style: model.controls.isEmpty ? "primary" : "secondary")
            }
            Markup.tag("form", ["method": "get", "action": base, "class": "inline-form"]) {
                Markup.select(
                    "Status", name: "status", options: [("", "All")] + ImplementationStatus.allCases.map { ($0.rawValue, $0.displayName) },
                    selected: model.statusFilter)
                Button("Filter").attribute(named: "type", value: "submit").class("secondary")
            }
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") {
                        for h in ["Control", "Title", "Criteria", "Type", "Frequency", "Owner and status"] { Markup.tag("th") { Text(h) } }
                    }
                }
                Markup.tag("tbody") {
                    for control in shown {
                        Markup.tag("tr", control.retired ? ["class": "retired"] : [:]) {
                            Markup.tag("td") { Link(control.key, url: "\(base)/\(control.key)") }
                            Markup.tag("td") { Text(control.title + (control.retired ? " (retired)" : "")) }
                            Markup.tag("td") { Text(control.criteria.joined(separator: " ")) }
                            Markup.tag("td") { Text(control.type.rawValue) }
                            Markup.tag("td") { Text(control.frequency.rawValue.replacingOccurrences(of: "_", with: " ")) }
                            Markup.tag("td") {
                                if model.canManage && !control.retired {
                                    statusForm(control, action: "\(base)/\(control.key)", csrf: model.csrf)
                                } else {
                                    Text("\(control.status.displayName) · \(control.owner ?? control.ownerRole)")
                                }
                            }
                        }
                    }
                }
            }
            if model.canManage {
                Markup.tag("details", ["class": "card"]) {
                    Markup.tag("summary") { Text("Add a control of your own") }
                    Markup.tag("form", ["method": "post", "action": "\(base)/new", "class": "stack"]) {
                        Markup.csrf(model.csrf)
                        Markup.field("Reference", name: "key", required: true, hint: "Letters, a dash and a number, e.g. ACC-90.")
                        Markup.field("Title", name: "title", required: true)
                        Markup.field("Description", name: "description")
                        Markup.select("Type", name: "type", options: ControlType.allCases.map { ($0.rawValue, $0.rawValue) }, selected: "manual")
                        Markup.select(
                            "Frequency", name: "frequency", options: Frequency.allCases.map { ($0.rawValue, $0.rawValue) }, selected: "annual")
                        Markup.field("Criteria", name: "criteria", required: true, hint: "Criterion ids separated by spaces, e.g. CC6.1 CC6.2.")
                        Button("Add control").attribute(named: "type", value: "submit").class("primary")
                    }
                }
            }
        }
    }

    static func statusForm(_ control: ProgrammeControl, action: String, csrf: String) -> any Component {
        Markup.tag("form", ["method": "post", "action": action, "class": "row-form"]) {
            Markup.csrf(csrf)
            Markup.void(
                "input",
                [
                    ("type", "email"), ("name", "owner"), ("value", control.owner ?? ""), ("placeholder", control.ownerRole),
                    ("aria-label", "Owner of \(control.key)"),
                ])
            Markup.tag("select", ["name": "status", "aria-label": "Status of \(control.key)"]) {
                for status in ImplementationStatus.allCases {
                    if status == control.status {
                        Markup.tag("option", ["value": status.rawValue, "selected": "selected"]) { Text(status.displayName) }
                    } else {
                        Markup.tag("option", ["value": status.rawValue]) { Text(status.displayName) }
                    }
                }
            }
            Button("Save").attribute(named: "type", value: "submit").class("link")
        }
    }
}

/// One control: what it does, how to test it, what evidence it needs, and its history.
public enum ControlPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let control: ProgrammeControl
        public let history: [(at: Date, actor: String, action: String, status: String, owner: String)]
        public let canManage: Bool
        public let csrf: String

        public init(
            organization: Organization, control: ProgrammeControl,
            history: [(at: Date, actor: String, action: String, status: String, owner: String)], canManage: Bool, csrf: String
        ) {
            self.organization = organization
            self.control = control
            self.history = history
            self.canManage = canManage
            self.csrf = csrf
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let control = model.control
        let action = "/orgs/\(model.organization.slug)/controls/\(control.key)"
        return Shell.page(shell, title: control.key) {
            H1("\(control.key): \(control.title)")
            Paragraph(
                "\(control.type.rawValue) · \(control.frequency.rawValue.replacingOccurrences(of: "_", with: " ")) · owner \(control.owner ?? "unassigned (\(control.ownerRole))") · \(control.status.displayName)\(control.retired ? " · retired" : "")"
            ).class("lede")
            Paragraph(control.description)
            Div {
                Div {
                    H2("Criteria")
                    List(control.criteria.map { $0 })
                    H2("Evidence it needs")
                    List(control.evidence.isEmpty ? ["Not stated"] : control.evidence)
                }.class("card")
                Div {
                    H2("Suggested tests")
                    List(control.procedures.map { "\($0.method.rawValue.capitalized): \($0.step)" })
                }.class("card")
            }.class("grid")
            if model.canManage && !control.retired {
                Markup.tag("details", ["class": "card"]) {
                    Markup.tag("summary") { Text("Edit this control") }
                    Markup.tag("form", ["method": "post", "action": "\(action)/edit", "class": "stack"]) {
                        Markup.csrf(model.csrf)
                        Markup.field("Title", name: "title", value: control.title, required: true)
                        Label("Description") {
                            Markup.tag("textarea", ["name": "description", "rows": "4"]) { Text(control.description) }
                        }
                        Markup.select(
                            "Frequency", name: "frequency", options: Frequency.allCases.map { ($0.rawValue, $0.rawValue) },
                            selected: control.frequency.rawValue)
                        Markup.field(
                            "Criteria", name: "criteria", value: control.criteria.joined(separator: " "), required: true,
                            hint: "Criterion ids separated by spaces.")
                        Button("Save changes").attribute(named: "type", value: "submit").class("secondary")
                    }
                }
            }
            if model.canManage {
                Div {
                    ControlsPage.statusForm(control, action: action, csrf: model.csrf)
                    Markup.actionButton(
                        control.retired ? "Reinstate" : "Retire this control", action: "\(action)/retire", csrf: model.csrf, style: "link",
                        fields: [("retired", control.retired ? "no" : "yes")])
                }.class("section")
            }
            H2("History")
            Markup.tag("table", ["class": "list"]) {
                for entry in model.history.reversed() {
                    Markup.tag("tr") {
                        Markup.tag("td") { Markup.time(entry.at) }
                        Markup.tag("td") { Text(entry.action.replacingOccurrences(of: "_", with: " ")) }
                        Markup.tag("td") { Text(entry.status) }
                        Markup.tag("td") { Text(entry.owner) }
                        Markup.tag("td") { Text(entry.actor) }
                    }
                }
            }
        }
    }
}
