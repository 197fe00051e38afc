import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import UseCases

/// A population the auditor pulled themselves, sent as multipart/form-data: a `file` part (the
/// CSV) and the freeze's fields. Shared by the API and the fieldwork page.
enum PulledPopulation {
    static let fields: Set<String> = ["name", "source_system", "extraction_query", "completeness_procedure", "controls", "key_column", "_csrf"]

    static func receive(_ request: Request, into engagement: UUID, in scope: TenantScope, workflows: Workflows) async throws -> Population {
        let evidence = workflows.intake
        // Refuse early, before reading a large body, when the caller cannot freeze here.
        _ = try await workflows.fieldwork.engagement(engagement, in: scope)
        try scope.require(.performFieldwork)
        let upload = try await MultipartUpload.receive(request, spoolDirectory: evidence.blobs.spoolDirectory, limit: evidence.sizeLimit)
        defer { upload.discard() }
        guard let file = upload.file else { throw DomainError.invalid("file", "the upload has no 'file' part (the population's CSV).") }
        if let unknown = upload.fields.keys.sorted().first(where: { !fields.contains($0) }) {
            throw DomainError.invalid(
                unknown, "is not a field of a population upload (fields: file, \(fields.subtracting(["_csrf"]).sorted().joined(separator: ", "))).")
        }
        let values = upload.fields
        let details = FreezeDetails(
            name: values["name"] ?? "", sourceSystem: values["source_system"] ?? "", extractionQuery: values["extraction_query"] ?? "",
            completenessProcedure: values["completeness_procedure"] ?? "",
            controls: (values["controls"] ?? "").split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init))
        let keyColumn = values["key_column"].flatMap { $0.isEmpty ? nil : $0 }
        return try await evidence.pullPopulation(file, fileName: upload.fileName, details: details, keyColumn: keyColumn, into: engagement, in: scope)
    }
}
