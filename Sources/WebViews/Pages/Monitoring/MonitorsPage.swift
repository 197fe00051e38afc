import ComplianceCore
import Foundation
import Plot

/// Monitors: each watched control's health, its checks' open and muted findings, its coverage
/// calendar with the gaps, the mutes, the recent runs, and which criteria the checks cover.
public enum MonitorsPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let board: [ControlMonitoring]
        public let controlTitles: [String: String]
        public let calendars: [String: CoverageCalendar]
        public let monitors: [Monitor]
        public let mutes: [FindingMute]
        public let checks: [CheckDescriptor]
        public let runs: [CollectorRun]
        public let criteria: [String]
        public let today: Day
        /// Calendar periods to switch to: a label and the query that shows it.
        public let periods: [(label: String, query: String)]
        public let canManage: Bool
        public let csrf: String
        public let error: String?

        public init(
            organization: Organization, board: [ControlMonitoring], controlTitles: [String: String], calendars: [String: CoverageCalendar],
            monitors: [Monitor], mutes: [FindingMute], checks: [CheckDescriptor], runs: [CollectorRun], criteria: [String], today: Day,
            periods: [(label: String, query: String)] = [], canManage: Bool, csrf: String, error: String? = nil
        ) {
            self.organization = organization
            self.board = board
            self.controlTitles = controlTitles
            self.calendars = calendars
            self.monitors = monitors
            self.mutes = mutes
            self.checks = checks
            self.runs = runs
            self.criteria = criteria
            self.today = today
            self.periods = periods
            self.canManage = canManage
            self.csrf = csrf
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let base = "/orgs/\(model.organization.slug)/monitors"
        let counts = ControlHealth.allCases.map { health in (health, model.board.filter { $0.health == health }.count) }.filter { $0.1 > 0 }
        return Shell.page(shell, title: "Monitors") {
            H1("Monitors")
            Markup.flash(model.error, kind: "error")
            if model.board.isEmpty {
                Paragraph(
                    "No control is monitored yet. Link a check to a control below; every collector run then judges the control, day by day."
                ).class("lede")
            } else {
                Paragraph(counts.map { "\($0.1) \($0.0.label.lowercased())" }.joined(separator: " · ")).class("lede")
                Paragraph {
                    Text("Calendars: ")
                    for (index, period) in model.periods.enumerated() {
                        if index > 0 { Text(" · ") }
                        Link(period.label, url: base + period.query)
                    }
                }.class("hint")
            }
            for monitoring in model.board {
                controlCard(monitoring, model: model, base: base)
            }
            if model.canManage { linkForm(model, base: base) }
            mutesTable(model, base: base)
            runsTable(model)
            coverageTable(model)
        }
    }

    static func badge(_ health: ControlHealth) -> any Component {
        Span(health.label).class("health \(health.rawValue)")
    }

    static func controlCard(_ monitoring: ControlMonitoring, model: Model, base: String) -> any Component {
        let title = model.controlTitles[monitoring.control] ?? ""
        let links = model.monitors.filter { $0.control == monitoring.control }
        return Markup.tag("section", ["class": "card", "id": monitoring.control]) {
            H2 {
                Link(monitoring.control, url: "/orgs/\(model.organization.slug)/controls/\(monitoring.control)")
                Text(" \(title) ")
                badge(monitoring.health)
            }
            if let last = monitoring.lastRun {
                Paragraph {
                    Text("Last looked ")
                    Markup.time(last)
                }.class("hint")
            }
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") { for h in ["Check", "Verdict", "Open findings", "Muted", ""] { Markup.tag("th") { Text(h) } } }
                }
                Markup.tag("tbody") {
                    for check in monitoring.checks {
                        Markup.tag("tr") {
                            Markup.tag("td") { Text(check.check) }
                            Markup.tag("td") {
                                badge(check.health)
                                Text(check.reason ?? "")
                            }
                            Markup.tag("td") { resourceList(check.failing) }
                            Markup.tag("td") { resourceList(check.muted) }
                            Markup.tag("td") { unlinkButton(links.first { $0.check == check.check }, model: model, base: base) }
                        }
                    }
                    for check in monitoring.neverRun {
                        Markup.tag("tr") {
                            Markup.tag("td") { Text(check) }
                            Markup.tag("td") { badge(.notRun) }
                            Markup.tag("td") { Text("—") }
                            Markup.tag("td") { Text("—") }
                            Markup.tag("td") { unlinkButton(links.first { $0.check == check }, model: model, base: base) }
                        }
                    }
                }
            }
            if let calendar = model.calendars[monitoring.control] {
                let watched = calendar.watched
                Node<Any>.raw(
                    Charts.coverage(calendar, title: "\(monitoring.control): days watched from \(calendar.start) to \(calendar.end)"))
                Paragraph(
                    "Watched on \(watched.days) of \(watched.of) days since \(Markup.readable(calendar.start))."
                        + (calendar.gaps.isEmpty
                            ? " No gaps."
                            : " Not watched: "
                                + calendar.gaps.prefix(8).map {
                                    $0.days == 1 ? Markup.readable($0.from) : "\(Markup.readable($0.from)) to \(Markup.readable($0.to))"
                                }.joined(separator: "; ") + ". An auditor may treat each gap as a deviation.")
                ).class("hint")
            }
            let open = monitoring.checks.flatMap { check in check.failing.filter { !$0.hasPrefix("(") }.map { (check.check, $0) } }
            if model.canManage && !open.isEmpty { muteForm(open, model: model, base: base, control: monitoring.control) }
        }
    }

    static func resourceList(_ resources: [String]) -> any Component {
        guard !resources.isEmpty else { return Text("—") }
        let shown = resources.prefix(5).map { $0.split(separator: "/").last.map(String.init) ?? $0 }
        return Text(shown.joined(separator: ", ") + (resources.count > 5 ? " and \(resources.count - 5) more" : ""))
    }

    static func unlinkButton(_ monitor: Monitor?, model: Model, base: String) -> any Component {
        guard model.canManage, let monitor else { return EmptyComponent() }
        return Markup.actionButton("Unlink", action: "\(base)/\(monitor.id.uuidString.lowercased())/unlink", csrf: model.csrf)
    }

    static func muteForm(_ open: [(String, String)], model: Model, base: String, control: String) -> any Component {
        Markup.tag("details") {
            Markup.tag("summary") { Text("Mute a failing finding") }
            Markup.tag("form", ["method": "post", "action": "\(base)/mutes", "class": "stack"]) {
                Markup.csrf(model.csrf)
                Markup.void("input", [("type", "hidden"), ("name", "control"), ("value", control)])
                Markup.select("Finding", name: "finding", options: open.prefix(200).map { ("\($0.0) \($0.1)", "\($0.0): \($0.1)") }, selected: nil)
                Markup.field("Owner", name: "owner", type: "email", required: true, hint: "A member who answers for it.")
                Markup.field("Reason", name: "reason", required: true)
                Markup.field(
                    "Last day", name: "expires_on", type: "date", value: model.today.adding(days: 30).description, required: true,
                    hint: "At most a year from today; the finding fails again after it.")
                Button("Mute").attribute(named: "type", value: "submit").class("secondary")
            }
        }
    }
}
