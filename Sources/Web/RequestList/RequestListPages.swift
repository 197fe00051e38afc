import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import Reports
import UseCases
import WebViews

/// The request list on the engagement page: editing one request and importing the edited file.
extension EngagementPages {
    @Sendable func updateRequest(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try context.uuid("id", "Engagement")
        let number = try context.parameters.require("number")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let status = RequestStatus(rawValue: form["status"] ?? "") else { throw DomainError.invalid("status", "choose a status.") }
            guard let item = try await workflows.requestList.requests(of: id, in: scope).first(where: { $0.number == number }) else {
                throw DomainError.notFound("Request \(number.prefix(20))")
            }
            let owner = form["owner"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
            _ = try await workflows.requestList.updateRequest(item.id, of: id, in: scope) { item in
                item.status = status
                item.owner = owner
            }
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme?engagement=\(id.uuidString.lowercased())#\(number)")
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    /// One turn of the conversation on a request, from its row: the client provides or comments;
    /// the auditor accepts, returns with a reason, moves the due date or comments.
    @Sendable func actOnRequest(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try context.uuid("id", "Engagement")
        let number = try context.parameters.require("number")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let text = (form["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let action: RequestAction
            let done: String
            switch form["action"] ?? "" {
            case "provide":
                guard let evidence = form["evidence"].flatMap(UUID.init(uuidString:)) else {
                    throw DomainError.invalid("evidence", "choose the evidence that answers \(number.prefix(20)).")
                }
                (action, done) = (.provide(evidence: [evidence]), "\(number) provided.")
            case "accept": (action, done) = (.accept, "\(number) accepted.")
            case "return": (action, done) = (.giveBack(reason: text), "\(number) returned to the client.")
            case "reschedule":
                guard let raw = form["due_date"], !raw.isEmpty else { throw DomainError.invalid("due_date", "choose the new due date.") }
                (action, done) = (.reschedule(try Day.parse(raw, field: "due_date")), "\(number) is now due \(raw).")
            case "comment": (action, done) = (.comment(text), "Comment sent on \(number).")
            default: throw DomainError.invalid("action", "choose what to do with \(number.prefix(20)).")
            }
            _ = try await workflows.requestList.act(action, on: number, of: id, in: scope)
            return support.seeOther(
                "/orgs/\(scope.organization.slug)/programme?engagement=\(id.uuidString.lowercased())#\(number)", notice: done, request: request)
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func importRequests(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try context.uuid("id", "Engagement")
        return try await PageSupport.handling {
            try scope.require(.manageProgramme)
            _ = try await workflows.engagements.get(id, in: scope)
            let blobs = support.environment.evidence.blobs
            let upload = try await MultipartUpload.receive(request, spoolDirectory: blobs.spoolDirectory, limit: 5 << 20)
            guard let file = upload.file else { throw DomainError.invalid("file", "choose a CSV or XLSX file.") }
            defer { upload.discard() }
            let data = try Data(contentsOf: file.file)
            let rows = try RequestListFile.read(data, fileName: upload.fileName.isEmpty ? "upload" : upload.fileName)
            let result = try await workflows.requestList.importRequests(rows, into: id, in: scope)
            return support.seeOther(
                "/orgs/\(scope.organization.slug)/programme?engagement=\(id.uuidString.lowercased())",
                notice: "Imported: \(result.updated) updated, \(result.added) added, \(result.unchanged) unchanged.", request: request)
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }
}
