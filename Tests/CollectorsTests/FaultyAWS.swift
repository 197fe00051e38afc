import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import TestSupport

/// A real HTTP server on loopback between the collector and moto: it passes calls through, except
/// those a fault claims, which it answers the way a failing AWS does (refusal, throttling, silence,
/// garbage, a page token that never changes, rejected credentials).
enum FaultyAWS {
    /// What one call looks like to a fault: its service and region (from the signature's scope),
    /// its action (query `Action=`, JSON `X-Amz-Target`, or the REST path) and how many calls of that
    /// action came before it.
    struct Call: Sendable {
        let service: String
        let region: String
        let action: String
        let count: Int
    }

    enum Answer: Sendable {
        case pass
        case status(Int, String)
        case hang
    }

    actor Counter {
        var counts: [String: Int] = [:]
        func next(_ key: String) -> Int {
            counts[key, default: 0] += 1
            return counts[key]!
        }
    }

    static func withServer(
        upstream: URL, _ fault: @escaping @Sendable (Call) -> Answer, _ body: @Sendable (URL) async throws -> Void
    ) async throws {
        let counter = Counter()
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .head] {
            for path in ["/", "**"] {
                router.on(RouterPath(path), method: method) { request, _ in
                    let bytes = try await request.body.collect(upTo: 1 << 20)
                    let body = String(buffer: bytes)
                    let authorization = request.headers[.authorization] ?? ""
                    let scope = authorization.firstMatch(of: /Credential=[^\/]+\/[0-9]+\/([^\/]+)\/([^\/]+)\//)
                    let region = scope.map { String($0.1) } ?? ""
                    let service = scope.map { String($0.2) } ?? ""
                    let target = request.headers[HTTPField.Name("x-amz-target")!].map { String($0.split(separator: ".").last ?? "") }
                    let formAction = body.firstMatch(of: /Action=([A-Za-z]+)/).map { String($0.1) }
                    let action = formAction ?? target ?? request.uri.path
                    let count = await counter.next("\(service):\(action)")
                    switch fault(Call(service: service, region: region, action: action, count: count)) {
                    case .pass: return try await forward(request, body: bytes, to: upstream)
                    case .status(let status, let text):
                        return Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: text)))
                    case .hang:
                        try await Task.sleep(for: .seconds(8))
                        return Response(status: .ok)
                    }
                }
            }
        }
        try await LoopbackServer.run(router, body)
    }

    static func forward(_ request: Request, body: ByteBuffer, to upstream: URL) async throws -> Response {
        var outbound = HTTPClientRequest(url: upstream.absoluteString + (request.uri.description.hasPrefix("/") ? request.uri.description : "/"))
        outbound.method = .init(rawValue: request.method.rawValue)
        for field in request.headers { outbound.headers.add(name: field.name.rawName, value: field.value) }
        outbound.body = .bytes(body)
        let response = try await HTTPClient.shared.execute(outbound, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        var headers = HTTPFields()
        for (name, value) in response.headers where !["content-length", "transfer-encoding", "connection"].contains(name.lowercased()) {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        return Response(status: .init(code: Int(response.status.code)), headers: headers, body: .init(byteBuffer: bytes))
    }

    static func xmlError(_ code: String, _ message: String) -> String {
        "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error></ErrorResponse>"
    }
}
