import ComplianceCore
import Foundation
import Hummingbird
import NIOCore
import Reports
import UseCases

/// The request list over the API: export as JSON, CSV or XLSX, add, edit, import.
struct RequestListRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }
    var content: ProgrammeContent { workflows.content }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/engagements/{id}/requests", use: requests)
        org.post("/engagements/{id}/requests", use: addRequest)
        org.post("/engagements/{id}/requests/import", use: importRequests)
        org.patch("/engagements/{id}/requests/{number}", use: updateRequest)
    }

    @Sendable func requests(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        var items = try await workflows.requestList.requests(of: id, in: scope)
        if let overdue = request.uri.queryParameters.get("overdue") {
            guard overdue == "true" || overdue == "false" else { throw DomainError.invalid("overdue", "is true or false.") }
            let today = Day(Date())
            items = items.filter { $0.isOverdue(on: today) == (overdue == "true") }
        }
        let name = "request-list-\(id.uuidString.lowercased().prefix(8))"
        switch request.uri.queryParameters.get("format").map({ String($0) }) {
        case nil, "json":
            return try RequestList(count: items.count, requests: items).response(from: request, context: context)
        case "csv":
            return Download.attachment(Data(RequestListFile.csv(items).utf8), type: "text/csv; charset=utf-8", name: "\(name).csv")
        case "xlsx":
            return Download.attachment(
                try RequestListFile.xlsx(items), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "\(name).xlsx")
        case let other?:
            throw DomainError.invalid("format", "'\(other.prefix(20))' is not a format; use json, csv or xlsx.")
        }
    }

    @Sendable func addRequest(_ request: Request, context: AttestContext) async throws -> EditedResponse<RequestResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(NewRequestBody.self, from: request, context: context)
        let item = try await workflows.requestList.addRequest(
            to: id, area: body.area ?? "Auditor", title: body.title, provide: body.provide ?? "",
            kind: body.kind, criteria: body.criteria ?? [], due: body.dueDate, owner: body.owner, in: scope)
        return EditedResponse(status: .created, response: RequestResult(request: item))
    }

    @Sendable func importRequests(_ request: Request, context: AttestContext) async throws -> ImportResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        // Authorised before a byte of the file is read: parsers are the widest door in.
        try scope.require(.manageProgramme)
        _ = try await workflows.engagements.get(id, in: scope)
        var request = request
        let buffer = try await request.collectBody(upTo: 5 << 20)
        guard buffer.readableBytes > 0 else { throw DomainError.invalid("file", "the body is empty; send the CSV or XLSX file as the body.") }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let name = type.contains("spreadsheetml") ? "upload.xlsx" : "upload.csv"
        let rows = try RequestListFile.read(Data(buffer.readableBytesView), fileName: name)
        return ImportResult(result: try await workflows.requestList.importRequests(rows, into: id, in: scope))
    }

    @Sendable func updateRequest(_ request: Request, context: AttestContext) async throws -> RequestResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let number = try context.parameters.require("number")
        let body = try await StrictJSON.decode(RequestUpdate.self, from: request, context: context)
        guard let item = try await workflows.requestList.requests(of: id, in: scope).first(where: { $0.number == number }) else {
            throw DomainError.notFound("Request \(number.prefix(20))")
        }
        let updated = try await workflows.requestList.updateRequest(item.id, of: id, in: scope) { item in
            if let status = body.status { item.status = status }
            if let owner = body.owner { item.owner = owner.isEmpty ? nil : owner }
            if let due = body.dueDate { item.dueDate = due }
            if let title = body.title { item.title = title }
            if let provide = body.provide { item.provide = provide }
        }
        return RequestResult(request: updated)
    }
}
