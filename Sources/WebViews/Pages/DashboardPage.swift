import ComplianceCore
import Foundation
import Plot

/// An organisation's home: who it is, who is in it, what the catalog holds, what changed lately.
public enum DashboardPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let standing: String
        public let memberCounts: [(role: String, count: Int)]
        public let criteriaByCategory: [(category: TrustServicesCategory, count: Int)]
        public let recentEvents: [ChangeEvent]?
        /// Who each recent event's actor is (see `EventLogWorkflow.names`).
        public var eventNames: [String: String] = [:]
        /// The latest engagement's readiness now and its snapshots, when there is an engagement.
        public let readiness: (engagement: String, report: ReadinessReport, snapshots: [ReadinessSnapshot])?
        public let reminders: [Reminder]
        public let notifications: [ComplianceCore.Notification]
        public let csrf: String
        /// For an audit firm: its client engagements (its home lists them instead of scoping its own).
        public var clients: [ClientEngagementsList.Row]?

        public init(
            organization: Organization, standing: String, memberCounts: [(role: String, count: Int)],
            criteriaByCategory: [(category: TrustServicesCategory, count: Int)], recentEvents: [ChangeEvent]?,
            readiness: (engagement: String, report: ReadinessReport, snapshots: [ReadinessSnapshot])? = nil, reminders: [Reminder] = [],
            notifications: [ComplianceCore.Notification] = [], csrf: String = ""
        ) {
            self.readiness = readiness
            self.notifications = notifications
            self.csrf = csrf
            self.reminders = reminders
            self.organization = organization
            self.standing = standing
            self.memberCounts = memberCounts
            self.criteriaByCategory = criteriaByCategory
            self.recentEvents = recentEvents
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        Shell.page(shell, title: model.organization.name) {
            H1(model.organization.name)
            Paragraph("\(model.organization.kind.displayName) · you are \(model.standing) · slug \(model.organization.slug)").class("lede")
            let unread = model.notifications.filter { !$0.read }
            if !unread.isEmpty {
                Div {
                    H2("Notifications (\(unread.count) unread)")
                    Markup.tag("ul", ["class": "reminders"]) {
                        for note in unread.prefix(8) {
                            Markup.tag("li") {
                                Link(note.text, url: "/orgs/\(model.organization.slug)/\(note.path)")
                                Text(" · ")
                                Markup.time(note.at)
                            }
                        }
                    }
                    Markup.actionButton(
                        "Mark all read", action: "/orgs/\(model.organization.slug)/notifications/read", csrf: model.csrf, style: "link")
                }.class("card")
            }
            if !model.reminders.isEmpty {
                Div {
                    H2("Coming due")
                    Markup.tag("ul", ["class": "reminders"]) {
                        for reminder in model.reminders {
                            Markup.tag("li", reminder.overdue ? ["class": "overdue"] : [:]) {
                                Link(reminder.subject, url: "/orgs/\(model.organization.slug)/\(reminder.path)")
                                Text(reminder.overdue ? " · overdue since \(reminder.due)" : " · due \(reminder.due)")
                            }
                        }
                    }
                }.class("card")
            }
            if let readiness = model.readiness {
                Div {
                    Div {
                        H2("Readiness: \(ReadinessPage.percent(readiness.report.overall))")
                        Node<Any>.raw(
                            Charts.scores(readiness.report.categories.map { ($0.category.displayName, $0.score) }, title: "Readiness by category"))
                        Paragraph("\(readiness.report.gaps.count) criteria not ready in \(readiness.engagement).")
                        Link("Gaps and remediation", url: "/orgs/\(model.organization.slug)/readiness")
                    }.class("card")
                    Div {
                        H2("Readiness over time")
                        Node<Any>.raw(
                            Charts.trend(
                                readiness.snapshots.map { ($0.takenAt, $0.overall) } + [(readiness.report.computedAt, readiness.report.overall)],
                                title: "Overall readiness over time"))
                    }.class("card")
                }.class("grid")
            } else if let clients = model.clients {
                ClientEngagementsList.render(clients)
            } else {
                Paragraph {
                    Text("No engagement yet: ")
                    Link("scope your SOC 2", url: "/orgs/\(model.organization.slug)/programme")
                    Text(" to get a request list, a timeline and readiness.")
                }
            }
            Div {
                Div {
                    H2("Members")
                    List(model.memberCounts.map { "\($0.count) \($0.role)\($0.count == 1 ? "" : "s")" })
                    Link("Manage members", url: "/orgs/\(model.organization.slug)/members")
                }.class("card")
                Div {
                    H2("Trust Services Criteria")
                    Node<Any>.raw(
                        Charts.bars(
                            model.criteriaByCategory.map { ($0.category.displayName, $0.count) },
                            title: "Criteria per category in the catalog"))
                    Link("Browse the criteria", url: "/criteria")
                }.class("card")
            }.class("grid")
            if let events = model.recentEvents {
                H2("Recent changes")
                EventsPage.table(events, names: model.eventNames, emptyText: "Nothing has changed yet.")
                Link("The whole event log", url: "/orgs/\(model.organization.slug)/events")
            }
        }
    }
}

/// Charts drawn as inline SVG: no scripts, readable by screen readers through their titles.
public enum Charts {
    /// A horizontal bar chart of labelled counts.
    public static func bars(_ rows: [(String, Int)], title: String) -> String {
        let width = 360
        let rowHeight = 28
        let labelWidth = 150
        let maximum = max(1, rows.map(\.1).max() ?? 1)
        let height = rows.count * rowHeight + 8
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" class=\"chart\" aria-labelledby=\"chart-title\">"
        svg += "<title id=\"chart-title\">\(escape(title))</title>"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 4
            let barWidth = (width - labelWidth - 40) * row.1 / maximum
            svg += "<text x=\"0\" y=\"\(y + 18)\" class=\"label\">\(escape(row.0))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(barWidth, 2))\" height=\"18\" rx=\"3\" class=\"bar\"/>"
            svg += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 18)\" class=\"value\">\(row.1)</text>"
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
