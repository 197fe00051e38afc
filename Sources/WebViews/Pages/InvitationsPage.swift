import ComplianceCore
import Foundation
import Plot

/// The invitations addressed to the signed-in person: join an organisation, or say no.
public enum InvitationsPage {
    public static func render(invitations: [Invitation], message: String?, shell: Shell.Model) -> String {
        Shell.page(shell, title: "Invitations") {
            H1("Invitations")
            Markup.flash(message)
            if invitations.isEmpty {
                Paragraph("No open invitations. An organisation's owner or admin invites you by your email address.")
            } else {
                Div {
                    Markup.tag("table") {
                        Markup.tag("thead") {
                            Markup.tag("tr") {
                                for heading in ["Organisation", "Role", "Invited by", "Open until", "Answer"] {
                                    Markup.tag("th", ["scope": "col"]) { Text(heading) }
                                }
                            }
                        }
                        Markup.tag("tbody") {
                            for invitation in invitations {
                                let base = "/invitations/\(invitation.id.uuidString.lowercased())"
                                Markup.tag("tr") {
                                    Markup.tag("td") { Text(invitation.organizationName) }
                                    Markup.tag("td") { Text(invitation.role.displayName) }
                                    Markup.tag("td") { Text(invitation.invitedBy) }
                                    Markup.tag("td") { Text(Markup.readable(Day(invitation.expiresAt))) }
                                    Markup.tag("td") {
                                        Markup.actionButton("Join", action: "\(base)/accept", csrf: shell.csrfToken, style: "primary")
                                        Markup.actionButton("Decline", action: "\(base)/decline", csrf: shell.csrfToken)
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
