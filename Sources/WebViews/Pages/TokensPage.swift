import Foundation
import Plot

/// Personal API tokens: create (the secret shows once), list with last use, revoke.
public enum TokensPage {
    public struct Row: Sendable {
        public let id: String
        public let name: String
        public let prefix: String
        public let created: String
        public let lastUsed: String
        public let status: String
        public let revocable: Bool

        public init(id: String, name: String, prefix: String, created: String, lastUsed: String, status: String, revocable: Bool) {
            self.id = id
            self.name = name
            self.prefix = prefix
            self.created = created
            self.lastUsed = lastUsed
            self.status = status
            self.revocable = revocable
        }
    }

    public struct Model: Sendable {
        public let rows: [Row]
        public let newSecret: String?
        public let error: String?

        public init(rows: [Row], newSecret: String? = nil, error: String? = nil) {
            self.rows = rows
            self.newSecret = newSecret
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        Shell.page(shell, title: "API tokens") {
            H1("API tokens")
            Paragraph("Send a token as Authorization: Bearer <token>. It acts as you, in every organisation you belong to.").class("lede")
            Markup.flash(model.error, kind: "error")
            if let secret = model.newSecret {
                Div {
                    Paragraph("Your new token. Copy it now: it will not be shown again.")
                    Markup.tag("code", ["class": "secret", "id": "new-token"]) { Text(secret) }
                }.class("flash notice").attribute(named: "role", value: "status")
            }
            Form(url: "/settings/tokens", method: .post) {
                Markup.csrf(shell.csrfToken)
                Markup.field("Token name", name: "name", required: true, hint: "What it is for, e.g. \"CI evidence upload\".")
                Markup.field("Expires (optional)", name: "expires", type: "date")
                Button("Create token").attribute(named: "type", value: "submit").class("primary")
            }
            if model.rows.isEmpty {
                Paragraph("You have no tokens.")
            } else {
                Div {
                    Markup.tag("table") {
                        Markup.tag("thead") {
                            Markup.tag("tr") {
                                for heading in ["Name", "Starts with", "Created", "Last used", "Status", ""] {
                                    Markup.tag("th", ["scope": "col"]) { Text(heading) }
                                }
                            }
                        }
                        Markup.tag("tbody") {
                            for row in model.rows {
                                Markup.tag("tr") {
                                    Markup.tag("td") { Text(row.name) }
                                    Markup.tag("td", ["class": "mono"]) { Text(row.prefix + "…") }
                                    Markup.tag("td") { Text(row.created) }
                                    Markup.tag("td") { Text(row.lastUsed) }
                                    Markup.tag("td") { Text(row.status) }
                                    Markup.tag("td") {
                                        if row.revocable {
                                            Markup.actionButton("Revoke", action: "/settings/tokens/\(row.id)/revoke", csrf: shell.csrfToken)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }.class("table-wrap")
            }
        }
    }
}
