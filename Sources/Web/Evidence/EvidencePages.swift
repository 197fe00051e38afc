import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// The evidence locker in the browser.
struct EvidencePages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }
    var service: EvidenceService { support.environment.evidence }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/evidence", use: list)
        router.post("/orgs/{org}/evidence", use: upload)
        router.get("/orgs/{org}/evidence/{id}", use: item)
        router.post("/orgs/{org}/evidence/{id}/review", use: review)
        router.get("/static/upload.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: UploadScript.js)))
        }
    }

    @Sendable func list(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        return try await listPage(request, identity: identity, scope: scope, error: nil, status: .ok)
    }

    private func listPage(_ request: Request, identity: Identity, scope: TenantScope, error: String?, status: HTTPResponse.Status) async throws
        -> Response
    {
        let query = request.uri.queryParameters
        var filter = EvidenceFilter()
        var message = error
        do { filter = try EvidenceRoutes.filter(request) } catch let failure as DomainError { message = failure.message }
        let asOf = query.get("as_of") ?? ""
        var items: [EvidenceItem]
        var now = Date()
        if !asOf.isEmpty, let day = Timestamp.date(asOf) {
            now = day.addingTimeInterval(86_400 - 0.001)
            items = try await workflows.evidence.asOf(now, in: scope, filter: filter)
        } else {
            if !asOf.isEmpty { message = "'\(asOf.prefix(20))' is not a date." }
            items = try await workflows.evidence.list(in: scope, filter: filter)
        }
        let model = EvidenceListPage.Model(
            organization: scope.organization, items: items, now: now,
            filter: (query.get("control") ?? "", query.get("criterion") ?? "", query.get("status") ?? "", query.get("freshness") ?? "", asOf),
            canUpload: scope.allows(.uploadEvidence), error: message)
        return HTMLPage(EvidenceListPage.render(model, shell: try await support.shell(identity, current: scope, active: "evidence")), status: status)
            .response()
    }

    @Sendable func upload(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        do {
            let permit = try service.permit(scope)
            let upload = try await MultipartUpload.receive(request, spoolDirectory: service.blobs.spoolDirectory, limit: service.sizeLimit)
            defer { upload.discard() }
            guard let file = upload.file else { throw DomainError.invalid("file", "choose a file to upload.") }
            let item = try await service.ingest(file, try EvidenceRoutes.uploadDetails(upload, scope: scope), permit: permit)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/evidence/\(item.id.uuidString.lowercased())")
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await listPage(request, identity: identity, scope: scope, error: message, status: status)
        }
    }

    @Sendable func item(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let (item, versions) = try await workflows.evidence.get(try EvidenceRoutes.itemID(context), in: scope)
        var preview: String?
        if let latest = item.latest, ["text/plain", "text/csv", "application/json"].contains(latest.contentType) {
            preview = try await Self.preview(latest.sha256, blobs: service.blobs)
        }
        var proof: (Int, Int, String, Date, Bool)?
        if let latest = item.latest, let found = try? await service.proof(of: latest, in: scope) {
            proof = (found.leafIndex, found.head.head.treeSize, found.head.head.rootHash.hex, found.head.head.date, found.verifies)
        }
        var model = EvidenceItemPage.Model(
            organization: scope.organization, item: item, versions: versions, now: Date(), preview: preview,
            proof: proof, canReview: scope.allows(.reviewEvidence), canUpload: scope.allows(.uploadEvidence))
        model.names = try await workflows.events.names(of: versions.map { Actor(parsing: $0.source.actor) })
        return HTMLPage(EvidenceItemPage.render(model, shell: try await support.shell(identity, current: scope, active: "evidence"))).response()
    }

    /// The first 8 KiB of a text blob, or a note when its bytes fail the digest check.
    static func preview(_ sha256: String, blobs: any BlobStore) async throws -> String {
        let collected = PreviewBuffer()
        do {
            try await blobs.read(sha256) { chunk in
                await collected.add(chunk)
                if await collected.full { throw PreviewBuffer.Done() }
            }
        } catch is PreviewBuffer.Done {
        } catch let error as BlobError {
            return "The stored file cannot be shown: \(error.description)"
        }
        return await collected.text
    }

    @Sendable func review(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        guard let status = EvidenceStatus(rawValue: form["status"] ?? "") else { throw DomainError.invalid("status", "choose a status.") }
        let id = try EvidenceRoutes.itemID(context)
        _ = try await workflows.evidence.review(id, status: status, comment: form["comment"].flatMap { $0.isEmpty ? nil : $0 }, in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/evidence/\(id.uuidString.lowercased())")
    }
}

actor PreviewBuffer {
    struct Done: Error {}
    private var bytes: [UInt8] = []
    var full: Bool { bytes.count >= 8192 }
    func add(_ chunk: [UInt8]) { bytes += chunk.prefix(8192 - bytes.count) }
    var text: String { String(decoding: bytes, as: UTF8.self) + (full ? "\n…" : "") }
}
