import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// DESIGN.md's error shape: `{"error":{"code":"snake_case","message":"human sentence"}}`.
struct ErrorBody: Codable {
    struct Detail: Codable {
        let code: String
        let message: String
    }

    let error: Detail
}

/// An error in the form every client sees, with its HTTP status.
struct PublicError: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var retryAfter: Int?

    init(status: HTTPResponse.Status, code: String, message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// Translates anything thrown below the handlers into a public error. Unknown errors become a
    /// 500 that names the request id and nothing of the internals.
    init(_ error: any Error, requestID: String) {
        switch error {
        case let error as PublicError:
            self = error
        case let error as DomainError:
            self.init(domain: error)
        case let error as HTTPError:
            self.init(status: error.status, code: Self.code(for: error.status), message: error.body ?? Self.message(for: error.status))
        case is NIOTooManyBytesError:
            self.init(status: .contentTooLarge, code: "body_too_large", message: Self.message(for: .contentTooLarge))
        case let error as DecodingError:
            self.init(status: .badRequest, code: "invalid_body", message: StrictJSON.describe(error))
        default:
            self.init(
                status: .internalServerError, code: "internal_error",
                message: "Something went wrong on our side. Quote request id \(requestID) when reporting it.")
        }
    }

    init(domain error: DomainError) {
        switch error.kind {
        case .invalid: self.init(status: .badRequest, code: error.code, message: error.message)
        case .unprocessable: self.init(status: .unprocessableContent, code: error.code, message: error.message)
        case .notFound: self.init(status: .notFound, code: error.code, message: error.message)
        case .conflict: self.init(status: .conflict, code: error.code, message: error.message)
        case .unauthenticated: self.init(status: .unauthorized, code: error.code, message: error.message)
        case .forbidden: self.init(status: .forbidden, code: error.code, message: error.message)
        case .rateLimited(let seconds):
            self.init(status: .tooManyRequests, code: error.code, message: error.message, retryAfter: seconds)
        case .busy(let seconds):
            self.init(status: .serviceUnavailable, code: error.code, message: error.message, retryAfter: seconds)
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthenticated"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "body_too_large"
        case 415: "unsupported_media_type"
        case 429: "rate_limited"
        default: status.code >= 500 ? "internal_error" : "http_\(status.code)"
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "There is nothing at this address."
        case 405: "This method is not allowed here."
        case 413: "The request body is larger than this endpoint accepts."
        default: status.reasonPhrase
        }
    }

    var isServerError: Bool { status.code >= 500 }

    func jsonResponse() -> Response {
        let data = (try? JSONEncoder().encode(ErrorBody(error: .init(code: code, message: message)))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
