import ComplianceCore
import Foundation
import Plot

/// Members and roles; admins add people and change roles here.
public enum MembersPage {
    public struct Row: Sendable {
        public let name: String
        public let email: String
        public let role: Role

        public init(name: String, email: String, role: Role) {
            self.name = name
            self.email = email
            self.role = role
        }
    }

    public struct GrantRow: Sendable {
        public let id: UUID
        public let auditorEmail: String
        public let firmName: String
        public let expiresAt: Date
        public let active: Bool
        public let revoked: Bool

        public init(id: UUID, auditorEmail: String, firmName: String, expiresAt: Date, active: Bool, revoked: Bool) {
            self.id = id
            self.auditorEmail = auditorEmail
            self.firmName = firmName
            self.expiresAt = expiresAt
            self.active = active
            self.revoked = revoked
        }
    }

    public struct Model: Sendable {
        public let organization: Organization
        public let rows: [Row]
        public let grants: [GrantRow]
        public let canManage: Bool
        /// The owner gives, extends and revokes auditors' access.
        public let canGrant: Bool
        public let assignableRoles: [Role]
        public let message: String?
        public let error: String?
        public let formEmail: String

        public init(
            organization: Organization, rows: [Row], grants: [GrantRow], canManage: Bool, canGrant: Bool = false, assignableRoles: [Role],
            message: String? = nil, error: String? = nil, formEmail: String = ""
        ) {
            self.organization = organization
            self.rows = rows
            self.grants = grants
            self.canManage = canManage
            self.canGrant = canGrant
            self.assignableRoles = assignableRoles
            self.message = message
            self.error = error
            self.formEmail = formEmail
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let base = "/orgs/\(model.organization.slug)/members"
        return Shell.page(shell, title: "Members") {
            H1("Members of \(model.organization.name)")
            Markup.flash(model.message)
            Markup.flash(model.error, kind: "error")
            Div {
                Markup.tag("table") {
                    Markup.tag("thead") {
                        Markup.tag("tr") {
                            for heading in ["Name", "Email", "Role"] + (model.canManage ? ["Actions"] : []) {
                                Markup.tag("th", ["scope": "col"]) { Text(heading) }
                            }
                        }
                    }
                    Markup.tag("tbody") {
                        for row in model.rows {
                            Markup.tag("tr") {
                                Markup.tag("td") { Text(row.name) }
                                Markup.tag("td") { Text(row.email) }
                                Markup.tag("td") { Text(row.role.displayName) }
                                if model.canManage {
                                    Markup.tag("td") {
                                        Markup.actionButton("Remove", action: "\(base)/remove", csrf: shell.csrfToken, fields: [("email", row.email)])
                                    }
                                }
                            }
                        }
                    }
                }
            }.class("table-wrap")
            if model.canManage {
                H2("Invite a member or change a role")
                Form(url: base, method: .post) {
                    Markup.csrf(shell.csrfToken)
                    Markup.field(
                        "Email (a new member is invited, and joins on accepting)", name: "email", type: "email", value: model.formEmail,
                        required: true)
                    Markup.select(
                        "Role", name: "role", options: model.assignableRoles.map { ($0.rawValue, $0.displayName) }, selected: Role.member.rawValue)
                    Button("Save").attribute(named: "type", value: "submit").class("primary")
                }
            }
            if !model.grants.isEmpty || model.canGrant {
                H2("Auditor access")
                Paragraph("Auditors of a firm reach this organisation only through a grant, which ends by itself on its date.")
                for grant in model.grants {
                    let state = grant.revoked ? " (revoked)" : grant.active ? "" : " (ended)"
                    Div {
                        Paragraph("\(grant.auditorEmail) of \(grant.firmName), until \(Markup.readable(Day(grant.expiresAt)))\(state)")
                        if model.canGrant && !grant.revoked {
                            Form(url: "/orgs/\(model.organization.slug)/grants/\(grant.id.uuidString.lowercased())/extend", method: .post) {
                                Markup.csrf(shell.csrfToken)
                                Markup.field("Extend until", name: "expires_at", type: "date", required: true)
                                Button("Extend").attribute(named: "type", value: "submit").class("secondary")
                            }.class("inline")
                            Markup.actionButton(
                                "Revoke", action: "/orgs/\(model.organization.slug)/grants/\(grant.id.uuidString.lowercased())/revoke",
                                csrf: shell.csrfToken)
                        }
                    }.class("grant")
                }
                if model.canGrant {
                    Form(url: "/orgs/\(model.organization.slug)/grants", method: .post) {
                        Markup.csrf(shell.csrfToken)
                        Markup.field("Auditor's email", name: "auditor", type: "email", required: true)
                        Markup.field("Audit firm (its slug)", name: "audit_firm", required: true)
                        Markup.field("Until", name: "expires_at", type: "date", required: true)
                        Button("Grant access").attribute(named: "type", value: "submit").class("primary")
                    }
                }
            }
        }
    }
}
