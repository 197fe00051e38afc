import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// Sign-in with password and optional second factor, and sign-out.
struct AuthPages {
    let support: PageSupport
    var environment: WebEnvironment { support.environment }

    func register(on router: Router<AttestContext>) {
        router.get("/login", use: loginForm)
        router.post("/login", use: login)
        router.post("/login/code", use: loginCode)
        router.post("/logout", use: logout)
    }

    @Sendable func loginForm(_ request: Request, context: AttestContext) async throws -> Response {
        if context.identity?.session != nil { return PageSupport.seeOther("/") }
        return freshForm(request, email: "", error: nil, status: .ok)
    }

    /// A login form with a new double-submit CSRF token in a cookie and in the form.
    private func freshForm(_ request: Request, email: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = SecureRandom.token(bytes: 24)
        var response = HTMLPage(
            LoginPage.render(.init(email: email, error: error, csrfToken: token, demoHint: environment.loginHint)), status: status
        ).response()
        response.setCookie(support.cookie(CSRFMiddleware.preLoginCookie, token, request: request, maxAge: 3600))
        return response
    }

    /// The address the throttle counts: the proxy's client when the connection comes from a trusted proxy.
    private func client(_ request: Request, _ context: AttestContext) -> String {
        environment.clientAddress.resolve(peer: context.remoteAddress, forwardedFor: request.headers[.init("X-Forwarded-For")!])
    }

    @Sendable func login(_ request: Request, context: AttestContext) async throws -> Response {
        let form = try await FormFields.read(request, context: context)
        let rawEmail = form["email"] ?? ""
        let password = form["password"] ?? ""
        if let error = await environment.throttle.refusal(account: rawEmail, address: client(request, context)) {
            var response = freshForm(request, email: rawEmail, error: error.message, status: .tooManyRequests)
            if case .rateLimited(let seconds) = error.kind { response.headers[.retryAfter] = String(seconds) }
            return response
        }
        guard let email = try? EmailAddress(rawEmail), let user = try await environment.workflows.users.verify(email: email, password: password)
        else {
            await environment.throttle.recordFailure(account: rawEmail, address: client(request, context))
            return freshForm(request, email: rawEmail, error: "The email or password is not right.", status: .unauthorized)
        }
        let started = try await environment.workflows.sessions.start(userID: user.id, authenticated: !user.totpEnabled)
        if user.totpEnabled {
            var response = HTMLPage(LoginPage.render(.init(email: rawEmail, csrfToken: started.session.csrfToken, askForCode: true))).response()
            response.setCookie(support.cookie(IdentityMiddleware.sessionCookie, started.secret, request: request))
            return response
        }
        await environment.throttle.recordSuccess(account: rawEmail)
        return signedIn(request, secret: started.secret)
    }

    @Sendable func loginCode(_ request: Request, context: AttestContext) async throws -> Response {
        guard let pending = context.pendingSession else { return PageSupport.seeOther("/login") }
        let form = try await FormFields.read(request, context: context)
        let account = pending.userID.uuidString
        if let error = await environment.throttle.refusal(account: account, address: client(request, context)) {
            try await environment.workflows.sessions.end(pending.id)
            return freshForm(request, email: "", error: error.message, status: .tooManyRequests)
        }
        guard try await environment.workflows.secondFactors.verify(userID: pending.userID, code: form["code"] ?? "") else {
            await environment.throttle.recordFailure(account: account, address: client(request, context))
            return HTMLPage(
                LoginPage.render(.init(error: "That code is not right.", csrfToken: pending.csrfToken, askForCode: true)), status: .unauthorized
            ).response()
        }
        await environment.throttle.recordSuccess(account: account)
        // A new session id once fully signed in; the half-way one is dropped.
        try await environment.workflows.sessions.end(pending.id)
        let started = try await environment.workflows.sessions.start(userID: pending.userID, authenticated: true)
        return signedIn(request, secret: started.secret)
    }

    private func signedIn(_ request: Request, secret: String) -> Response {
        var response = PageSupport.seeOther("/")
        response.setCookie(support.cookie(IdentityMiddleware.sessionCookie, secret, request: request, maxAge: Int(SessionWorkflow.lifetime)))
        response.setCookie(support.cookie(CSRFMiddleware.preLoginCookie, "", request: request, maxAge: 0))
        return response
    }

    @Sendable func logout(_ request: Request, context: AttestContext) async throws -> Response {
        if let session = context.identity?.session ?? context.pendingSession {
            try await environment.workflows.sessions.end(session.id)
        }
        var response = PageSupport.seeOther("/login")
        response.setCookie(support.cookie(IdentityMiddleware.sessionCookie, "", request: request, maxAge: 0))
        // The engagement in view is this person's choice: the next one to sign in here starts afresh.
        for name in support.rememberedEngagementCookies(request) { response.setCookie(support.cookie(name, "", request: request, maxAge: 0)) }
        return response
    }
}
