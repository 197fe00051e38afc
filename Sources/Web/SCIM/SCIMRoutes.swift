import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UseCases

/// SCIM 2.0 (RFC 7644) at `/scim/v2/{org}`: Users and Groups with filtering, pagination, PATCH and
/// versions, and the discovery documents, authorised by the organisation's SCIM token (not a
/// person's API token). Every answer is `application/scim+json`; every error is a SCIM error.
struct SCIMRoutes {
    let environment: WebEnvironment
    var scim: SCIMWorkflow { environment.workflows.scim }
    static let bodyLimit = 1 << 20
    static let mostPerPage = 1_000

    func register(on router: Router<AttestContext>) {
        let group = router.group("/scim/v2/{org}")
        group.get("/ServiceProviderConfig") { request, context in try await answer(request, context) { _, base in (.ok, SCIMDiscovery.config(base)) }
        }
        group.get("/ResourceTypes") { request, context in try await answer(request, context) { _, base in (.ok, SCIMDiscovery.resourceTypes(base)) } }
        group.get("/Schemas") { request, context in try await answer(request, context) { _, _ in (.ok, SCIMDiscovery.schemas()) } }
        group.get("/Users", use: listUsers)
        group.post("/Users", use: createUser)
        group.get("/Users/{id}") { request, context in
            try await answer(request, context) { scope, base in
                (.ok, try await userDocument(try await scim.user(id(context), in: scope), scope, base))
            }
        }
        group.put("/Users/{id}", use: replaceUser)
        group.patch("/Users/{id}", use: patchUser)
        group.delete("/Users/{id}") { request, context in
            try await answer(request, context) { scope, _ in
                try await scim.remove(try id(context), ifMatch: request.headers[.ifMatch], in: scope)
                return (.noContent, nil)
            }
        }
        group.get("/Groups", use: listGroups)
        group.post("/Groups") { request, context in
            try await answer(request, context) { scope, base in
                let fields = try SCIMDocuments.groupFields(try await body(request))
                let saved = try await scim.saveGroup(nil, displayName: fields.name, externalID: fields.externalID, members: fields.members, in: scope)
                return (.created, try await groupDocument(saved, scope, base))
            }
        }
        group.get("/Groups/{id}") { request, context in
            try await answer(request, context) { scope, base in
                (.ok, try await groupDocument(try await scim.group(id(context), in: scope), scope, base))
            }
        }
        group.put("/Groups/{id}") { request, context in
            try await answer(request, context) { scope, base in
                let id = try id(context)
                _ = try await scim.group(id, in: scope)
                let fields = try SCIMDocuments.groupFields(try await body(request))
                let saved = try await scim.saveGroup(id, displayName: fields.name, externalID: fields.externalID, members: fields.members, in: scope)
                return (.ok, try await groupDocument(saved, scope, base))
            }
        }
        group.patch("/Groups/{id}") { request, context in
            try await answer(request, context) { scope, base in
                let id = try id(context)
                let current = try await groupDocument(try await scim.group(id, in: scope), scope, base)
                let patched = try SCIMDocuments.patch(current, with: try await body(request), allowed: SCIMDocuments.groupPaths)
                let fields = try SCIMDocuments.groupFields(patched)
                let saved = try await scim.saveGroup(id, displayName: fields.name, externalID: fields.externalID, members: fields.members, in: scope)
                return (.ok, try await groupDocument(saved, scope, base))
            }
        }
        group.delete("/Groups/{id}") { request, context in
            try await answer(request, context) { scope, _ in
                try await scim.removeGroup(try id(context), in: scope)
                return (.noContent, nil)
            }
        }
    }

    @Sendable func listUsers(_ request: Request, context: AttestContext) async throws -> Response {
        try await answer(request, context) { scope, base in
            let filter = try Self.query(request, "filter").map { try SCIMFilter.parse($0) }
            let people = try await scim.users(in: scope)
            let ids = Dictionary(people.map { ($0.email, $0.id) }, uniquingKeysWith: { a, _ in a })
            let matching = filter.map { filter in people.filter { filter.matches(SCIMDocuments.filterable($0)) } } ?? people
            return (.ok, try page(request, matching) { SCIMDocuments.user($0, base: base, ids: ids) })
        }
    }

    @Sendable func listGroups(_ request: Request, context: AttestContext) async throws -> Response {
        try await answer(request, context) { scope, base in
            let filter = try Self.query(request, "filter").map { try SCIMFilter.parse($0) }
            let names = Dictionary(try await scim.users(in: scope).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            let groups = try await scim.groups(in: scope).filter { group in
                filter?.matches([
                    "displayname": [group.displayName], "externalid": [group.externalID ?? ""], "id": [group.id.uuidString.lowercased()],
                    "members.value": group.members.map { $0.uuidString.lowercased() },
                ]) ?? true
            }
            return (.ok, try page(request, groups) { SCIMDocuments.group($0, base: base, names: names) })
        }
    }

    @Sendable func createUser(_ request: Request, context: AttestContext) async throws -> Response {
        try await answer(request, context) { scope, base in
            let person = try await scim.create(try SCIMDocuments.userFields(try await body(request)), in: scope)
            return (.created, try await userDocument(person, scope, base))
        }
    }

    @Sendable func replaceUser(_ request: Request, context: AttestContext) async throws -> Response {
        try await answer(request, context) { scope, base in
            let id = try id(context)
            _ = try await scim.user(id, in: scope)
            let fields = try SCIMDocuments.userFields(try await body(request))
            let person = try await scim.replace(id, with: fields, ifMatch: request.headers[.ifMatch], in: scope)
            return (.ok, try await userDocument(person, scope, base))
        }
    }

    @Sendable func patchUser(_ request: Request, context: AttestContext) async throws -> Response {
        try await answer(request, context) { scope, base in
            let id = try id(context)
            let current = try await userDocument(try await scim.user(id, in: scope), scope, base)
            let patched = try SCIMDocuments.patch(current, with: try await body(request), allowed: SCIMDocuments.userPaths)
            let person = try await scim.replace(id, with: try SCIMDocuments.userFields(patched), ifMatch: request.headers[.ifMatch], in: scope)
            return (.ok, try await userDocument(person, scope, base))
        }
    }

    func id(_ context: AttestContext) throws -> UUID {
        guard let text = context.parameters.get("id"), let id = UUID(uuidString: text) else {
            throw SCIMError.notFound("'\(context.parameters.get("id")?.prefix(60) ?? "")' is not an id of this server.")
        }
        return id
    }

    func userDocument(_ person: Person, _ scope: TenantScope, _ base: String) async throws -> [String: Any] {
        let ids = Dictionary(try await scim.users(in: scope).map { ($0.email, $0.id) }, uniquingKeysWith: { a, _ in a })
        return SCIMDocuments.user(person, base: base, ids: ids)
    }

    func groupDocument(_ group: SCIMGroup, _ scope: TenantScope, _ base: String) async throws -> [String: Any] {
        let names = Dictionary(try await scim.users(in: scope).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return SCIMDocuments.group(group, base: base, names: names)
    }

    /// A ListResponse of `items` from `startIndex` (1-based), `count` at a time (RFC 7644 §3.4.2.4).
    func page<Item>(_ request: Request, _ items: [Item], render: (Item) -> [String: Any]) throws -> [String: Any] {
        let start = max(1, Self.query(request, "startIndex").flatMap { Int($0) } ?? 1)
        let count = min(Self.mostPerPage, max(0, Self.query(request, "count").flatMap { Int($0) } ?? 100))
        let slice = items.dropFirst(start - 1).prefix(count)
        return [
            "schemas": [SCIMDocuments.listSchema], "totalResults": items.count, "startIndex": start, "itemsPerPage": slice.count,
            "Resources": slice.map(render),
        ]
    }

    /// A query parameter as clients encode it: form encoding, where `+` is a space (a SCIM filter's
    /// spaces arrive so from most clients) and `%2B` a plus.
    static func query(_ request: Request, _ name: String) -> String? {
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == name else { continue }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
        return nil
    }

    /// The request's JSON object, read up to 1 MiB.
    func body(_ request: Request) async throws -> [String: Any] {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: Self.bodyLimit) } catch {
            throw SCIMError(status: 413, scimType: nil, detail: "The body is larger than 1 MiB.")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] else {
            throw SCIMError.invalidSyntax("The body is not a JSON object.")
        }
        return object
    }

    /// Authenticates the SCIM token, runs `work`, and answers in SCIM's media type, errors included.
    func answer(
        _ request: Request, _ context: AttestContext, _ work: (TenantScope, String) async throws -> (HTTPResponse.Status, [String: Any]?)
    ) async throws -> Response {
        do {
            let slug = context.parameters.get("org") ?? ""
            let header = request.headers[.authorization]
            let secret = header.flatMap { $0.lowercased().hasPrefix("bearer ") ? String($0.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil }
            let scope = try await scim.authenticate(slug: slug, secret: secret)
            let host = request.head.authority ?? "127.0.0.1"
            let (status, document) = try await work(
                scope, "http\(host.hasPrefix("127.0.0.1") || host.hasPrefix("localhost") ? "" : "s")://\(host)/scim/v2/\(slug)")
            var response = Self.response(status, document)
            if let meta = document?["meta"] as? [String: Any] {
                if let version = meta["version"] as? String { response.headers[.eTag] = version }
                if status == .created, let location = meta["location"] as? String { response.headers[.location] = location }
            }
            return response
        } catch let error as SCIMError {
            return Self.error(error)
        } catch let error as DomainError {
            let status =
                switch error.kind {
                case .notFound: 404
                case .forbidden: 403
                case .conflict: 409
                case .unauthenticated: 401
                default: 400
                }
            return Self.error(SCIMError(status: status, scimType: status == 400 ? "invalidValue" : nil, detail: error.message))
        }
    }

    static func response(_ status: HTTPResponse.Status, _ document: [String: Any]?) -> Response {
        var headers = HTTPFields()
        guard let document else { return Response(status: status) }
        headers[.contentType] = "application/scim+json"
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ error: SCIMError) -> Response {
        var document: [String: Any] = ["schemas": [SCIMDocuments.errorSchema], "status": String(error.status), "detail": error.detail]
        if let type = error.scimType { document["scimType"] = type }
        return response(HTTPResponse.Status(code: error.status), document)
    }
}
