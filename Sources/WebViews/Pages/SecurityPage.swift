import Plot

/// Two-factor authentication: set up with an authenticator app, see recovery codes once.
public enum SecurityPage {
    public struct Model: Sendable {
        public let totpEnabled: Bool
        /// Set while enrolling: the secret to type in and the otpauth URL.
        public let enrolment: (secret: String, url: String)?
        public let recoveryCodes: [String]?
        public let remainingRecoveryCodes: Int
        public let error: String?

        public init(
            totpEnabled: Bool, enrolment: (secret: String, url: String)? = nil, recoveryCodes: [String]? = nil,
            remainingRecoveryCodes: Int = 0, error: String? = nil
        ) {
            self.totpEnabled = totpEnabled
            self.enrolment = enrolment
            self.recoveryCodes = recoveryCodes
            self.remainingRecoveryCodes = remainingRecoveryCodes
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        Shell.page(shell, title: "Security") {
            H1("Security")
            H2("Two-factor authentication")
            Markup.flash(model.error, kind: "error")
            if let codes = model.recoveryCodes {
                Div {
                    Paragraph(
                        "Two-factor authentication is on. Keep these recovery codes somewhere safe; each works once and they will not be shown again."
                    )
                    List(codes).class("codes")
                }.class("flash notice").attribute(named: "role", value: "status")
            } else if model.totpEnabled {
                Paragraph("On. You have \(model.remainingRecoveryCodes) unused recovery codes.")
            } else if let enrolment = model.enrolment {
                Paragraph("Add this secret to your authenticator app, then enter the code it shows.")
                Markup.tag("code", ["class": "secret", "id": "totp-secret"]) { Text(enrolment.secret) }
                Paragraph {
                    Text("Or open: ")
                    Markup.tag("code", ["class": "secret"]) { Text(enrolment.url) }
                }
                Form(url: "/settings/security/totp/confirm", method: .post) {
                    Markup.csrf(shell.csrfToken)
                    Markup.field("Code from the app", name: "code", required: true, autocomplete: "one-time-code", extra: [("inputmode", "numeric")])
                    Button("Turn on").attribute(named: "type", value: "submit").class("primary")
                }
            } else {
                Paragraph("Off. A second factor protects your account if your password leaks.")
                Markup.actionButton("Set up two-factor authentication", action: "/settings/security/totp", csrf: shell.csrfToken, style: "primary")
            }
        }
    }
}
