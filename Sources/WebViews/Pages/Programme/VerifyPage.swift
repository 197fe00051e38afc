import ComplianceCore
import Foundation
import Plot

/// Anyone can drop a report here and learn whether it is genuine.
public enum VerifyPage {
    public struct Model: Sendable {
        public let csrfToken: String
        public let result: (genuine: Bool, reason: String, details: [String])?
        public init(csrfToken: String, result: (genuine: Bool, reason: String, details: [String])? = nil) {
            self.csrfToken = csrfToken
            self.result = result
        }
    }

    public static func render(_ model: Model) -> String {
        Document.render(title: "Verify a report") {
            Markup.tag("main", ["id": "content", "class": "narrow"]) {
                H1("Is this report genuine?")
                Paragraph(
                    "Choose a SOC 2 or SOC 3 report or a bridge letter issued through Attest, as HTML or PDF. It is checked here against the keys the issuer publishes; nothing is stored."
                )
                if let result = model.result {
                    Div {
                        Paragraph((result.genuine ? "Genuine. " : "Not genuine. ") + result.reason)
                        if !result.details.isEmpty { List(result.details) { ListItem($0) } }
                    }.class("flash \(result.genuine ? "notice" : "error")").attribute(named: "id", value: "verdict")
                }
                Markup.tag(
                    "form", ["method": "post", "action": "/verify?_csrf=\(model.csrfToken)", "enctype": "multipart/form-data", "class": "stack"]
                ) {
                    Label("Report file") { Markup.void("input", [("type", "file"), ("name", "file"), ("required", "required")]) }
                    Button("Check").attribute(named: "type", value: "submit").class("primary")
                }
                Paragraph {
                    Text("Offline: ")
                    Markup.tag("code") { Text("attest report verify FILE --keys URL") }
                    Text(" exits 0 when genuine, 1 when not. The format is specified in VERIFYING.md.")
                }.class("hint")
            }
        }
    }
}
