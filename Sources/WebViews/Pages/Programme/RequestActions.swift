import ComplianceCore
import Foundation
import Plot

/// The request list as a conversation across the wall, on the page: the client provides evidence
/// and comments; the engagement's auditors accept, return with a reason, reschedule and comment.
enum RequestActions {
    static func form(_ item: RequestItem, model: EngagementPage.Model, action: String) -> any Component {
        let choices: [(String, String)] =
            model.isAuditor
            ? [("accept", "Accept"), ("return", "Return with a reason"), ("reschedule", "Move the due date"), ("comment", "Comment")]
                .filter { $0.0 != "accept" || item.status == .provided }
            : model.canProvide ? [("provide", "Provide evidence"), ("comment", "Comment")] : [("comment", "Comment")]
        return Markup.tag("form", ["method": "post", "action": "\(action)/\(item.number)/act", "class": "row-form request-act"]) {
            Markup.csrf(model.csrf)
            Markup.tag("select", ["name": "action", "aria-label": "What to do with \(item.number)"]) {
                for (value, label) in choices { Markup.tag("option", ["value": value]) { Text(label) } }
            }
            if !model.isAuditor && model.canProvide && !model.evidenceChoices.isEmpty {
                Markup.tag("select", ["name": "evidence", "aria-label": "Evidence for \(item.number)"]) {
                    Markup.tag("option", ["value": ""]) { Text("evidence…") }
                    for choice in model.evidenceChoices { Markup.tag("option", ["value": choice.id]) { Text(choice.title) } }
                }
            }
            Markup.void(
                "input",
                [
                    ("type", "text"), ("name", "text"), ("maxlength", "4000"), ("placeholder", model.isAuditor ? "reason or comment" : "comment"),
                    ("aria-label", "Reason or comment for \(item.number)"),
                ])
            if model.isAuditor {
                Markup.void("input", [("type", "date"), ("name", "due_date"), ("aria-label", "New due date for \(item.number)")])
            }
            Button("Send").attribute(named: "type", value: "submit").class("link")
        }
    }
}
