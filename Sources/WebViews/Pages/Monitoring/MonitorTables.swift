import ComplianceCore
import Foundation
import Plot

extension MonitorsPage {
    static func linkForm(_ model: Model, base: String) -> any Component {
        Markup.tag("section", ["class": "card", "id": "link"]) {
            H2("Monitor a control")
            Markup.tag("form", ["method": "post", "action": "\(base)/link", "class": "inline-form"]) {
                Markup.csrf(model.csrf)
                Markup.select(
                    "Check", name: "check", options: model.checks.map { ($0.id, "\($0.id) · \($0.title)") }.sorted { $0.0 < $1.0 }, selected: nil)
                Markup.select(
                    "Control", name: "control",
                    options: model.controlTitles.sorted { $0.key < $1.key }.map { ($0.key, "\($0.key) · \($0.value)") }, selected: nil)
                Button("Link").attribute(named: "type", value: "submit").class("primary")
            }
        }
    }

    static func mutesTable(_ model: Model, base: String) -> any Component {
        guard !model.mutes.isEmpty else { return EmptyComponent() }
        return Markup.tag("section", ["class": "card", "id": "mutes"]) {
            H2("Muted findings")
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") { for h in ["Check", "Resource", "Owner", "Reason", "Until", ""] { Markup.tag("th") { Text(h) } } }
                }
                Markup.tag("tbody") {
                    for mute in model.mutes.reversed() {
                        let lapsed = mute.expiresOn < model.today
                        Markup.tag("tr", lapsed ? ["class": "retired"] : [:]) {
                            Markup.tag("td") { Text(mute.check) }
                            Markup.tag("td") { Text(mute.resource) }
                            Markup.tag("td") { Text(mute.owner) }
                            Markup.tag("td") { Text(mute.reason) }
                            Markup.tag("td") { Text(Markup.readable(mute.expiresOn) + (lapsed ? " (lapsed)" : "")) }
                            Markup.tag("td") {
                                if model.canManage && !lapsed {
                                    Markup.actionButton("End now", action: "\(base)/mutes/\(mute.id.uuidString.lowercased())/end", csrf: model.csrf)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static func runsTable(_ model: Model) -> any Component {
        guard !model.runs.isEmpty else {
            return Paragraph("No collector run yet: run `attest collect aws --org \(model.organization.slug)`.").class("hint")
        }
        return Markup.tag("section", ["class": "card", "id": "runs"]) {
            H2("Recent runs")
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") {
                        for h in ["Run", "Account", "Started by", "Checks failing", "Errors", "API calls", "Took"] { Markup.tag("th") { Text(h) } }
                    }
                }
                Markup.tag("tbody") {
                    for run in model.runs {
                        Markup.tag("tr") {
                            Markup.tag("td") {
                                Markup.tag("a", ["href": "/orgs/\(model.organization.slug)/collector-runs/\(run.id.uuidString.lowercased())"]) {
                                    Markup.time(run.startedAt)
                                }
                                if run.demo { Text(" (demo)") }
                            }
                            Markup.tag("td") { Text("\(run.connector) \(run.account)") }
                            Markup.tag("td") { Text(run.startedBy) }
                            Markup.tag("td") { Text("\(run.checks.filter { $0.status == .fail }.count) of \(run.checks.count)") }
                            Markup.tag("td") { Text("\(run.checks.filter { $0.status == .error }.count)") }
                            Markup.tag("td") { Text("\(run.callCount)") }
                            Markup.tag("td") { Text(String(format: "%.1f s", run.duration)) }
                        }
                    }
                }
            }
        }
    }

    /// Per criterion, what the checks say directly, what they support, and what stays manual.
    static func coverageTable(_ model: Model) -> any Component {
        Markup.tag("section", ["class": "card", "id": "coverage"]) {
            H2("What the checks cover")
            Paragraph(
                "Direct: the check itself shows the criterion's point is met. Indirect: it supports one part of it. Everything else is evidenced by hand."
            ).class("hint")
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") { for h in ["Criterion", "Direct", "Indirect"] { Markup.tag("th") { Text(h) } } }
                }
                Markup.tag("tbody") {
                    for criterion in model.criteria {
                        let direct = model.checks.filter { $0.criteria.contains(CriterionSupport(criterion, direct: true)) }.map(\.id)
                        let indirect = model.checks.filter { $0.criteria.contains(CriterionSupport(criterion, direct: false)) }.map(\.id)
                        Markup.tag("tr") {
                            Markup.tag("td") { Text(criterion) }
                            Markup.tag("td") { Text(direct.isEmpty ? "manual" : "\(direct.count): \(direct.joined(separator: ", "))") }
                            Markup.tag("td") { Text(indirect.isEmpty ? "—" : "\(indirect.count): \(indirect.joined(separator: ", "))") }
                        }
                    }
                }
            }
        }
    }
}
