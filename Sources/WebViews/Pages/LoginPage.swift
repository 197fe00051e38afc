import Plot

/// The sign-in form, and the second step that asks for a one-time code.
public enum LoginPage {
    public struct Model: Sendable {
        public let email: String
        public let error: String?
        public let csrfToken: String
        /// True for the second step (TOTP or recovery code).
        public let askForCode: Bool
        public let demoHint: String?

        public init(email: String = "", error: String? = nil, csrfToken: String, askForCode: Bool = false, demoHint: String? = nil) {
            self.email = email
            self.error = error
            self.csrfToken = csrfToken
            self.askForCode = askForCode
            self.demoHint = demoHint
        }
    }

    public static func render(_ model: Model) -> String {
        Document.render(title: "Sign in") {
            Markup.tag("main", ["id": "content", "class": "narrow"]) {
                H1("Sign in to Attest")
                Markup.flash(model.error, kind: "error")
                if model.askForCode {
                    Form(url: "/login/code", method: .post) {
                        Markup.csrf(model.csrfToken)
                        Markup.field(
                            "Authentication code", name: "code", required: true, autocomplete: "one-time-code",
                            hint: "The 6-digit code from your authenticator app, or one of your recovery codes.",
                            extra: [("inputmode", "numeric"), ("autofocus", "autofocus")])
                        Button("Verify").attribute(named: "type", value: "submit").class("primary")
                    }
                } else {
                    Form(url: "/login", method: .post) {
                        Markup.csrf(model.csrfToken)
                        Markup.field(
                            "Email", name: "email", type: "email", value: model.email, required: true, autocomplete: "username",
                            extra: [("autofocus", "autofocus")])
                        Markup.field("Password", name: "password", type: "password", required: true, autocomplete: "current-password")
                        Button("Sign in").attribute(named: "type", value: "submit").class("primary")
                    }
                }
                if let hint = model.demoHint { Paragraph(hint).class("hint") }
            }
        }
    }
}
