import ComplianceCore
import EvidenceStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import UseCases
import Web

/// Runs the real router in process against a test database, with fixtures and a browser-like client.
public struct WebHarness: Sendable {
    public let store: Store
    public let evidence: EvidenceService
    public let fixtures: Fixtures
    public let client: any TestClientProtocol
    /// Every route the router has, as (method, path) with `{name}` parameters.
    public let routes: [(method: String, path: String)]

    /// The scrape token the harness's `/metrics` asks for.
    public static let metricsToken = "test-metrics-token-2026"

    public static func run(
        _ database: TestDatabase, throttle: LoginThrottle = LoginThrottle(),
        _ body: @Sendable (WebHarness) async throws -> Void
    ) async throws {
        try await database.withStore { store in
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("attest-web-\(UUID())")
            let log = TransparencyLog(storage: store.log, keys: SigningKeys(directory: scratch.appendingPathComponent("keys")))
            let evidence = EvidenceService(
                store: store, blobs: FileBlobStore(root: scratch.appendingPathComponent("blobs")), log: log, sizeLimit: 8 << 20)
            let router = WebApplication.router(
                environment: WebEnvironment(workflows: Workflows(intake: evidence), throttle: throttle, metricsToken: Self.metricsToken))
            let routes = router.routes.map { (method: $0.method.rawValue, path: $0.path.description) }
            let app = Application(router: router)
            try await app.test(.router) { client in
                try await body(WebHarness(store: store, evidence: evidence, fixtures: Fixtures(store: store), client: client, routes: routes))
            }
        }
    }

    /// A JSON request with an optional bearer token.
    public func api(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil, contentType: String = "application/json")
        async throws -> TestResponse
    {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = contentType }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        return try checked(method, uri, response)
    }

    /// Holds an API response to the OpenAPI document: an undocumented status or a body that breaks its
    /// schema fails the test that made the call, so every web test is also a contract test.
    public func checked(_ method: HTTPRequest.Method, _ uri: String, _ response: TestResponse) throws -> TestResponse {
        let problems = OpenAPIContract.shared.problems(
            method: method.rawValue, uri: uri, status: Int(response.status.code), contentType: response.headers[.contentType],
            body: Data(response.body.readableBytesView))
        guard problems.isEmpty else { throw HarnessError("the response breaks the API contract: " + problems.joined(separator: "; ")) }
        return response
    }

    /// Signs in through the login form, as a browser would.
    public func signIn(_ email: String, password: String = Fixtures.password) async throws -> Browser {
        var browser = Browser(client: client)
        _ = try await browser.get("/login")
        let response = try await browser.post("/login", form: ["email": email, "password": password])
        guard response.status == .seeOther, browser.cookies["attest_session"] != nil else {
            throw HarnessError("sign-in as \(email) failed with \(response.status.code): \(String(buffer: response.body).prefix(300))")
        }
        // A page with a form, so the browser holds the session's CSRF token.
        _ = try await browser.get("/settings/security")
        return browser
    }
}

public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A cookie-keeping client that fills in the CSRF field from the last page it saw.
public struct Browser: Sendable {
    let client: any TestClientProtocol
    public var cookies: [String: String] = [:]
    public var csrf: String?

    public init(client: any TestClientProtocol) {
        self.client = client
    }

    /// Gets a page; a fragment stays with the browser, as a real one keeps it (`#row` is never sent).
    public mutating func get(_ uri: String) async throws -> TestResponse {
        try await send(.get, String(uri.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]), body: nil)
    }

    /// Posts a form; the CSRF token of the last page is added unless `csrf` is given (use "" to omit).
    public mutating func post(_ uri: String, form: [String: String], csrf override: String? = nil) async throws -> TestResponse {
        var fields = form
        let token = override ?? csrf ?? ""
        if !token.isEmpty { fields["_csrf"] = token }
        let body = fields.sorted { $0.key < $1.key }.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.post, uri, body: body)
    }

    /// Posts a form as a browser does: a 303 answer is followed with a GET (carrying the cookies it
    /// set, such as the one-time notice), and the page it leads to is returned.
    public mutating func submit(_ uri: String, form: [String: String]) async throws -> TestResponse {
        let response = try await post(uri, form: form)
        guard response.status == .seeOther, let location = response.headers[.location] else { return response }
        return try await get(location)
    }

    private mutating func send(_ method: HTTPRequest.Method, _ uri: String, body: String?) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty || header.contains("Max-Age=0") { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        let html = String(buffer: response.body)
        if let range = html.range(of: #"name="_csrf" value=""#) {
            csrf = String(html[range.upperBound...].prefix { $0 != "\"" })
        }
        return response
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

extension TestResponse {
    /// The body as text.
    public var text: String { String(buffer: body) }

    /// The error code of a DESIGN.md error body, if it is one.
    public var errorCode: String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let error = object["error"] as? [String: Any]
        else { return nil }
        return error["code"] as? String
    }

    /// The body decoded as a JSON object.
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }
}
