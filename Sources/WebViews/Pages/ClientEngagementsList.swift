import ComplianceCore
import Foundation
import Plot

/// An audit firm's home: its client engagements, where each stands and what needs doing.
public enum ClientEngagementsList {
    public struct Row: Sendable {
        public let client: String
        public let clientSlug: String
        public let engagement: String
        public let engagementID: String
        public let period: String
        public let report: String
        public let openRequests: Int
        public let overdueRequests: Int
        public let blockers: [String]
        public let archived: Bool

        public init(
            client: String, clientSlug: String, engagement: String, engagementID: String, period: String, report: String, openRequests: Int,
            overdueRequests: Int, blockers: [String], archived: Bool
        ) {
            self.client = client
            self.clientSlug = clientSlug
            self.engagement = engagement
            self.engagementID = engagementID
            self.period = period
            self.report = report
            self.openRequests = openRequests
            self.overdueRequests = overdueRequests
            self.blockers = blockers
            self.archived = archived
        }
    }

    static func render(_ rows: [Row]) -> any Component {
        Div {
            H2("Client engagements")
            if rows.isEmpty {
                Paragraph("No client engagement reaches you yet: a client's owner gives you access from their Members page.")
            } else {
                Markup.tag("table", ["class": "list"]) {
                    Markup.tag("thead") {
                        Markup.tag("tr") {
                            for heading in ["Client", "Engagement", "Period", "Report", "Requests", "Before the report can be issued"] {
                                Markup.tag("th") { Text(heading) }
                            }
                        }
                    }
                    Markup.tag("tbody") {
                        for row in rows {
                            Markup.tag("tr") {
                                Markup.tag("td") { Link(row.client, url: "/orgs/\(row.clientSlug)") }
                                Markup.tag("td") {
                                    Link(
                                        row.engagement + (row.archived ? " (archived)" : ""),
                                        url: "/orgs/\(row.clientSlug)/fieldwork?engagement=\(row.engagementID)")
                                }
                                Markup.tag("td") { Text(row.period) }
                                Markup.tag("td") {
                                    Link(row.report, url: "/orgs/\(row.clientSlug)/report?engagement=\(row.engagementID)")
                                }
                                Markup.tag("td") {
                                    Link(
                                        "\(row.openRequests) open\(row.overdueRequests > 0 ? ", \(row.overdueRequests) overdue" : "")",
                                        url: "/orgs/\(row.clientSlug)/programme?engagement=\(row.engagementID)")
                                }
                                Markup.tag("td") {
                                    if row.blockers.isEmpty {
                                        Text("nothing")
                                    } else {
                                        Markup.tag("details") {
                                            Markup.tag("summary") { Text("\(row.blockers.count): \(row.blockers[0].prefix(80))") }
                                            List(row.blockers) { Text($0) }.class("problems")
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }.class("section")
    }
}
