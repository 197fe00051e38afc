import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import Persistence

struct IndependenceRequest: StrictBody {
    static let fields: Set<String> = ["statement"]
    let statement: String
}

struct FreezeRequest: StrictBody {
    static let fields: Set<String> = ["name", "evidence_id", "evidence_version", "source_system", "extraction_query", "completeness_procedure",
                                      "controls", "key_column"]
    let name: String
    let evidenceID: UUID
    let evidenceVersion: Int?
    let sourceSystem: String
    let extractionQuery: String
    let completenessProcedure: String
    let controls: [String]?
    let keyColumn: String?
    enum CodingKeys: String, CodingKey {
        case name, controls
        case evidenceID = "evidence_id", evidenceVersion = "evidence_version", sourceSystem = "source_system"
        case extractionQuery = "extraction_query", completenessProcedure = "completeness_procedure", keyColumn = "key_column"
    }
}

struct DrawRequest: StrictBody {
    static let fields: Set<String> = ["population_id", "control", "risk", "seed", "method", "size", "reason"]
    let populationID: UUID
    let control: String
    let risk: ControlRisk?
    let seed: UInt64?
    let method: SampleMethod?
    let size: Int?
    let reason: String?
    enum CodingKeys: String, CodingKey { case control, risk, seed, method, size, reason, populationID = "population_id" }
}

struct ExtendRequest: StrictBody {
    static let fields: Set<String> = ["count", "reason"]
    let count: Int
    let reason: String
}

struct IndependenceResult: ResponseEncodable { let confirmation: IndependenceConfirmation }
struct PopulationList: ResponseEncodable { let populations: [Population] }
struct PopulationResult: ResponseEncodable { let population: Population }
struct SampleList: ResponseEncodable { let samples: [Sample] }
struct SampleResult: ResponseEncodable { let sample: Sample }

/// The audit firm's fieldwork over the API: independence, frozen populations and samples.
struct FieldworkRoutes {
    let environment: WebEnvironment
    var store: Store { environment.store }

    func register(on router: Router<AttestContext>) {
        let engagement = router.group("/api/v1/orgs/{org}/engagements/{id}")
        engagement.post("/independence", use: independence)
        engagement.get("/populations", use: populations)
        engagement.post("/populations", use: freeze)
        engagement.get("/samples", use: samples)
        engagement.post("/samples", use: draw)
        engagement.post("/samples/{sample}/extend", use: extend)
    }

    @Sendable func independence(_ request: Request, context: AttestContext) async throws -> EditedResponse<IndependenceResult> {
        let scope = try await context.organizationScope(in: store)
        let id = try ProgrammeRoutes.uuid(context, "id", "Engagement")
        let body = try await StrictJSON.decode(IndependenceRequest.self, from: request, context: context)
        return EditedResponse(status: .created, response: IndependenceResult(confirmation: try await store.fieldwork.confirmIndependence(id, statement: body.statement, in: scope)))
    }

    @Sendable func populations(_ request: Request, context: AttestContext) async throws -> PopulationList {
        let scope = try await context.organizationScope(in: store)
        return PopulationList(populations: try await store.fieldwork.populations(try ProgrammeRoutes.uuid(context, "id", "Engagement"), in: scope))
    }

    @Sendable func freeze(_ request: Request, context: AttestContext) async throws -> EditedResponse<PopulationResult> {
        let scope = try await context.organizationScope(in: store)
        let id = try ProgrammeRoutes.uuid(context, "id", "Engagement")
        let body = try await StrictJSON.decode(FreezeRequest.self, from: request, context: context)
        _ = try await store.fieldwork.engagement(id, in: scope)
        try scope.require(.performFieldwork)
        let (item, versions) = try await store.evidence.get(body.evidenceID, in: scope)
        guard let version = body.evidenceVersion.map({ number in versions.first { $0.number == number } }) ?? versions.first else {
            throw DomainError.notFound("Evidence version \(body.evidenceVersion ?? 0)")
        }
        let scan = try await environment.evidence.scanPopulation(version, keyColumn: body.keyColumn)
        let population = try await store.fieldwork.freeze(
            .init(name: body.name, sourceSystem: body.sourceSystem, extractionQuery: body.extractionQuery,
                  completenessProcedure: body.completenessProcedure, controls: body.controls ?? []),
            into: id, evidence: item, version: version, scan: scan, in: scope)
        return EditedResponse(status: .created, response: PopulationResult(population: population))
    }

    @Sendable func samples(_ request: Request, context: AttestContext) async throws -> SampleList {
        let scope = try await context.organizationScope(in: store)
        return SampleList(samples: try await store.fieldwork.samples(try ProgrammeRoutes.uuid(context, "id", "Engagement"), in: scope))
    }

    @Sendable func draw(_ request: Request, context: AttestContext) async throws -> EditedResponse<SampleResult> {
        let scope = try await context.organizationScope(in: store)
        let id = try ProgrammeRoutes.uuid(context, "id", "Engagement")
        let body = try await StrictJSON.decode(DrawRequest.self, from: request, context: context)
        if body.size != nil && body.reason == nil { throw DomainError.invalid("reason", "a size of your own needs a reason.") }
        let sample = try await store.fieldwork.draw(
            .init(populationID: body.populationID, control: body.control, risk: body.risk ?? .low,
                  seed: body.seed ?? UInt64.random(in: 0...SampleDraw.maxSeed), method: body.method ?? .random,
                  override: body.size.map { ($0, body.reason ?? "") }),
            for: id, in: scope)
        return EditedResponse(status: .created, response: SampleResult(sample: sample))
    }

    @Sendable func extend(_ request: Request, context: AttestContext) async throws -> SampleResult {
        let scope = try await context.organizationScope(in: store)
        let id = try ProgrammeRoutes.uuid(context, "id", "Engagement")
        let sampleID = try ProgrammeRoutes.uuid(context, "sample", "Sample")
        let body = try await StrictJSON.decode(ExtendRequest.self, from: request, context: context)
        return SampleResult(sample: try await store.fieldwork.extend(sampleID, of: id, by: body.count, reason: body.reason, in: scope))
    }
}
