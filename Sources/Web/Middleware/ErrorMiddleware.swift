import ComplianceCore
import Foundation
import Hummingbird
import Logging
import WebViews

/// Turns every error into the right response: DESIGN.md's JSON for the API, a page for people.
/// Also stamps each response with the request id.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AttestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let failure = PublicError(error, requestID: context.id)
            if failure.isServerError {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            response = Self.isAPI(request) ? failure.jsonResponse() : Self.page(for: failure, request: request, context: context)
        }
        response.headers[.init("X-Request-Id")!] = context.id
        return response
    }

    /// API and machine endpoints answer in JSON; everything else is a page.
    static func isAPI(_ request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/") || path.hasPrefix("/.well-known/") || path == "/healthz" || path == "/metrics"
    }

    private static func page(for failure: PublicError, request: Request, context: Context) -> Response {
        if failure.status == .unauthorized {
            return Response.redirect(to: "/login", type: .normal)
        }
        let title =
            switch failure.status.code {
            case 404: "Not found"
            case 403: "Not allowed"
            case 429: "Too many attempts"
            case 500...: "Something went wrong"
            default: "That did not work"
            }
        var response = HTMLPage(MessagePage.render(title: title, message: failure.message, shell: nil), status: failure.status).response()
        if let retry = failure.retryAfter { response.headers[.retryAfter] = String(retry) }
        return response
    }
}

/// An HTML response.
struct HTMLPage {
    let html: String
    let status: HTTPResponse.Status

    init(_ html: String, status: HTTPResponse.Status = .ok) {
        self.html = html
        self.status = status
    }

    func response() -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html))
        )
    }
}

/// One log line per request, after identity is known: method, path, status, time, user.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AttestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: response.status, since: started)
            return response
        } catch {
            log(request, context, status: PublicError(error, requestID: context.id).status, since: started)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: HTTPResponse.Status, since started: ContinuousClock.Instant) {
        let elapsed = started.duration(to: .now)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "\(request.method) \(request.uri.path) \(status.code)",
            metadata: [
                "status": "\(status.code)", "ms": "\(Int(milliseconds.rounded()))",
            ])
    }
}
