import ComplianceCore
import Foundation
import Plot

/// Readiness from the programme's data: scores, trend, gaps and their remediation plans.
public enum ReadinessPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let engagement: Engagement
        public let report: ReadinessReport
        public let snapshots: [ReadinessSnapshot]
        public let remediation: [RemediationItem]
        public let canManage: Bool
        public let csrf: String
        public let error: String?

        public init(
            organization: Organization, engagement: Engagement, report: ReadinessReport, snapshots: [ReadinessSnapshot],
            remediation: [RemediationItem], canManage: Bool, csrf: String, error: String? = nil
        ) {
            self.organization = organization
            self.engagement = engagement
            self.report = report
            self.snapshots = snapshots
            self.remediation = remediation
            self.canManage = canManage
            self.csrf = csrf
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let report = model.report
        let base = "/orgs/\(model.organization.slug)/readiness"
        let id = model.engagement.id.uuidString.lowercased()
        return Shell.page(shell, title: "Readiness") {
            H1("Readiness: \(percent(report.overall))")
            Paragraph("\(model.engagement.name) · computed from controls, policies and evidence just now; nothing here is typed by hand.").class(
                "lede")
            Markup.flash(model.error, kind: "error")
            Div {
                Div {
                    H2("By category")
                    Node<Any>.raw(
                        Charts.scores(
                            [("Overall", report.overall)] + report.categories.map { ($0.category.displayName, $0.score) },
                            title: "Readiness by category"))
                    List(report.categories.map { "\($0.category.displayName): \($0.ready) of \($0.applicable) criteria ready" })
                }.class("card")
                Div {
                    H2("Trend")
                    Node<Any>.raw(Charts.trend(model.snapshots.map { ($0.takenAt, $0.overall) }, title: "Overall readiness over time"))
                    if model.canManage {
                        Markup.actionButton(
                            "Record a snapshot now", action: "\(base)/snapshots", csrf: model.csrf, style: "secondary", fields: [("engagement", id)])
                    }
                }.class("card")
            }.class("grid")
            H2("Gaps (\(report.gaps.count))")
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") { for h in ["Criterion", "Status", "Score", "What is missing", "Remediation"] { Markup.tag("th") { Text(h) } } }
                }
                Markup.tag("tbody") {
                    for gap in report.gaps {
                        let plan = model.remediation.first { $0.criterion == gap.criterion }
                        Markup.tag("tr", ["id": "gap-\(gap.criterion)"]) {
                            Markup.tag("td") { Link(gap.criterion, url: "/criteria/\(gap.criterion)") }
                            Markup.tag("td") { Markup.tag("span", ["class": "status \(gap.status.rawValue)"]) { Text(gap.status.rawValue) } }
                            Markup.tag("td") { Text(percent(gap.score ?? 0)) }
                            Markup.tag("td") {
                                List(gap.findings)
                                if let links = gap.links, !links.isEmpty {
                                    Markup.tag("p", ["class": "gap-links"]) {
                                        for (index, link) in links.enumerated() {
                                            if index > 0 { Text(" · ") }
                                            Link(link.label, url: "/orgs/\(model.organization.slug)/\(link.path)")
                                        }
                                    }
                                }
                            }
                            Markup.tag("td") {
                                if model.canManage {
                                    Markup.tag("form", ["method": "post", "action": "\(base)/remediation", "class": "row-form"]) {
                                        Markup.csrf(model.csrf)
                                        Markup.void("input", [("type", "hidden"), ("name", "engagement"), ("value", id)])
                                        Markup.void("input", [("type", "hidden"), ("name", "criterion"), ("value", gap.criterion)])
                                        Markup.void(
                                            "input",
                                            [
                                                ("type", "text"), ("name", "owner"), ("value", plan?.owner ?? ""), ("placeholder", "owner"),
                                                ("required", "required"), ("aria-label", "Owner for \(gap.criterion)"),
                                            ])
                                        Markup.void(
                                            "input",
                                            [
                                                ("type", "date"), ("name", "due_date"), ("value", plan?.dueDate.description ?? ""),
                                                ("required", "required"), ("aria-label", "Due date for \(gap.criterion)"),
                                            ])
                                        Markup.void(
                                            "input",
                                            [
                                                ("type", "text"), ("name", "plan"), ("value", plan?.plan ?? ""), ("placeholder", "the fix"),
                                                ("required", "required"), ("aria-label", "Plan for \(gap.criterion)"),
                                            ])
                                        Button("Save").attribute(named: "type", value: "submit").class("link")
                                    }
                                } else if let plan {
                                    Text("\(plan.owner) by \(plan.dueDate): \(plan.plan)")
                                } else {
                                    Text("No plan yet")
                                }
                            }
                        }
                    }
                }
            }
            Markup.tag("details", ["class": "card"]) {
                Markup.tag("summary") { Text("Every criterion in scope") }
                Markup.tag("table", ["class": "list"]) {
                    for row in report.criteria {
                        Markup.tag("tr") {
                            Markup.tag("td") { Text(row.criterion) }
                            Markup.tag("td") { Text(row.status.rawValue) }
                            Markup.tag("td") { Text(row.score.map(percent) ?? "—") }
                            Markup.tag("td") { Text(row.controls.joined(separator: " ")) }
                            Markup.tag("td") { Text(row.exclusionReason ?? row.policies.joined(separator: ", ")) }
                            Markup.tag("td") { Text("\(row.evidenceCount) evidence") }
                        }
                    }
                }
            }
        }
    }

    public static func percent(_ value: Double) -> String { "\(Int((value * 100).rounded()))%" }
}

/// ISO/IEC 27001:2022 Annex A: how many controls the programme reaches through the criteria.
public enum CrosswalkPage {
    public static func render(organization: Organization, source: String, coverage: [Crosswalk.Coverage], shell: Shell.Model) -> String {
        let covered = coverage.filter(\.covered).count
        let themes = AnnexAControl.Theme.allCases.map { theme in
            (theme.rawValue.capitalized, coverage.filter { $0.control.theme == theme && $0.covered }.count)
        }
        return Shell.page(shell, title: "ISO 27001 crosswalk") {
            H1("ISO/IEC 27001:2022: \(covered) of \(coverage.count) Annex A controls covered")
            Paragraph(
                "Coverage counts an Annex A control when a programme control that is implemented or operating addresses a criterion mapped to it. Mapping: \(source). Mappings are many-to-many and not equivalences; replace ours with the AICPA's workbook (saved as CSV) through the crosswalk_file setting."
            ).class("lede")
            Node<Any>.raw(Charts.bars(themes, title: "Covered Annex A controls per theme"))
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") { for h in ["Annex A", "Control", "Criteria", "Covered by"] { Markup.tag("th") { Text(h) } } }
                }
                Markup.tag("tbody") {
                    for item in coverage {
                        Markup.tag("tr", item.covered ? [:] : ["class": "attention"]) {
                            Markup.tag("td") { Text(item.control.id) }
                            Markup.tag("td") { Text(item.control.title) }
                            Markup.tag("td") { Text(item.criteria.joined(separator: " ")) }
                            Markup.tag("td") { Text(item.covered ? item.coveredBy.joined(separator: " ") : "gap") }
                        }
                    }
                }
            }
        }
    }
}
