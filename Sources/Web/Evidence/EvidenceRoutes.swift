import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// Evidence and the transparency log over the API.
struct EvidenceRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }
    var service: EvidenceService { environment.evidence }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/evidence", use: list)
        org.post("/evidence", use: upload)
        org.get("/evidence/{id}", use: item)
        org.get("/evidence/{id}/versions/{number}/content", use: content)
        org.post("/evidence/{id}/review", use: review)
        org.get("/evidence/{id}/proof", use: proof)
        org.get("/log/head", use: head)
        org.get("/log/leaves", use: leaves)
        org.get("/log/inclusion", use: inclusion)
        org.get("/log/consistency", use: consistency)
    }

    @Sendable func list(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        let filter = try Self.filter(request)
        var asOf: Date?
        let items: [EvidenceItem]
        if let raw = request.uri.queryParameters.get("as_of") {
            guard let day = Timestamp.date(raw) else { throw DomainError.invalid("as_of", "'\(raw.prefix(20))' is not a date (YYYY-MM-DD).") }
            asOf = day.addingTimeInterval(86_400 - 0.001)
            items = try await workflows.evidence.asOf(asOf!, in: scope, filter: filter)
        } else if filter.isEmpty {
            return Self.json(try await environment.evidenceJSON.unfiltered(scope, evidence: workflows.evidence))
        } else {
            items = try await workflows.evidence.list(in: scope, filter: filter)
        }
        return Self.json(EvidenceListJSON.write(items, asOf: asOf, now: asOf ?? Date()))
    }

    static func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func filter(_ request: Request) throws -> EvidenceFilter {
        var filter = EvidenceFilter(control: request.uri.queryParameters.get("control"), criterion: request.uri.queryParameters.get("criterion"))
        if let raw = request.uri.queryParameters.get("status"), !raw.isEmpty {
            guard let status = EvidenceStatus(rawValue: raw) else {
                throw DomainError.invalid(
                    "status", "'\(raw.prefix(20))' is not one of \(EvidenceStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            filter.status = status
        }
        switch request.uri.queryParameters.get("freshness") {
        case nil, "", "all": break
        case "expired": filter.expired = true
        case "fresh": filter.expired = false
        case let other?: throw DomainError.invalid("freshness", "'\(other.prefix(20))' is not fresh, expired or all.")
        }
        return filter
    }

    @Sendable func upload(_ request: Request, context: AttestContext) async throws -> EditedResponse<EvidenceResponse> {
        let scope = try await context.organizationScope(in: workflows)
        let permit = try service.permit(scope)
        let upload = try await MultipartUpload.receive(request, spoolDirectory: service.blobs.spoolDirectory, limit: service.sizeLimit)
        defer { upload.discard() }
        guard let file = upload.file else { throw DomainError.invalid("file", "the upload has no 'file' part.") }
        let item = try await service.ingest(file, try Self.uploadDetails(upload, scope: scope), permit: permit)
        return EditedResponse(status: .created, response: EvidenceResponse(evidence: EvidenceBody(item)))
    }

    /// Reads the form fields of an upload: `item_id` for a new version, or `title` and the rest for a new item.
    static func uploadDetails(_ upload: MultipartUpload, scope: TenantScope) throws -> EvidenceService.Upload {
        let fields = upload.fields
        let allowed: Set<String> = [
            "title", "description", "controls", "criteria", "requests", "frequency", "period", "item_id", "row_count", "method", "_csrf",
        ]
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw DomainError.invalid(
                unknown, "is not a field of an evidence upload (fields: \(allowed.subtracting(["_csrf"]).sorted().joined(separator: ", "))).")
        }
        func list(_ name: String) -> [String] {
            (fields[name] ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        }
        var details: NewEvidence?
        var itemID: UUID?
        if let raw = fields["item_id"], !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw DomainError.notFound("Evidence \(raw.prefix(40))") }
            itemID = id
        } else {
            // An empty form field is an absent one; a new item without a title is refused by a rule
            // across fields (no item_id, so a title), not by the field's own shape.
            guard let title = fields["title"], !title.isEmpty else {
                throw DomainError.unprocessable("title", "a new evidence item needs a title (or give item_id to add a version).")
            }
            var frequency: Frequency?
            if let raw = fields["frequency"], !raw.isEmpty {
                guard let parsed = Frequency(rawValue: raw) else {
                    throw DomainError.invalid(
                        "frequency", "'\(raw.prefix(20))' is not one of \(Frequency.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                frequency = parsed
            }
            details = NewEvidence(
                title: title, description: fields["description"] ?? "", controls: list("controls"),
                criteria: list("criteria"), requests: list("requests"), frequency: frequency)
        }
        let period = try fields["period"].flatMap { $0.isEmpty ? nil : try EvidencePeriod(parsing: $0) }
        var rowCount: Int?
        if let raw = fields["row_count"], !raw.isEmpty {
            guard let rows = Int(raw), rows >= 0 else { throw DomainError.invalid("row_count", "'\(raw.prefix(20))' is not a whole number.") }
            rowCount = rows
        }
        let method = fields["method"].flatMap { $0.isEmpty ? nil : String($0.prefix(2000)) }
        return EvidenceService.Upload(
            fileName: upload.fileName, period: period,
            source: EvidenceSource(kind: .upload, actor: scope.actor.description, method: method),
            rowCount: rowCount, itemID: itemID, details: details)
    }

    @Sendable func item(_ request: Request, context: AttestContext) async throws -> EvidenceResponse {
        let scope = try await context.organizationScope(in: workflows)
        let (item, versions) = try await workflows.evidence.get(try Self.itemID(context), in: scope)
        return EvidenceResponse(evidence: EvidenceBody(item, versions: versions))
    }

    @Sendable func content(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        let (_, versions) = try await workflows.evidence.get(try Self.itemID(context), in: scope)
        guard let number = Int(try context.parameters.require("number")), let version = versions.first(where: { $0.number == number }) else {
            throw DomainError.notFound("That version")
        }
        let blobs = service.blobs
        do {
            if case .changed(let actual) = try await blobs.check(version.sha256) {
                throw DomainError.conflict(
                    "blob_changed", "The stored file no longer matches its SHA-256 (now \(actual.prefix(16))…); it is not served.")
            }
        } catch let error as BlobError { throw error.domainError }
        let inline = ContentSniffer.isSafeInline(version.contentType) && request.uri.queryParameters.get("download") == nil
        let disposition = "\(inline ? "inline" : "attachment"); filename=\"\(version.fileName.replacingOccurrences(of: "\"", with: ""))\""
        let body = ResponseBody { writer in
            try await blobs.read(version.sha256) { chunk in try await writer.write(ByteBuffer(bytes: chunk)) }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: inline ? version.contentType : "application/octet-stream",
                .contentDisposition: disposition,
                .contentLength: String(version.size),
                .init("X-Content-SHA256")!: version.sha256,
            ], body: body)
    }

    @Sendable func review(_ request: Request, context: AttestContext) async throws -> EvidenceResponse {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(ReviewRequest.self, from: request, context: context)
        let item = try await workflows.evidence.review(try Self.itemID(context), status: body.status, comment: body.comment, in: scope)
        return EvidenceResponse(evidence: EvidenceBody(item))
    }

    @Sendable func proof(_ request: Request, context: AttestContext) async throws -> EvidenceProofBody {
        let scope = try await context.organizationScope(in: workflows)
        let (item, _) = try await workflows.evidence.get(try Self.itemID(context), in: scope)
        guard let latest = item.latest else { throw DomainError.notFound("A version of this evidence") }
        let proof = try await service.proof(of: latest, in: scope)
        return EvidenceProofBody(
            version: latest.number, sha256: latest.sha256, leafIndex: proof.leafIndex,
            leaf: Data(proof.leaf).base64EncodedString(), auditPath: proof.auditPath.map(\.hex),
            head: TreeHeadBody(proof.head), verified: proof.verifies)
    }

    @Sendable func head(_ request: Request, context: AttestContext) async throws -> TreeHeadBody {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.viewEvidence)
        return TreeHeadBody(try await environment.log.head(of: scope.organizationID))
    }

    @Sendable func leaves(_ request: Request, context: AttestContext) async throws -> LeavesBody {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.viewEvidence)
        let start = try request.integer("start", in: 0...Int.max) ?? 0
        guard let end = try request.integer("end", in: 1...Int.max) else { throw DomainError.invalid("end", "is required.") }
        let leaves = try await environment.log.leaves(of: scope.organizationID, start: start, end: end)
        return LeavesBody(start: start, leaves: leaves.map { Data($0).base64EncodedString() })
    }

    @Sendable func inclusion(_ request: Request, context: AttestContext) async throws -> InclusionProofDocument {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.viewEvidence)
        guard let index = try request.integer("index", in: 0...Int.max),
            let size = try request.integer("tree_size", in: 1...Int.max)
        else { throw DomainError.invalid("index", "index and tree_size are required.") }
        let path = try await environment.log.inclusionProof(of: scope.organizationID, index: index, treeSize: size)
        return InclusionProofDocument(leafIndex: index, treeSize: size, auditPath: path)
    }

    @Sendable func consistency(_ request: Request, context: AttestContext) async throws -> ConsistencyProofDocument {
        let scope = try await context.organizationScope(in: workflows)
        try scope.require(.viewEvidence)
        guard let first = try request.integer("first", in: 1...Int.max),
            let second = try request.integer("second", in: 1...Int.max)
        else { throw DomainError.invalid("first", "first and second are required.") }
        let proof = try await environment.log.consistencyProof(of: scope.organizationID, first: first, second: second)
        return ConsistencyProofDocument(first: first, second: second, proof: proof)
    }

    static func itemID(_ context: AttestContext) throws -> UUID {
        let raw = try context.parameters.require("id")
        guard let id = UUID(uuidString: raw) else { throw DomainError.notFound("Evidence \(raw.prefix(40))") }
        return id
    }
}
