import ComplianceCore
import Foundation
import Plot

/// Connections: each account collected on a schedule, when it last ran and what went wrong, when
/// it runs next; connecting another; pausing, running now, deleting. Credentials go in once and
/// are only ever shown as their key's first and last four characters.
public enum ConnectionsPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let connections: [Connection]
        public let canManage: Bool
        public let csrf: String
        public let notice: String?
        public let error: String?

        public init(organization: Organization, connections: [Connection], canManage: Bool, csrf: String, notice: String? = nil, error: String? = nil)
        {
            self.organization = organization
            self.connections = connections
            self.canManage = canManage
            self.csrf = csrf
            self.notice = notice
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let base = "/orgs/\(model.organization.slug)/connections"
        return Shell.page(shell, title: "Connections") {
            H1("Connections")
            Markup.flash(model.notice)
            Markup.flash(model.error, kind: "error")
            Paragraph(
                "Each connection runs on its own schedule on whichever server claims it first; its results are stored as evidence and judged by the monitors."
            ).class("lede")
            if model.connections.isEmpty {
                Paragraph("No account is connected yet.").class("hint")
            } else {
                Markup.tag("table", ["class": "list", "id": "connections"]) {
                    Markup.tag("thead") {
                        Markup.tag("tr") {
                            for h in ["Connection", "Credentials", "Every", "Last run", "Next run", ""] { Markup.tag("th") { Text(h) } }
                        }
                    }
                    Markup.tag("tbody") {
                        for connection in model.connections {
                            row(connection, model: model, base: base)
                        }
                    }
                }
            }
            if model.canManage { form(model, base: base) }
        }
    }

    static func row(_ connection: Connection, model: Model, base: String) -> any Component {
        let path = "\(base)/\(connection.id.uuidString.lowercased())"
        return Markup.tag("tr", connection.lastError != nil ? ["class": "attention"] : [:]) {
            Markup.tag("td") {
                Text("\(connection.name) (\(connection.connector))")
                Paragraph(connection.regions.isEmpty ? "every enabled region" : connection.regions.joined(separator: ", ")).class("hint")
            }
            Markup.tag("td") { Text(connection.secretHint) }
            Markup.tag("td") { Text("\(connection.cadenceHours) h") }
            Markup.tag("td") {
                if let last = connection.lastRunAt {
                    if let run = connection.lastRunID {
                        Markup.tag("a", ["href": "/orgs/\(model.organization.slug)/collector-runs/\(run.uuidString.lowercased())"]) {
                            Markup.time(last)
                        }
                    } else {
                        Markup.time(last)
                    }
                } else {
                    Text("never")
                }
                if let error = connection.lastError {
                    Paragraph("Failed \(connection.failures) time\(connection.failures == 1 ? "" : "s") in a row: \(error)").class("hint")
                }
            }
            Markup.tag("td") { connection.enabled ? Markup.time(connection.nextRunAt) : Text("paused") }
            Markup.tag("td") {
                if model.canManage {
                    Markup.actionButton("Run now", action: "\(path)/run", csrf: model.csrf, style: "primary")
                    Markup.actionButton(
                        connection.enabled ? "Pause" : "Resume", action: "\(path)/schedule", csrf: model.csrf,
                        fields: [("enabled", connection.enabled ? "false" : "true")])
                    Markup.actionButton("Delete", action: "\(path)/delete", csrf: model.csrf)
                }
            }
        }
    }

    static func form(_ model: Model, base: String) -> any Component {
        Markup.tag("section", ["class": "card", "id": "connect"]) {
            H2("Connect an AWS account")
            Paragraph(
                "Use a read-only key (the SecurityAudit managed policy), or a role to assume with an external id. The secret is sealed with this server's key, which is kept outside the database, and is never shown again."
            ).class("hint")
            Markup.tag("form", ["method": "post", "action": base, "class": "stack"]) {
                Markup.csrf(model.csrf)
                Markup.field("Name", name: "name", required: true, hint: "e.g. Production")
                Markup.field("Access key id", name: "access_key_id", required: true, autocomplete: "off")
                Markup.field("Secret access key", name: "secret_access_key", type: "password", required: true, autocomplete: "off")
                Markup.field("Role to assume", name: "role_arn", hint: "Optional: arn:aws:iam::123456789012:role/attest-audit")
                Markup.field("External id", name: "external_id")
                Markup.field("Regions", name: "regions", hint: "Separated by spaces; empty for every region the account has enabled.")
                Markup.field(
                    "Hours between runs", name: "cadence_hours", type: "number", value: "24", required: true, extra: [("min", "1"), ("max", "168")])
                Button("Connect").attribute(named: "type", value: "submit").class("primary")
            }
        }
    }
}
