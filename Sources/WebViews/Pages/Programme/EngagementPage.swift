import ComplianceCore
import Foundation
import Plot

/// The engagement: its scope (a form), timeline, estimate, criteria applicability and the request list.
public enum EngagementPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let engagements: [Engagement]
        public let engagement: Engagement?
        public let criteria: [Criterion]
        public let requests: [RequestItem]
        public let today: Day
        public let canManage: Bool
        public let canInvite: Bool
        public let csrf: String
        /// People's names by the email a record keeps (`GrantWorkflow.names`), to show names.
        public var people: [String: String] = [:]
        public let message: String?
        public let error: String?
        /// The form for another engagement opens by itself (the header's "Start a new engagement").
        public let startingNew: Bool
        /// The engagement's auditor (accepts, returns, reschedules), or the client who provides.
        public var isAuditor = false
        public var canProvide = false
        public var canComment = false
        /// The client's evidence a request can be answered with (id, title).
        public var evidenceChoices: [(id: String, title: String)] = []

        public init(
            organization: Organization, engagements: [Engagement], engagement: Engagement?, criteria: [Criterion], requests: [RequestItem],
            today: Day, canManage: Bool, canInvite: Bool = false, csrf: String, message: String? = nil, error: String? = nil,
            startingNew: Bool = false
        ) {
            self.startingNew = startingNew
            self.canInvite = canInvite
            self.organization = organization
            self.engagements = engagements
            self.engagement = engagement
            self.criteria = criteria
            self.requests = requests
            self.today = today
            self.canManage = canManage
            self.csrf = csrf
            self.message = message
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let base = "/orgs/\(model.organization.slug)/programme"
        return Shell.page(shell, title: "Engagement") {
            Markup.flash(model.message)
            Markup.flash(model.error, kind: "error")
            if let engagement = model.engagement {
                H1(engagement.name)
                Paragraph(
                    "\(engagement.scope.reportType.displayName) · \(engagement.scope.periodLabel) · \(engagement.scope.categories.map(\.displayName).joined(separator: ", "))\(engagement.auditFirm.map { " · audit firm \($0)" } ?? "")"
                ).class("lede")
                if engagement.status == .closed {
                    Paragraph(
                        "This engagement is archived: it is kept as it was, and the other pages open the current engagement unless you choose this one."
                    )
                    .class("hint")
                }
                if engagement.auditFirm == nil && model.canInvite {
                    Markup.tag(
                        "form", ["method": "post", "action": "\(base)/\(engagement.id.uuidString.lowercased())/audit-firm", "class": "inline-form"]
                    ) {
                        Markup.csrf(model.csrf)
                        Label("Audit firm (its Attest slug)") {
                            Markup.void("input", [("type", "text"), ("name", "audit_firm"), ("required", "required")])
                        }
                        Button("Name the audit firm").attribute(named: "type", value: "submit").class("secondary")
                    }
                }
                overview(engagement, model: model)
                requestList(engagement, model: model, base: base)
                applicability(engagement, model: model, base: base)
                if model.canManage {
                    Markup.tag("details", ["class": "card"]) {
                        Markup.tag("summary") { Text("Change the scope") }
                        scopeForm(
                            engagement.scope, name: engagement.name, action: "\(base)/\(engagement.id.uuidString.lowercased())/scope",
                            csrf: model.csrf, button: "Save scope")
                    }
                    newEngagement(model, base: base)
                    Markup.tag(
                        "form", ["method": "post", "action": "\(base)/\(engagement.id.uuidString.lowercased())/archive", "class": "inline-form"]
                    ) {
                        Markup.csrf(model.csrf)
                        Markup.void("input", [("type", "hidden"), ("name", "archived"), ("value", engagement.status == .closed ? "false" : "true")])
                        Button(engagement.status == .closed ? "Reopen this engagement" : "Archive this engagement")
                            .attribute(named: "type", value: "submit").class("secondary")
                    }
                }
            } else {
                H1("Scope your SOC 2 engagement")
                Paragraph(
                    "Choose the report type, the categories in scope, where the system runs and how big the company is. Attest builds the information request list, the timeline and an indicative cost estimate from it."
                ).class("lede")
                if model.canManage {
                    scopeForm(nil, name: "", action: base, csrf: model.csrf, button: "Create the engagement")
                } else {
                    Paragraph("No engagement has been scoped yet. An admin or owner can create one.")
                }
            }
        }
    }

    /// Another engagement (next year's, a Type 1 before a Type 2), started from an empty scope.
    static func newEngagement(_ model: Model, base: String) -> any Component {
        let attributes: KeyValuePairs<String, String> =
            model.startingNew ? ["class": "card", "id": "new-engagement", "open": "open"] : ["class": "card", "id": "new-engagement"]
        return Markup.tag("details", attributes) {
            Markup.tag("summary") { Text("Start a new engagement") }
            scopeForm(nil, name: "", action: base, csrf: model.csrf, button: "Create the engagement")
        }
    }

    static func overview(_ engagement: Engagement, model: Model) -> any Component {
        let timeline = Timeline.plan(for: engagement.scope, startingOn: Day(engagement.createdAt))
        let estimate = CostEstimate.estimate(for: engagement.scope)
        return Div {
            Div {
                H2("Timeline")
                Node<Any>.raw(Charts.timeline(timeline, today: model.today, title: "Engagement timeline"))
                Markup.tag("table", ["class": "compact"]) {
                    for phase in timeline.phases {
                        Markup.tag("tr") {
                            Markup.tag("th") { Text(phase.kind.displayName) }
                            Markup.tag("td") { Text("\(phase.start) to \(phase.end)") }
                        }
                    }
                }
            }.class("card wide")
            Div {
                H2("Cost estimate")
                Paragraph("\(estimate.currency) \(estimate.low.formatted(.number)) to \(estimate.high.formatted(.number))").class("big")
                Paragraph(estimate.label).class("hint")
                List(estimate.basis)
                H2("System")
                Paragraph("\(engagement.scope.systemName)\(engagement.scope.services.isEmpty ? "" : ": \(engagement.scope.services)")")
                Paragraph(
                    "Hosting: \(engagement.scope.clouds.map(\.displayName).joined(separator: ", ").orNone) · Locations: \(engagement.scope.locations.joined(separator: ", ").orNone) · Headcount \(engagement.scope.headcount.rawValue)"
                )
                if !engagement.scope.subservices.isEmpty {
                    List(engagement.scope.subservices.map { "\($0.name): \($0.service) (\($0.method == .carveOut ? "carve-out" : "inclusive"))" })
                }
            }.class("card")
        }.class("grid")
    }

    static func requestList(_ engagement: Engagement, model: Model, base: String) -> any Component {
        let api = "/api/v1/orgs/\(model.organization.slug)/engagements/\(engagement.id.uuidString.lowercased())/requests"
        let action = "\(base)/\(engagement.id.uuidString.lowercased())/requests"
        let open = model.requests.filter { $0.status == .open || $0.status == .returned }.count
        return Div {
            H2("Information request list (\(model.requests.count) requests, \(open) open)")
            Paragraph {
                Link("Download CSV", url: "\(api)?format=csv")
                Text(" · ")
                Link("Download XLSX", url: "\(api)?format=xlsx")
            }
            if model.canManage {
                Markup.tag(
                    "form",
                    ["method": "post", "action": "\(action)/import?_csrf=\(model.csrf)", "enctype": "multipart/form-data", "class": "inline-form"]
                ) {
                    Markup.csrf(model.csrf)
                    Label("Import an edited list (CSV or XLSX)") {
                        Markup.void("input", [("type", "file"), ("name", "file"), ("accept", ".csv,.xlsx"), ("required", "required")])
                    }
                    Button("Import").attribute(named: "type", value: "submit").class("secondary")
                }
            }
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") {
                        for heading in ["#", "Area", "Request", "Kind", "Criteria", "Due", "Owner", "Status"]
                            + (model.canComment ? ["Conversation"] : [])
                        {
                            Markup.tag("th") { Text(heading) }
                        }
                    }
                }
                Markup.tag("tbody") {
                    for item in model.requests {
                        Markup.tag("tr", ["id": item.number]) {
                            Markup.tag("td") { Text(item.number) }
                            Markup.tag("td") { Text(item.area) }
                            Markup.tag("td") {
                                Markup.tag("strong") { Text(item.title) }
                                Paragraph(item.provide).class("hint")
                                if let reason = item.returnReason, item.status == .returned {
                                    Paragraph("Returned: \(reason)").class("hint")
                                }
                                for comment in item.comments ?? [] {
                                    Paragraph("\(model.people[comment.by] ?? comment.by) (\(comment.side)): \(comment.text)").class("hint")
                                }
                            }
                            Markup.tag("td") { Text(item.kind.rawValue.replacingOccurrences(of: "_", with: " ")) }
                            Markup.tag("td") { Text(item.criteria.joined(separator: " ")) }
                            Markup.tag("td") { Text((item.dueDate?.description ?? "—") + (item.isOverdue(on: model.today) ? " (overdue)" : "")) }
                            if model.canManage {
                                Markup.tag("td", ["colspan": "2"]) {
                                    Markup.tag("form", ["method": "post", "action": "\(action)/\(item.number)", "class": "row-form"]) {
                                        Markup.csrf(model.csrf)
                                        Markup.void(
                                            "input",
                                            [
                                                ("type", "text"), ("name", "owner"), ("value", item.owner ?? ""), ("placeholder", "owner"),
                                                ("aria-label", "Owner of \(item.number)"),
                                            ])
                                        Markup.tag("select", ["name": "status", "aria-label": "Status of \(item.number)"]) {
                                            // An edit may only reopen a request; the conversation moves it forward.
                                            for status in RequestStatus.allCases where status == item.status || status == .open {
                                                if status == item.status {
                                                    Markup.tag("option", ["value": status.rawValue, "selected": "selected"]) { Text(status.rawValue) }
                                                } else {
                                                    Markup.tag("option", ["value": status.rawValue]) { Text(status.rawValue) }
                                                }
                                            }
                                        }
                                        Button("Save").attribute(named: "type", value: "submit").class("link")
                                    }
                                }
                            } else {
                                Markup.tag("td") { Text(item.owner ?? "—") }
                                Markup.tag("td") { Text(item.status.rawValue) }
                            }
                            if model.canComment { Markup.tag("td") { RequestActions.form(item, model: model, action: action) } }
                        }
                    }
                }
            }
        }.class("section")
    }

    static func applicability(_ engagement: Engagement, model: Model, base: String) -> any Component {
        let action = "\(base)/\(engagement.id.uuidString.lowercased())/applicability"
        return Markup.tag("details", ["class": "card"]) {
            Markup.tag("summary") { Text("Criteria in scope (\(model.criteria.count), \(engagement.exclusions.count) not applicable)") }
            Markup.tag("table", ["class": "list"]) {
                for criterion in model.criteria {
                    let exclusion = engagement.exclusion(for: criterion.id)
                    Markup.tag("tr") {
                        Markup.tag("td") { Link(criterion.id, url: "/criteria/\(criterion.id)") }
                        Markup.tag("td") { Text(criterion.title) }
                        Markup.tag("td") {
                            if let exclusion {
                                Text("Not applicable: \(exclusion.reason) ")
                                if model.canManage {
                                    Markup.actionButton(
                                        "Make applicable", action: action, csrf: model.csrf, style: "link",
                                        fields: [("criterion", criterion.id), ("applicable", "yes")])
                                }
                            } else if model.canManage {
                                Markup.tag("form", ["method": "post", "action": action, "class": "row-form"]) {
                                    Markup.csrf(model.csrf)
                                    Markup.void("input", [("type", "hidden"), ("name", "criterion"), ("value", criterion.id)])
                                    Markup.void(
                                        "input",
                                        [
                                            ("type", "text"), ("name", "reason"), ("placeholder", "reason it does not apply"),
                                            ("aria-label", "Reason \(criterion.id) does not apply"),
                                        ])
                                    Button("Mark not applicable").attribute(named: "type", value: "submit").class("link")
                                }
                            } else {
                                Text("Applicable")
                            }
                        }
                    }
                }
            }
        }
    }

    static func scopeForm(_ scope: EngagementScope?, name: String, action: String, csrf: String, button: String) -> any Component {
        let categories = scope?.categories ?? [.security]
        let clouds = scope?.clouds ?? []
        return Markup.tag("form", ["method": "post", "action": action, "class": "stack scope-form"]) {
            Markup.csrf(csrf)
            Markup.field("Engagement name", name: "name", value: name.isEmpty ? "SOC 2 Type 2" : name, required: true)
            Markup.field(
                "System name", name: "system_name", value: scope?.systemName ?? "", required: true,
                hint: "The system the report describes, e.g. 'Acme Cloud platform'.")
            Markup.select(
                "Report type", name: "report_type",
                options: [("type2", "Type 2: operation over a period"), ("type1", "Type 1: design as of a date")],
                selected: scope?.reportType.rawValue ?? "type2")
            Markup.field("Type 1: as of", name: "as_of", type: "date", value: scope?.asOf?.description ?? "")
            Markup.field("Type 2: period start", name: "period_start", type: "date", value: scope?.periodStart?.description ?? "")
            Markup.field(
                "Type 2: period end", name: "period_end", type: "date", value: scope?.periodEnd?.description ?? "",
                hint: "3 to 12 months after the start.")
            Markup.tag("fieldset") {
                Markup.tag("legend") { Text("Trust Services Categories (security is always in scope)") }
                for category in TrustServicesCategory.allCases where category != .security {
                    Label(category.displayName) {
                        Markup.void(
                            "input",
                            [("type", "checkbox"), ("name", "categories"), ("value", category.rawValue)]
                                + (categories.contains(category) ? [("checked", "checked")] : []))
                    }
                }
            }
            Markup.tag("fieldset") {
                Markup.tag("legend") { Text("Hosting") }
                for cloud in CloudProvider.allCases {
                    Label(cloud.displayName) {
                        Markup.void(
                            "input",
                            [("type", "checkbox"), ("name", "clouds"), ("value", cloud.rawValue)]
                                + (clouds.contains(cloud) ? [("checked", "checked")] : []))
                    }
                }
            }
            Markup.field(
                "Offices in scope", name: "locations", value: scope?.locations.joined(separator: "; ") ?? "",
                hint: "Separate with semicolons; leave empty for a fully remote company.")
            Markup.select(
                "Headcount", name: "headcount", options: HeadcountBand.allCases.map { ($0.rawValue, $0.rawValue) },
                selected: scope?.headcount.rawValue ?? "1-50")
            Markup.field("Services", name: "services", value: scope?.services ?? "")
            Markup.field("Boundaries", name: "boundaries", value: scope?.boundaries ?? "", hint: "What is in and out of the system.")
            Markup.field(
                "Subservice organisations", name: "subservices",
                value: scope?.subservices.map { "\($0.name) | \($0.service) | \($0.method.rawValue)" }.joined(separator: "; ") ?? "",
                hint: "name | service | carve_out or inclusive; separate entries with semicolons.")
            Markup.tag("fieldset") {
                Markup.tag("legend") { Text("Standards") }
                Label("Also issue under ISAE 3000") {
                    Markup.void(
                        "input",
                        [("type", "checkbox"), ("name", "isae3000"), ("value", "yes")]
                            + ((scope?.standards.contains(.isae3000) ?? false) ? [("checked", "checked")] : []))
                }
            }
            Markup.select(
                "Estimate currency", name: "currency", options: [("GBP", "GBP"), ("USD", "USD"), ("EUR", "EUR")], selected: scope?.currency ?? "GBP")
            Button(button).attribute(named: "type", value: "submit").class("primary")
        }
    }
}

extension String {
    var orNone: String { isEmpty ? "none" : self }
}
